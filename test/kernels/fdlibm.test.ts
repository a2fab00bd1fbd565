import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compiledWasm, instantiateWasm } from '../../src/kernels/wasm-module.ts';
import { Random } from '../../src/random/random.ts';

/** The fused step's ports of fdlibm (assembly/fdlibm.ts), exported by the microcircuit's kernels for this test. */
interface Fdlibm {
  fdlibmExp(x: number): number;
  fdlibmLog(x: number): number;
  fdlibmLog1p(x: number): number;
}

const module = compiledWasm(fileURLToPath(new URL('../../build/kernels.wasm', import.meta.url)));
const f = instantiateWasm<Fdlibm>(module!, 65536).exports;

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
});
