import { describe, expect, it } from 'vitest';
import { addOutputGradient, copyInputRows, holdEndedStates, holdFrozenRows, releaseFrozenRows } from '../../src/recurrent/window-rows.ts';

describe('window rows', () => {
  it('copyInputRows packs strided rows, rounding to float32 when the tape is float32', () => {
    // 3 rows of width 2 read from rows of 4 numbers starting at offset 1
    const x = Float64Array.from({ length: 13 }, (_, i) => i + 0.1);
    const f64 = new Float64Array(6);
    copyInputRows(x, 1, 4, 3, 2, f64);
    expect(Array.from(f64)).toEqual([1.1, 2.1, 5.1, 6.1, 9.1, 10.1]);
    const f32 = new Float32Array(6);
    copyInputRows(x, 1, 4, 3, 2, f32);
    expect(Array.from(f32)).toEqual([1.1, 2.1, 5.1, 6.1, 9.1, 10.1].map(Math.fround));
  });

  it('addOutputGradient adds step t’s dL/dh rows into the h part of each state-gradient row', () => {
    // B = 2, H = 2, s = 4 ([h; c]); dH has T = 2 steps after an offset of 1
    const dH = Float64Array.from([99, 1, 2, 3, 4, 10, 20, 30, 40]);
    const dS = Float64Array.from([1, 1, 7, 7, 1, 1, 7, 7]);
    addOutputGradient(dH, 1, 1, 2, 2, dS, 4);
    expect(Array.from(dS)).toEqual([11, 21, 7, 7, 31, 41, 7, 7]);
  });

  it('holdEndedStates copies the state of sequences that have ended and leaves the others', () => {
    // B = 3, s = 2; block 0 at 0, block 1 at 6
    const states = Float64Array.from([1, 2, 3, 4, 5, 6, -1, -2, -3, -4, -5, -6]);
    holdEndedStates(states, 0, 6, Int32Array.from([5, 2, 3]), 3, 2, 2);
    expect(Array.from(states.subarray(6))).toEqual([-1, -2, 3, 4, -5, -6]);
  });

  it('holdFrozenRows and releaseFrozenRows pass a frozen row’s gradient through unchanged and zero it in between', () => {
    const lengths = Int32Array.from([4, 1]);
    const dS = Float32Array.from([1, 2, 3, 4]);
    const pass = new Float32Array(4);
    holdFrozenRows(dS, pass, lengths, 2, 2, 2);
    expect(Array.from(dS)).toEqual([1, 2, 0, 0]);
    const dSPrev = Float32Array.from([5, 6, 7, 8]);
    releaseFrozenRows(dSPrev, pass, lengths, 2, 2, 2);
    expect(Array.from(dSPrev)).toEqual([5, 6, 3, 4]);
  });
});
