import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONSTANT_TABLE_DOUBLES } from '../../src/circuits/fused-step.ts';
import { compiledWasm, instantiateWasm } from '../../src/kernels/wasm-module.ts';
import { createRateFunction } from '../../src/neurons/rate-function.ts';
import { Random } from '../../src/random/random.ts';

/** The fused step's ports of fdlibm (assembly/fdlibm.ts), exported by the microcircuit's kernels for this test. */
interface Fdlibm {
  fdlibmExp(x: number): number;
  fdlibmLog(x: number): number;
  fdlibmLog1p(x: number): number;
  softplusPairs(src: number, dst: number, n: number, beta: number, theta: number, gamma: number, table: number): void;
  TWO_LANE_CONSTANT_BYTES: { value: number };
}

const module = compiledWasm(fileURLToPath(new URL('../../build/kernels.wasm', import.meta.url)));
const instance = instantiateWasm<Fdlibm>(module!, 1 << 20);
const f = instance.exports;

/** Arguments of every kind: uniform over ranges that matter to φ and the noise, and raw bit patterns (any double). */
function argumentsFor(seed: number, n: number): Float64Array {
  const rng = new Random(seed, 'fdlibm arguments');
  const out = new Float64Array(n);
  const bits = new Uint32Array(out.buffer);
  for (let i = 0; i < n; i++) {
    switch (i % 5) {
      case 0:
        out[i] = rng.uniformIn(-800, 800);
        break;
      case 1:
        out[i] = rng.uniformIn(-5, 5);
        break;
      case 2:
        out[i] = rng.uniform();
        break;
      case 3:
        out[i] = (rng.uniform() - 0.5) * 2 ** (-60 * rng.uniform());
        break;
      default:
        bits[2 * i] = rng.nextUint32();
        bits[2 * i + 1] = rng.nextUint32();
    }
  }
  return out;
}

const EDGES = [0, -0, 1, -1, 2, 0.5, -0.5, Infinity, -Infinity, NaN, 5e-324, 1e-310, -1e-310, 709.78, 709.79, -745.1, -745.2, 1e-300, 2 ** -29, 2 ** -54, Math.LN2 / 2, 1.5 * Math.LN2];

describe('fdlibm ports (assembly/fdlibm.ts)', () => {
  it.each([
    ['exp', f.fdlibmExp, Math.exp],
    ['log', f.fdlibmLog, Math.log],
    ['log1p', f.fdlibmLog1p, Math.log1p],
  ] as const)('%s gives the bits of V8’s Math function on 300,000 arguments and the edge cases', (name, port, v8) => {
    const xs = argumentsFor(name.length, 300_000);
    let differing = 0;
    for (const x of [...xs, ...EDGES]) if (!Object.is(port(x), v8(x))) differing++;
    expect(differing).toBe(0);
  });

  it('softplus two lanes at a time gives the bits of rate-function.ts on 400,000 arguments, every branch included', () => {
    const n = 50_000;
    const src = new Float64Array(instance.buffer, 65536, n);
    const dst = new Float64Array(instance.buffer, 65536 + 8 * n, n);
    const rng = new Random(4, 'softplus arguments');
    // near log1p's switch of branch at exp(−|x|) ≈ √2 − 1, |x| ≈ 0.8814 (the band of a few ulps where
    // fdlibm normalises without halving is left to the scalar ports; random arguments do not reach it)
    const band = -Math.log(Math.SQRT2 - 1);
    const phi = createRateFunction({ kind: 'softplus', gamma: 1.3, beta: 0.7, theta: 0.2 });
    let differing = 0;
    for (let round = 0; round < 8; round++) {
      for (let i = 0; i < n; i++) {
        const kind = (i + round) % 6;
        const x = kind === 0 ? rng.uniformIn(-30, 30) : kind === 1 ? rng.uniformIn(-3, 3) : kind === 2 ? (rng.uniform() - 0.5) * 2 ** (-40 * rng.uniform()) : kind === 3 ? (rng.uniform() < 0.5 ? 1 : -1) * (band + rng.uniformIn(-1e-6, 1e-6)) : kind === 4 ? [0, -0, NaN, Infinity, -Infinity, 20, -20, 2 ** -20, 800][i % 9] : rng.uniformIn(-1000, 1000);
        src[i] = x / 0.7 + 0.2;
      }
      f.softplusPairs(src.byteOffset, dst.byteOffset, n, 0.7, 0.2, 1.3, 1024);
      for (let i = 0; i < n; i++) if (!Object.is(dst[i], phi.value(src[i]))) differing++;
    }
    expect(differing).toBe(0);
  });

  it("has room for the two-lane functions' constant table in the fused step's parameter block", () => {
    expect(f.TWO_LANE_CONSTANT_BYTES.value).toBeGreaterThan(0);
    expect(8 * CONSTANT_TABLE_DOUBLES).toBeGreaterThanOrEqual(f.TWO_LANE_CONSTANT_BYTES.value);
  });
});
