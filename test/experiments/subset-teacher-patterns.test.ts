import { describe, expect, it } from 'vitest';
import { createTeacher } from '../../src/data/teacher-student.ts';
import { subsetTeacherPatterns } from '../../src/experiments/subset-teacher-patterns.ts';
import { PAPER_NEURON_PARAMETERS } from '../../src/neurons/neuron-parameters.ts';
import { Random } from '../../src/random/random.ts';

describe('subsetTeacherPatterns', () => {
  const teacher = createTeacher({ dims: [6, 4, 3], weightScale: 1, neuron: PAPER_NEURON_PARAMETERS, seed: 2 });

  it('draws U(0, 1) inside the range, 0 outside, and targets from the teacher', () => {
    const { inputs, targets } = subsetTeacherPatterns(teacher, 20, new Random(1), { from: 2, to: 5 });
    for (let p = 0; p < 20; p++) {
      const r = inputs.subarray(6 * p, 6 * p + 6);
      expect([r[0], r[1], r[5]]).toEqual([0, 0, 0]);
      for (const i of [2, 3, 4]) expect(r[i] > 0 && r[i] < 1).toBe(true);
      const expected = new Float64Array(3);
      teacher.forward(r, expected);
      expect(targets.subarray(3 * p, 3 * p + 3)).toEqual(expected);
    }
    expect(subsetTeacherPatterns(teacher, 20, new Random(1), { from: 2, to: 5 }).inputs).toEqual(inputs);
  });

  it('rejects a range outside the inputs', () => {
    expect(() => subsetTeacherPatterns(teacher, 1, new Random(1), { from: 3, to: 7 })).toThrow(/range/);
    expect(() => subsetTeacherPatterns(teacher, 1, new Random(1), { from: 3, to: 3 })).toThrow(/range/);
  });
});
