import type { Connection } from '../anatomy/circuit-shape.ts';
import type { CircuitSignals } from '../anatomy/circuit-signals.ts';
import type { PlasticSlot, StateLayout } from '../anatomy/state-layout.ts';
import { InputError } from '../core/input-error.ts';
import type { RateFunction } from '../neurons/rate-function.ts';
import type { DenseKernels } from '../kernels/dense-kernels.ts';
import { filteredUpdateDerivative } from './filtered-update.ts';
import type { PlasticityConfig } from './plasticity-config.ts';
import { PlasticityWindow } from './plasticity-window.ts';
import { apicalSilencingError, dendriticPredictionError } from './urbanczik-senn-error.ts';

/** Dendritic attenuations the rules need: v̂_B = c_k·v_B,k per layer, v̂_I = c_I·v_I. */
export interface Attenuations {
  /** c_k for pyramidal layer k = 1…N at index k−1 (output: g_B/(g_lk + g_B)). */
  readonly basal: readonly number[];
  /** g_D/(g_lk + g_D). */
  readonly interneuron: number;
}

/**
 * The Urbanczik–Senn dendritic-prediction rules of the microcircuit (docs/model.md, "Plasticity"),
 * post-synaptic error e and pre-synaptic rate p of each plastic matrix:
 *
 *     W^up_k:   e = φ(u_k) − φ(v̂_B,k),             p = r_{k−1}
 *     W^IP_k:   e = φ(u^I_k) − φ(v̂_I,k),           p = r_k
 *     W^PI_k:   e = 0 − v_A,k,                     p = r^I_k
 *     W^down_k: e = φ(u_k) − φ(W^down_k·r_{k+1}),  p = r_{k+1}
 *
 * (urbanczik-senn-error.ts), each low-pass filtered with τ_w before it moves the weights
 * (filtered-update.ts).
 */
export class DendriticPlasticity {
  readonly tauW: number;
  readonly learningLag: number;
  /** η of each plastic slot, in layout order, in kernel memory (the fused step reads it); change with `setLearningRate`. */
  readonly eta: Float64Array;
  /** The post-synaptic error of each plastic slot, in kernel memory (`computeErrors`). */
  readonly errors: Float64Array[];
  readonly slots: readonly PlasticSlot[];
  /** (hW, a, hD) of the matrix being updated, handed to the kernel. */
  private readonly coefficients: Float64Array;
  /**
   * The deferred update over windows of `windowSize` steps (plasticity-window.ts), or null: every
   * step writes traces and weights (windowSize 1, the default).
   */
  readonly window: PlasticityWindow | null;

  /**
   * `y` is the state vector the traces and weights live in and `kernels` the kernels bound to its
   * memory; the window reads and writes them between steps.
   */
  constructor(
    private readonly layout: StateLayout,
    config: PlasticityConfig,
    private readonly phi: RateFunction,
    readonly attenuation: Attenuations,
    allocate: (n: number) => Float64Array,
    windowSize = 1,
    y: Float64Array | null = null,
    kernels: DenseKernels | null = null,
  ) {
    this.tauW = config.tauW;
    this.learningLag = config.learningLag;
    this.slots = layout.plastic;
    this.eta = allocate(this.slots.length);
    this.eta.set(this.slots.map((s) => config.eta[s.connection][s.index]));
    this.errors = this.slots.map((s) => allocate(s.rows));
    this.coefficients = allocate(3);
    if (windowSize > 1 && (y === null || kernels === null)) throw new Error('DendriticPlasticity: a plasticity window needs the state vector and its kernels');
    this.window = windowSize > 1 ? new PlasticityWindow(windowSize, this.slots, this.eta, this.tauW, y!, kernels!, allocate) : null;
  }

  /** Which matrices a configuration makes plastic: those with a non-zero learning rate. */
  static isPlastic(config: PlasticityConfig | null): (c: Connection, index: number) => boolean {
    return (c, index) => config !== null && (config.eta[c][index] ?? 0) !== 0;
  }

  learningRate(connection: Connection, index: number): number {
    const i = this.slots.findIndex((s) => s.connection === connection && s.index === index);
    return i < 0 ? 0 : this.eta[i];
  }

  /** Change η of a plastic matrix (a learning-rate schedule); fixed matrices cannot be made plastic here. */
  setLearningRate(connection: Connection, index: number, eta: number): void {
    const i = this.slots.findIndex((s) => s.connection === connection && s.index === index);
    if (i < 0) {
      throw new InputError(`plasticity.eta.${connection}[${index}]`, 'this matrix was built fixed (rate 0); give it a non-zero rate when the circuit is created');
    }
    if (!Number.isFinite(eta)) throw new InputError(`plasticity.eta.${connection}[${index}]`, `expected a finite number, got ${eta}`);
    this.window?.flush();
    this.eta[i] = eta;
  }

  /** η of every plastic matrix, in layout order (for checkpoints). */
  learningRates(): Float64Array {
    return Float64Array.from(this.eta);
  }

  setLearningRates(eta: ArrayLike<number>): void {
    if (eta.length !== this.eta.length) throw new RangeError(`expected ${this.eta.length} learning rates, got ${eta.length}`);
    this.window?.flush();
    this.eta.set(eta);
  }

  /** The post-synaptic error of every plastic matrix from the current signals. */
  computeErrors(s: CircuitSignals): void {
    const phi = this.phi;
    for (let m = 0; m < this.slots.length; m++) {
      const slot = this.slots[m];
      const e = this.errors[m];
      const k = slot.index;
      const n = slot.rows;
      switch (slot.connection) {
        case 'up': {
          // v̂_B = c_k·v_B into e, then e = φ(u_k) − φ(v̂_B) in place
          const c = this.attenuation.basal[k];
          const vB = s.basal[k];
          for (let i = 0; i < n; i++) e[i] = c * vB[i];
          dendriticPredictionError(phi, s.rates[k], 0, e, 0, e, 0, n);
          break;
        }
        case 'ip': {
          const c = this.attenuation.interneuron;
          const vI = s.interneuronDendrite[k];
          for (let i = 0; i < n; i++) e[i] = c * vI[i];
          dendriticPredictionError(phi, s.interneuronRates[k], 0, e, 0, e, 0, n);
          break;
        }
        case 'pi': {
          apicalSilencingError(s.apical[k], e, n);
          break;
        }
        case 'down': {
          dendriticPredictionError(phi, s.rates[k], 0, s.topDown[k], 0, e, 0, n);
          break;
        }
      }
    }
  }

  /**
   * Fused explicit step of every plastic matrix: hTrace = φ₁(1/τ_w, h) (h for forward Euler),
   * hWeight = h, given as steps[traceGroup] and steps[weightGroup] (an array, not numbers, which V8
   * would box on every call); the trace keeps a = 1 − hTrace/τ_w of itself (e^{−h/τ_w} for
   * exponential Euler).
   */
  step(y: Float64Array, s: CircuitSignals, steps: Float64Array, traceGroup: number, weightGroup: number, kernels: DenseKernels): void {
    const w = this.window;
    if (w !== null) {
      // The window was opened for these step factors by `beginStep` before the evaluation.
      for (let m = 0; m < this.slots.length; m++) {
        const slot = this.slots[m];
        w.record(m, this.errors[m], this.preSynaptic(slot, s, y), slot.connection === 'up' && slot.index === 0 ? this.layout.input.offset : 0);
      }
      w.endStep();
      return;
    }
    const c = this.coefficients;
    const hWeight = steps[weightGroup];
    c[2] = steps[traceGroup] / this.tauW;
    c[1] = 1 - c[2];
    for (let m = 0; m < this.slots.length; m++) {
      const slot = this.slots[m];
      const pre = this.preSynaptic(slot, s, y);
      const preOff = slot.connection === 'up' && slot.index === 0 ? this.layout.input.offset : 0;
      c[0] = hWeight * this.eta[m];
      kernels.filteredUpdate(y, slot.trace, slot.weight, slot.rows, slot.cols, this.errors[m], pre, preOff, c);
    }
  }

  /** dΔ/dt and dW/dt of every plastic matrix into dydt. */
  derivative(y: Float64Array, s: CircuitSignals, dydt: Float64Array): void {
    const invTauW = 1 / this.tauW;
    for (let m = 0; m < this.slots.length; m++) {
      const slot = this.slots[m];
      const pre = this.preSynaptic(slot, s, y);
      const preOff = slot.connection === 'up' && slot.index === 0 ? this.layout.input.offset : 0;
      filteredUpdateDerivative(y, dydt, slot.trace, slot.weight, slot.rows, slot.cols, this.errors[m], pre, preOff, this.eta[m], invTauW);
    }
  }

  /** The pre-synaptic rates p of a matrix; W^up_1 reads the filtered input inside y. */
  private preSynaptic(slot: PlasticSlot, s: CircuitSignals, y: Float64Array): Float64Array {
    const k = slot.index;
    switch (slot.connection) {
      case 'up':
        return k === 0 ? y : s.rates[k - 1];
      case 'ip':
        return s.rates[k];
      case 'pi':
        return s.interneuronRates[k];
      case 'down':
        return s.rates[k + 1];
    }
  }
}
