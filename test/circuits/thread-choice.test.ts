import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { CircuitShape } from '../../src/anatomy/circuit-shape.ts';
import { Microcircuit } from '../../src/circuits/microcircuit.ts';
import { AUTO_MIN_GAIN, AUTO_MIN_SYNAPSES, chooseThreads, fasterThreads, threadsCanStart, type CalibrationCircuit } from '../../src/circuits/thread-choice.ts';
import { initUniformWeights } from '../../src/circuits/weight-init.ts';
import { threadedFloat32Available } from '../../src/kernels/threaded-float32-ops.ts';
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

  it('takes 2 as 1 where two threads cannot start, without timing, and says why', () => {
    expect(chooseThreads(2, 1e7, false, never)).toEqual({ setting: 2, threads: 1, calibration: null, reason: '2 asked; WebAssembly threads missing here (or the js kernels), so 1' });
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

describe('threadsCanStart', () => {
  it('is false for the js kernels and, for WebAssembly, whether the threaded module of the storage precision loads', () => {
    expect(threadsCanStart('js', 'float64')).toBe(false);
    expect(threadsCanStart('js', 'float32')).toBe(false);
    expect(threadsCanStart('wasm', 'float64')).toBe(threadedKernelsAvailable());
    expect(threadsCanStart('wasm', 'float32')).toBe(threadedFloat32Available());
  });
});

describe("a Microcircuit's thread choice", () => {
  const dims = [4, 5, 3];
  const base = { dims, neuron: PAPER_NEURON_PARAMETERS, weights: initUniformWeights(new CircuitShape(dims), { up: 1, down: 1, ip: 1, pi: 1 }, 1) };
  const missing = '2 asked; WebAssembly threads missing here (or the js kernels), so 1';

  it.each(['float64', 'float32'] as const)('is what chooseThreads decided and what the kernels run on: 2 asked with the js kernels (%s) gives 1, saying why', (precision) => {
    const circuit = new Microcircuit({ ...base, kernels: 'js', threads: 2, precision });
    expect(circuit.threads).toBe(1);
    expect(circuit.threadChoice).toEqual({ setting: 2, threads: 1, calibration: null, reason: missing });
  });

  it.each([
    ['float64', threadedKernelsAvailable()],
    ['float32', threadedFloat32Available()],
  ] as const)('2 asked with the WebAssembly kernels (%s): 2 as asked where threads start here, else 1 saying why', (precision, available) => {
    const circuit = new Microcircuit({ ...base, kernels: 'wasm', threads: 2, precision });
    expect(circuit.threads).toBe(available ? 2 : 1);
    expect(circuit.threadChoice).toEqual(available ? { setting: 2, threads: 2, calibration: null, reason: 'as asked' } : { setting: 2, threads: 1, calibration: null, reason: missing });
    circuit.dispose();
  });
});
