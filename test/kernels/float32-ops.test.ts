import { describe, expect, it } from 'vitest';
import { Float32Memory, float32WasmAvailable, jsFloat32Ops } from '../../src/kernels/float32-ops.ts';
import { Random } from '../../src/random/random.ts';

/** The same arrays in a js and a wasm Float32Memory, filled from one seeded stream. */
function twinArrays(lengths: number[], seed: number) {
  const js = new Float32Memory('js', lengths);
  const wasm = new Float32Memory('wasm', lengths);
  const rng = new Random(seed);
  const a = lengths.map((n) => js.allocate(n));
  const b = lengths.map((n) => wasm.allocate(n));
  a.forEach((arr, k) => {
    for (let i = 0; i < arr.length; i++) arr[i] = rng.uniformIn(-1, 1);
    b[k].set(arr);
  });
  return { js: js.ops, wasm: wasm.ops, a, b };
}

/** Rounds to float32 through a Float32Array: an independent way of doing each float32 operation. */
const r32 = new Float32Array(1);
function f32(x: number): number {
  r32[0] = x;
  return r32[0];
}

describe('float32 kernels', () => {
  it('the wasm build is present (npm run build:kernels)', () => expect(float32WasmAvailable()).toBe(true));

  // Every tail length of the sixteen-lane loop and the circuit's widths.
  const widths = [...Array.from({ length: 35 }, (_, i) => i + 1), 50, 500, 784];

  it.each(widths)('matVec: JavaScript and WebAssembly agree bit for bit (%i columns)', (cols) => {
    const rows = 5;
    const { js, wasm, a, b } = twinArrays([rows * cols + 3, cols, rows], cols);
    js.matVec(a[0], 3, rows, cols, a[1], a[2]);
    wasm.matVec(b[0], 3, rows, cols, b[1], b[2]);
    expect(Array.from(b[2])).toEqual(Array.from(a[2]));
  });

  it.each([1, 3, 4, 7, 50, 784])('filteredUpdate: JavaScript, WebAssembly and a per-operation float32 reference agree bit for bit (%i columns)', (cols) => {
    const rows = 4;
    const { js, wasm, a, b } = twinArrays([2 * rows * cols + 1, rows, cols, 2], 100 + cols);
    a[3][0] = b[3][0] = 1.1875e-4; // hW = dt·η
    a[3][1] = b[3][1] = 1 - 0.1 / 30; // a = 1 − dt/τ_w
    const block = Float64Array.from(a[0]);
    js.filteredUpdate(a[0], 1, 1 + rows * cols, rows, cols, a[1], a[2], a[3]);
    wasm.filteredUpdate(b[0], 1, 1 + rows * cols, rows, cols, b[1], b[2], b[3]);
    expect(Array.from(b[0])).toEqual(Array.from(a[0]));
    const [hW, decay] = [a[3][0], a[3][1]];
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const d = block[1 + i * cols + j];
        const w = block[1 + rows * cols + i * cols + j];
        expect(a[0][1 + rows * cols + i * cols + j]).toBe(f32(w + f32(hW * d)));
        expect(a[0][1 + i * cols + j]).toBe(f32(f32(decay * d) + f32(a[1][i] * a[2][j])));
      }
    }
  });

  it.each([3, 16, 50, 500, 784])('updateMatVec: WebAssembly in one pass equals filteredUpdate then matVec, bit for bit (%i columns)', (cols) => {
    const rows = 3;
    const { wasm, a, b } = twinArrays([2 * rows * cols, rows, cols, 2, cols, rows], 200 + cols);
    a[3][0] = b[3][0] = 2.5e-4;
    a[3][1] = b[3][1] = 1 - 0.1 / 30;
    jsFloat32Ops.filteredUpdate(a[0], 0, rows * cols, rows, cols, a[1], a[2], a[3]);
    jsFloat32Ops.matVec(a[0], rows * cols, rows, cols, a[4], a[5]);
    wasm.updateMatVec(b[0], 0, rows * cols, rows, cols, b[1], b[2], b[3], b[4], b[5]);
    expect(Array.from(b[0])).toEqual(Array.from(a[0]));
    expect(Array.from(b[5])).toEqual(Array.from(a[5]));
  });

  it('matVec sums in float32: within n·2⁻²³·Σ|w·x| of the exact sum, and not the float64 sum', () => {
    const cols = 784;
    const { a } = twinArrays([3 * cols, cols, 3], 7);
    jsFloat32Ops.matVec(a[0], 0, 3, cols, a[1], a[2]);
    let differs = false;
    for (let i = 0; i < 3; i++) {
      let exact = 0;
      let abs = 0;
      for (let j = 0; j < cols; j++) {
        exact += a[0][i * cols + j] * a[1][j];
        abs += Math.abs(a[0][i * cols + j] * a[1][j]);
      }
      expect(Math.abs(a[2][i] - exact)).toBeLessThan(cols * 2 ** -23 * abs);
      differs ||= a[2][i] !== exact;
    }
    expect(differs).toBe(true);
  });
});
