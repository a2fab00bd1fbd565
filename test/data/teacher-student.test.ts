import { describe, expect, it } from 'vitest';
import { createTeacher, teacherPatterns } from '../../src/data/teacher-student.ts';
import { PAPER_NEURON_PARAMETERS } from '../../src/neurons/neuron-parameters.ts';
import { Random } from '../../src/random/random.ts';

describe('teacher–student task', () => {
  const neuron = PAPER_NEURON_PARAMETERS; // softplus γ = β = 1, θ = 0
  it('computes u = c_out·W2·φ(c_hid·W1·r) with the documented attenuations', () => {
    const teacher = createTeacher({ dims: [3, 2, 2], weightScale: 1, neuron, seed: 5 });
    const [W1, W2] = teacher.weights;
    const r = [0.2, 0.7, 0.4];
    const softplus = (x: number) => Math.log(1 + Math.exp(x));
    const hidden = [0, 1].map((i) => softplus((1 / 1.9) * (W1.data[3 * i] * r[0] + W1.data[3 * i + 1] * r[1] + W1.data[3 * i + 2] * r[2])));
    const expected = [0, 1].map((i) => (1 / 1.1) * (W2.data[2 * i] * hidden[0] + W2.data[2 * i + 1] * hidden[1]));
    const out = new Float64Array(2);
    teacher.forward(Float64Array.from(r), out);
    expect(out[0]).toBeCloseTo(expected[0], 14);
    expect(out[1]).toBeCloseTo(expected[1], 14);
  });

  it('draws inputs in [0, 1) and is reproducible per seed', () => {
    const teacher = createTeacher({ dims: [30, 20, 10], weightScale: 1, neuron, seed: 1 });
    const a = teacherPatterns(teacher, 200, new Random(3, 'train'));
    const b = teacherPatterns(teacher, 200, new Random(3, 'train'));
    expect(a.targets).toEqual(b.targets);
    expect(Math.min(...a.inputs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a.inputs)).toBeLessThan(1);
    // Mean input 0.5 within 5 standard errors (σ = 1/√12).
    const mean = a.inputs.reduce((s, x) => s + x, 0) / a.inputs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan((5 / Math.sqrt(12)) / Math.sqrt(a.inputs.length));
    const other = createTeacher({ dims: [30, 20, 10], weightScale: 1, neuron, seed: 2 });
    expect(teacherPatterns(other, 5, new Random(3, 'train')).targets).not.toEqual(teacherPatterns(teacher, 5, new Random(3, 'train')).targets);
  });
});
