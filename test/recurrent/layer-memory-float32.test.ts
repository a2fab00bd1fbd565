import { describe, expect, it } from 'vitest';
import { Float32LayerMemory } from '../../src/recurrent/layer-memory-float32.ts';

describe('Float32LayerMemory', () => {
  it('hands out zeroed float32 arrays of the asked lengths for both kernel kinds, and the two products agree bit for bit', () => {
    const results = (['js', 'wasm'] as const).map((kind) => {
      const memory = new Float32LayerMemory(kind);
      const [a, b, c, d] = memory.allocate([6 * 5, 5 * 9, 6 * 9, 9 * 5]);
      expect([a.length, b.length, c.length, d.length]).toEqual([30, 45, 54, 45]);
      expect(c.every((x) => x === 0)).toBe(true);
      for (let i = 0; i < a.length; i++) a[i] = Math.sin(0.3 * i);
      for (let i = 0; i < b.length; i++) b[i] = Math.cos(0.7 * i);
      memory.nn(6, 9, 5, a, 0, 5, b, 0, 9, c, 0, 9); // C += A·B
      memory.tn(5, 9, 6, a, 0, 5, c, 0, 9, d, 0, 9); // D += Aᵀ·C
      return [Float64Array.from(c), Float64Array.from(d)];
    });
    expect(results[1][0]).toEqual(results[0][0]);
    expect(results[1][1]).toEqual(results[0][1]);
    // C = A·B within float32 rounding of the double triple loop (A[i, k] = a[5i + k], B[k, j] = b[9k + j])
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 9; j++) {
        let s = 0;
        for (let k = 0; k < 5; k++) s += Math.fround(Math.sin(0.3 * (5 * i + k))) * Math.fround(Math.cos(0.7 * (9 * k + j)));
        expect(Math.abs(results[0][0][i * 9 + j] - s)).toBeLessThan(1e-6);
      }
    }
  });

  it('refuses a WebAssembly product on an array from outside its memory', () => {
    const memory = new Float32LayerMemory('wasm');
    const [a, b] = memory.allocate([4, 4]);
    expect(() => memory.nn(2, 2, 2, a, 0, 2, b, 0, 2, new Float32Array(4), 0, 2)).toThrow(/outside its memory/);
    expect(() => memory.gatedForward('lstm', 1, 4, a, 0, b, 0, new Float32Array(8), 0, a, 0)).toThrow(/outside its memory/);
  });
});
