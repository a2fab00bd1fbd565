import { describe, expect, it } from 'vitest';
import { resolveSetup } from '../../src/training/training-setup.ts';
import { parseTrainOptions } from '../../src/training/train-options.ts';
import { FullDynamicsLearner } from '../../src/training/full-dynamics-learner.ts';

const setupOf = (args: Record<string, string>, inputSize: number, outputSize: number) =>
  resolveSetup(parseTrainOptions({ epochs: '1', ...args }), inputSize, outputSize);

describe('resolveSetup', () => {
  it('MNIST: 784-500-500-10, logistic, bias, λ_hid 0.3 / λ_out 0.1 / λ_I 0.1, targets φ⁻¹(0.1) and φ⁻¹(0.8)', () => {
    const s = setupOf({ data: 'mnist', model: 'microcircuit' }, 784, 10);
    expect(s.dims).toEqual([784, 500, 500, 10]);
    expect(s.bias).toBe(true);
    expect(s.neuron.phi).toEqual({ kind: 'logistic' });
    const { gl, gb, ga, gd, gsom } = s.neuron;
    expect(ga / (gl + gb + ga)).toBeCloseTo(0.3, 12);
    expect(gsom / (gl + gb + gsom)).toBeCloseTo(0.1, 12);
    expect(gsom / (gl + gd + gsom)).toBeCloseTo(0.1, 12);
    expect(1 / (1 + Math.exp(-s.classTargets.low))).toBeCloseTo(0.1, 14);
    expect(1 / (1 + Math.exp(-s.classTargets.high))).toBeCloseTo(0.8, 14);
    expect(s.rateScale.up.map((r) => r * 0.09)).toEqual([1, 0.3, 0.09].map((x) => expect.closeTo(x, 12)));
    expect({ batch: s.batch, optimizer: s.optimizer, lr: s.lr }).toEqual({ batch: 10, optimizer: 'adam', lr: 0.001 });
    expect(s.init.up[0]).toBeCloseTo(1 / Math.sqrt(785), 14);
  });

  it('the baselines use Adam 1e-3 with batch 32 on MNIST and 20 on Yin-Yang; options win', () => {
    expect(setupOf({ data: 'mnist', model: 'backprop' }, 784, 10).batch).toBe(32);
    expect(setupOf({ data: 'yinyang', model: 'fa' }, 4, 3).batch).toBe(20);
    const s = setupOf({ data: 'yinyang', model: 'backprop', batch: '5', lr: '0.01', optimizer: 'sgd', lrDecay: '0.9' }, 4, 3);
    expect({ batch: s.batch, optimizer: s.optimizer, lr: s.lr, lrDecay: s.lrDecay }).toEqual({ batch: 5, optimizer: 'sgd', lr: 0.01, lrDecay: 0.9 });
  });

  it("full dynamics on Yin-Yang keep the reference's rates (W^up 6.07 and 7.24e-4·121/120, W^IP twice the output's) and 100 ms patterns", () => {
    const s = setupOf({ data: 'yinyang', model: 'microcircuit', mode: 'full' }, 4, 3);
    expect(s.full).not.toBeNull();
    const full = s.full!;
    expect(full.eta.up[0]).toBeCloseTo(6.07, 12);
    expect(full.eta.up[1]).toBeCloseTo((7.24e-4 * 121) / 120, 15);
    expect(full.eta.ip[0]).toBeCloseTo(2 * full.eta.up[1], 15);
    expect(full.eta.pi).toEqual([0]);
    expect(full.eta.down).toEqual([0]);
    expect({ tPattern: full.tPattern, outputLag: full.outputLag, learningLag: full.learningLag, dt: full.dt }).toEqual({ tPattern: 100, outputLag: 80, learningLag: 20, dt: 0.1 });
    expect(s.init.up[0]).toBe(30);
  });

  it('--precision float32 (full dynamics only) builds a float32 circuit; float64 leaves the setup as it was', () => {
    const f32 = setupOf({ data: 'yinyang', model: 'microcircuit', mode: 'full', precision: 'float32' }, 4, 3);
    expect(f32.full!.precision).toBe('float32');
    expect(new FullDynamicsLearner(f32, 1).circuit.precision).toBe('float32');
    const f64 = setupOf({ data: 'yinyang', model: 'microcircuit', mode: 'full', precision: 'float64' }, 4, 3);
    expect(f64).toEqual(setupOf({ data: 'yinyang', model: 'microcircuit', mode: 'full' }, 4, 3));
    expect('precision' in f64.full!).toBe(false);
    expect(() => parseTrainOptions({ data: 'yinyang', model: 'microcircuit', epochs: '1', precision: 'float32' })).toThrow(/^--precision: only --mode full/);
    expect(() => parseTrainOptions({ data: 'yinyang', model: 'microcircuit', mode: 'full', epochs: '1', precision: 'half' })).toThrow(/^--precision: unknown value/);
  });

  it("the shallow learner's fixed hidden layers start in Glorot's logistic range", () => {
    const s = setupOf({ data: 'mnist', model: 'shallow' }, 784, 10);
    expect(s.init.up[0]).toBeCloseTo(4 * Math.sqrt(6 / (785 + 500)), 14);
    expect(s.init.up[1]).toBeCloseTo(4 * Math.sqrt(6 / (501 + 500)), 14);
    expect(s.init.up[2]).toBeCloseTo(1 / Math.sqrt(501), 14);
  });
});
