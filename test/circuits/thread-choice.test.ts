import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { CircuitShape } from '../../src/anatomy/circuit-shape.ts';
import { Microcircuit } from '../../src/circuits/microcircuit.ts';
import { AUTO_MIN_GAIN, AUTO_MIN_SYNAPSES, chooseThreads, fasterThreads, type CalibrationCircuit } from '../../src/circuits/thread-choice.ts';
import { initUniformWeights } from '../../src/circuits/weight-init.ts';
import { threadedKernelsAvailable } from '../../src/kernels/threaded-kernels.ts';
import { PAPER_NEURON_PARAMETERS } from '../../src/neurons/neuron-parameters.ts';

describe('fasterThreads', () => {
  it('takes two threads only from AUTO_MIN_GAIN times faster on', () => {
    expect(fasterThreads(AUTO_MIN_GAIN * 2, 2)).toBe(2);
    expect(fasterThreads(AUTO_MIN_GAIN * 2 * 0.999, 2)).toBe(1);
    expect(fasterThreads(1, 2)).toBe(1);
  });
});

describe('chooseThreads', () => {
  const never = (): CalibrationCircuit => {
    throw new Error('built a circuit to time');
  };

  it('takes 1 and 2 as asked, without timing', () => {
    expect(chooseThreads(1, 1e7, true, never)).toEqual({ setting: 1, threads: 1, calibration: null, reason: 'as asked' });
    expect(chooseThreads(2, 10, true, never)).toEqual({ setting: 2, threads: 2, calibration: null, reason: 'as asked' });
  });

  it("keeps 'auto' on one thread below AUTO_MIN_SYNAPSES or where threads cannot run, without timing", () => {
    expect(chooseThreads('auto', AUTO_MIN_SYNAPSES - 1, true, never).threads).toBe(1);
    expect(chooseThreads('auto', 1e7, false, never)).toMatchObject({ threads: 1, calibration: null, reason: 'no WebAssembly threads (or the js kernels)' });
  });

  // Two real small circuits, one thread and two, each slowed by a known wait per step: the
  // calibration must find the slower one and choose the other, whichever it is, and dispose both.
  (threadedKernelsAvailable() && availableParallelism() >= 2 ? describe : describe.skip)('times the two copies it builds', () => {
    const dims = [6, 8, 4];
    const weights = initUniformWeights(new CircuitShape(dims), { up: 0.5, down: 0.5, ip: 0.5, pi: 0.5 }, 1);
    const slowed = (threads: 1 | 2, waitMs: number, disposed: number[]): CalibrationCircuit => {
      const circuit = new Microcircuit({ dims, neuron: PAPER_NEURON_PARAMETERS, weights, threads });
      const wrapper = Object.create(circuit) as Microcircuit;
      // The integrator checks the state once per step: the wait is added to every step.
      wrapper.stateIsFinite = (y) => {
        const until = performance.now() + waitMs;
        while (performance.now() < until);
        return circuit.stateIsFinite(y);
      };
      wrapper.dispose = () => {
        disposed.push(threads);
        circuit.dispose();
      };
      return wrapper;
    };

    it.each([
      [0.6, 0.1, 2],
      [0.1, 0.6, 1],
    ])('one thread %f ms per step, two %f: chooses %i', (oneMs, twoMs, expected) => {
      const disposed: number[] = [];
      const choice = chooseThreads('auto', AUTO_MIN_SYNAPSES, true, (threads) => slowed(threads, threads === 1 ? oneMs : twoMs, disposed));
      expect(choice.threads).toBe(expected);
      expect(choice.calibration!.oneThreadMsPerStep).toBeGreaterThanOrEqual(oneMs);
      expect(choice.calibration!.twoThreadsMsPerStep).toBeGreaterThanOrEqual(twoMs);
      expect(choice.reason).toMatch(/^two threads ×\d+\.\d\d the speed of one/);
      expect(disposed.sort()).toEqual([1, 2]);
    });

    it('falls back to one thread, naming the cause, when a calibration copy fails, and still disposes both', () => {
      const disposed: number[] = [];
      const choice = chooseThreads('auto', AUTO_MIN_SYNAPSES, true, (threads) => {
        const wrapper = slowed(threads, 0, disposed);
        wrapper.stateIsFinite = () => false;
        return wrapper;
      });
      expect(choice).toMatchObject({ threads: 1, calibration: null });
      expect(choice.reason).toMatch(/^calibration failed \(/);
      expect(disposed.sort()).toEqual([1, 2]);
    });
  });
});
