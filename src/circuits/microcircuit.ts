import { InputError } from '../core/input-error.ts';
import type { IntegrableSystem } from '../integrators/integrable-system.ts';
import type { DenseMatrix } from '../linalg/dense-matrix.ts';
import type { DenseKernels, KernelKind } from '../kernels/dense-kernels.ts';
import { jsKernels } from '../kernels/js-kernels.ts';
import { defaultKernelKind, KernelMemory } from '../kernels/kernel-memory.ts';
import { HiddenPyramidalPopulation } from '../neurons/hidden-pyramidal.ts';
import { InterneuronPopulation } from '../neurons/interneuron.ts';
import { noiseIntensity, type NeuronParameters } from '../neurons/neuron-parameters.ts';
import { OutputPyramidalPopulation } from '../neurons/output-pyramidal.ts';
import { createRateFunction, type RateFunction } from '../neurons/rate-function.ts';
import { DendriticPlasticity } from '../plasticity/dendritic-plasticity.ts';
import type { PlasticityConfig } from '../plasticity/plasticity-config.ts';
import type { Random } from '../random/random.ts';
import { CircuitShape, CONNECTIONS, type Connection } from '../anatomy/circuit-shape.ts';
import { CircuitSignals } from '../anatomy/circuit-signals.ts';
import { NonFiniteStateError } from './non-finite-state-error.ts';
import { StateLayout } from '../anatomy/state-layout.ts';
import { checkWeights, type WeightSet } from '../anatomy/weight-set.ts';

export interface MicrocircuitConfig {
  readonly dims: readonly number[];
  readonly neuron: NeuronParameters;
  readonly weights: WeightSet;
  /** Absent or null: no plasticity, every weight fixed. */
  readonly plasticity?: PlasticityConfig | null;
  /** τ_0 (ms) of the low-pass filter on input rates and target potentials; default 3. */
  readonly tau0?: number;
  /** Kernels of the fused step: 'wasm' (SIMD; the default where it is built) or 'js' (the reference). */
  readonly kernels?: KernelKind;
}

/** Where a matrix is read from: inside the state vector (plastic) or its own array (fixed). */
interface MatrixBinding {
  readonly rows: number;
  readonly cols: number;
  readonly plastic: boolean;
  /** Offset in the state vector when plastic, 0 otherwise. */
  readonly offset: number;
  readonly fixed: Float64Array;
}

/** Component groups of the state vector (integrable-system.ts): one decay rate and noise level each. */
const enum Group {
  HiddenSomata = 0,
  OutputSomata = 1,
  InterneuronSomata = 2,
  InputFilter = 3,
  TargetFilter = 4,
  OutputIntegral = 5,
  Traces = 6,
  Weights = 7,
}
const GROUP_COUNT = 8;

/**
 * A dendritic cortical microcircuit of any depth (Sacramento et al. 2018; MODEL.md) as one system
 * of ODEs over a flat state vector (state-layout.ts): pyramidal and interneuron somata, the τ_0
 * low-pass of inputs and targets, the running integral of the output for pattern means, and —
 * when plastic — the τ_w-filtered induction traces and the weights themselves.
 *
 * The drive (current input rates, target, nudging, plasticity and averaging gates) is piecewise
 * constant and set between integration segments by the simulation's event schedule.
 */
export class Microcircuit implements IntegrableSystem {
  readonly shape: CircuitShape;
  readonly neuron: NeuronParameters;
  readonly phi: RateFunction;
  readonly layout: StateLayout;
  /** The state vector y; everything integrated lives here. */
  readonly state: Float64Array;
  readonly signals: CircuitSignals;
  readonly hidden: HiddenPyramidalPopulation[];
  readonly output: OutputPyramidalPopulation;
  readonly interneurons: InterneuronPopulation[];
  readonly plasticity: DendriticPlasticity | null;
  readonly tau0: number;
  readonly groupCount = GROUP_COUNT;
  /** The kernels of the fused explicit step; RK4 and odex evaluate f with the JavaScript kernels. */
  readonly kernels: DenseKernels;

  private readonly bindings: Record<Connection, MatrixBinding[]>;
  private readonly weightViews: WeightSet;
  private readonly potentialsRate: Float64Array;
  private readonly inputDrive: Float64Array;
  private readonly targetDrive: Float64Array;
  private nudged = false;
  private plasticityGate = false;
  private averagingGate = false;
  /** [start, end) of each group inside the potentials part of the state. */
  private readonly groupRanges: Int32Array;

  constructor(config: MicrocircuitConfig) {
    this.shape = new CircuitShape(config.dims);
    checkWeights(this.shape, config.weights);
    this.neuron = config.neuron;
    this.phi = createRateFunction(config.neuron.phi);
    this.tau0 = config.tau0 ?? 3;
    const plasticity = config.plasticity ?? null;
    this.layout = new StateLayout(this.shape, DendriticPlasticity.isPlastic(plasticity));
    const memory = new KernelMemory(config.kernels ?? defaultKernelKind(), this.memoryNeeded(config.weights));
    const allocate = (n: number) => memory.allocate(n);
    this.kernels = memory.kernels;
    this.state = allocate(this.layout.size);
    this.signals = new CircuitSignals(this.shape, allocate);

    const d = this.shape.dims;
    const N = this.shape.depth;
    this.hidden = [];
    for (let k = 1; k < N; k++) this.hidden.push(new HiddenPyramidalPopulation(d[k], config.neuron));
    this.output = new OutputPyramidalPopulation(d[N], config.neuron);
    this.interneurons = [];
    for (let k = 1; k < N; k++) this.interneurons.push(new InterneuronPopulation(d[k + 1], config.neuron));

    this.plasticity =
      plasticity === null
        ? null
        : new DendriticPlasticity(this.layout, plasticity, this.phi, {
            basal: [...this.hidden.map((p) => p.basalAttenuation), this.output.basalAttenuation],
            interneuron: this.interneurons[0]?.dendriticAttenuation ?? 0,
          }, allocate);

    this.bindings = { up: [], down: [], ip: [], pi: [] };
    this.weightViews = { up: [], down: [], ip: [], pi: [] };
    for (const c of CONNECTIONS) {
      config.weights[c].forEach((m, i) => {
        const slot = this.layout.slot(c, i);
        const fixed = slot === undefined ? allocate(m.data.length) : new Float64Array(0);
        if (slot === undefined) fixed.set(m.data);
        if (slot !== undefined) this.state.set(m.data, slot.weight);
        this.bindings[c].push({ rows: m.rows, cols: m.cols, plastic: slot !== undefined, offset: slot?.weight ?? 0, fixed });
        const data = slot === undefined ? fixed : this.state.subarray(slot.weight, slot.weight + m.rows * m.cols);
        this.weightViews[c].push({ rows: m.rows, cols: m.cols, data });
      });
    }

    this.potentialsRate = allocate(this.layout.potentialsEnd);
    this.inputDrive = allocate(this.shape.inputSize);
    this.targetDrive = allocate(this.shape.outputSize);
    const L = this.layout;
    const lastHidden = L.pyramidal[N - 2];
    const interStart = L.interneuron[0].offset;
    const interEnd = L.interneuron[N - 2].offset + L.interneuron[N - 2].length;
    this.groupRanges = Int32Array.from([
      L.pyramidal[0].offset, lastHidden.offset + lastHidden.length,
      L.pyramidal[N - 1].offset, L.pyramidal[N - 1].offset + L.pyramidal[N - 1].length,
      interStart, interEnd,
      L.input.offset, L.input.offset + L.input.length,
      L.target.offset, L.target.offset + L.target.length,
      L.outputIntegral.offset, L.outputIntegral.offset + L.outputIntegral.length,
    ]);
  }

  get size(): number {
    return this.layout.size;
  }

  /** Doubles of kernel memory for everything the constructor allocates from it. */
  private memoryNeeded(weights: WeightSet): number {
    const L = this.layout;
    const signals = CircuitSignals.size(this.shape);
    let fixed = 0;
    let fixedCount = 0;
    for (const c of CONNECTIONS) {
      weights[c].forEach((m, i) => {
        if (L.slot(c, i) === undefined) {
          fixed += m.rows * m.cols;
          fixedCount++;
        }
      });
    }
    const errors = L.plastic.reduce((n, s) => n + s.rows, 0) + 3; // + the plasticity kernel's coefficients
    const length = L.size + fixed + signals.length + errors + L.potentialsEnd + this.shape.inputSize + this.shape.outputSize;
    return KernelMemory.doublesFor(length, 1 + fixedCount + signals.count + L.plastic.length + 4);
  }

  /** Live views of the current weights (plastic ones read the state vector). Do not resize. */
  weights(): WeightSet {
    return this.weightViews;
  }

  /** Overwrite every weight (shapes must match); plastic weights are written into the state. */
  setWeights(w: WeightSet): void {
    checkWeights(this.shape, w);
    for (const c of CONNECTIONS) w[c].forEach((m: DenseMatrix, i) => this.weightViews[c][i].data.set(m.data));
  }

  // ── drive: piecewise constant, changed only between integration segments ──────────────────

  /** The input rates the τ_0 filter relaxes toward. */
  setInput(rates: ArrayLike<number>): void {
    if (rates.length !== this.inputDrive.length) {
      throw new InputError('input', `expected ${this.inputDrive.length} rates, got ${rates.length}`);
    }
    this.inputDrive.set(rates);
  }

  /** The target potentials (null: no nudging current; the filter keeps relaxing toward the last target). */
  setTarget(target: ArrayLike<number> | null): void {
    if (target === null) {
      this.nudged = false;
      return;
    }
    if (target.length !== this.targetDrive.length) {
      throw new InputError('target', `expected ${this.targetDrive.length} potentials, got ${target.length}`);
    }
    this.targetDrive.set(target);
    this.nudged = true;
  }

  /** Start both τ_0 filters at given values (the first pattern's, EXPERIMENT_FORMAT.md). */
  setFilteredInput(rates: ArrayLike<number>, target: ArrayLike<number> | null): void {
    this.state.set(rates, this.layout.input.offset);
    if (target !== null) this.state.set(target, this.layout.target.offset);
  }

  get isNudged(): boolean {
    return this.nudged;
  }

  /** Plasticity on or off (no effect on a circuit without plasticity). Off freezes traces and weights. */
  setPlasticity(on: boolean): void {
    this.plasticityGate = on && this.plasticity !== null;
  }

  get plasticityOn(): boolean {
    return this.plasticityGate;
  }

  /** Start integrating the output (∫u_N dt from zero) or stop. */
  setAveraging(on: boolean): void {
    this.averagingGate = on;
  }

  resetOutputIntegral(): void {
    const s = this.layout.outputIntegral;
    this.state.fill(0, s.offset, s.offset + s.length);
  }

  /** out[i] = (∫u_N,i dt)/duration: the mean output over an averaging window of that duration. */
  meanOutput(duration: number, out: Float64Array): void {
    const off = this.layout.outputIntegral.offset;
    for (let i = 0; i < out.length; i++) out[i] = this.state[off + i] / duration;
  }

  // ── checkpoints ──────────────────────────────────────────────────────────────────────────────

  /** Everything outside the state vector that the dynamics depend on: drive, gates, fixed weights. */
  captureExtras(): { input: Float64Array; target: Float64Array; fixedWeights: Float64Array; flags: { nudged: boolean; plasticity: boolean; averaging: boolean } } {
    const fixed = CONNECTIONS.flatMap((c) => this.bindings[c].filter((b) => !b.plastic).map((b) => b.fixed));
    const fixedWeights = new Float64Array(fixed.reduce((n, a) => n + a.length, 0));
    let off = 0;
    for (const a of fixed) {
      fixedWeights.set(a, off);
      off += a.length;
    }
    return {
      input: Float64Array.from(this.inputDrive),
      target: Float64Array.from(this.targetDrive),
      fixedWeights,
      flags: { nudged: this.nudged, plasticity: this.plasticityGate, averaging: this.averagingGate },
    };
  }

  /** Restores what captureExtras returned (lengths are checked by the caller). */
  restoreExtras(e: ReturnType<Microcircuit['captureExtras']>): void {
    this.inputDrive.set(e.input);
    this.targetDrive.set(e.target);
    let off = 0;
    for (const c of CONNECTIONS) {
      for (const b of this.bindings[c]) {
        if (b.plastic) continue;
        b.fixed.set(e.fixedWeights.subarray(off, off + b.fixed.length));
        off += b.fixed.length;
      }
    }
    this.nudged = e.flags.nudged;
    this.plasticityGate = e.flags.plasticity && this.plasticity !== null;
    this.averagingGate = e.flags.averaging;
  }

  // ── the ODE system ───────────────────────────────────────────────────────────────────────────

  /** Rates and dendritic potentials of state y into `signals` (MODEL.md, "Dendrites are instantaneous"). */
  evaluateSignals(y: Float64Array): void {
    // The fast kernels read only their own memory: the state vector, not an integrator's stage copy.
    const k = y === this.state ? this.kernels : jsKernels;
    const s = this.signals;
    const L = this.layout;
    const N = this.shape.depth;
    const phi = this.phi;
    for (let l = 0; l < N; l++) phi.apply(y, L.pyramidal[l].offset, s.rates[l], 0, s.rates[l].length, 1);
    for (let h = 0; h < N - 1; h++) {
      phi.apply(y, L.interneuron[h].offset, s.interneuronRates[h], 0, s.interneuronRates[h].length, 1);
    }
    // v_B,k = W^up_k·r_{k−1}; r_0 is the filtered input inside y.
    for (let l = 0; l < N; l++) {
      const b = this.bindings.up[l];
      const pre = l === 0 ? y : s.rates[l - 1];
      const preOff = l === 0 ? L.input.offset : 0;
      k.matVec(b.plastic ? y : b.fixed, b.offset, b.rows, b.cols, pre, preOff, s.basal[l], 0);
    }
    for (let h = 0; h < N - 1; h++) {
      // v_A,k = W^down_k·r_{k+1} + W^PI_k·r^I_k
      const down = this.bindings.down[h];
      k.matVec(down.plastic ? y : down.fixed, down.offset, down.rows, down.cols, s.rates[h + 1], 0, s.topDown[h], 0);
      s.apical[h].set(s.topDown[h]);
      const pi = this.bindings.pi[h];
      k.matVecAdd(pi.plastic ? y : pi.fixed, pi.offset, pi.rows, pi.cols, s.interneuronRates[h], 0, s.apical[h], 0);
      // v_I,k = W^IP_k·r_k
      const ip = this.bindings.ip[h];
      k.matVec(ip.plastic ? y : ip.fixed, ip.offset, ip.rows, ip.cols, s.rates[h], 0, s.interneuronDendrite[h], 0);
    }
  }

  /** d/dt of the potentials part (somata, filters, output integral) into d, from `signals`. */
  private potentialsDerivative(y: Float64Array, d: Float64Array): void {
    const s = this.signals;
    const L = this.layout;
    const N = this.shape.depth;
    for (let h = 0; h < N - 1; h++) {
      const off = L.pyramidal[h].offset;
      this.hidden[h].somaDerivative(y, off, s.basal[h], s.apical[h], d, off);
      const io = L.interneuron[h].offset;
      this.interneurons[h].somaDerivative(y, io, s.interneuronDendrite[h], y, L.pyramidal[h + 1].offset, d, io);
    }
    const out = L.pyramidal[N - 1].offset;
    this.output.somaDerivative(y, out, s.basal[N - 1], this.nudged, y, L.target.offset, d, out);
    // τ_0·dr̄/dt = r − r̄ and τ_0·dū/dt = u_trgt − ū
    const k0 = 1 / this.tau0;
    const inOff = L.input.offset;
    for (let i = 0; i < this.inputDrive.length; i++) d[inOff + i] = k0 * (this.inputDrive[i] - y[inOff + i]);
    const tOff = L.target.offset;
    for (let i = 0; i < this.targetDrive.length; i++) d[tOff + i] = k0 * (this.targetDrive[i] - y[tOff + i]);
    // d/dt ∫u_N = u_N while averaging
    const aOff = L.outputIntegral.offset;
    const gate = this.averagingGate ? 1 : 0;
    for (let i = 0; i < this.targetDrive.length; i++) d[aOff + i] = gate * y[out + i];
  }

  derivative(y: Float64Array, dydt: Float64Array): void {
    this.evaluateSignals(y);
    this.potentialsDerivative(y, dydt);
    const p = this.plasticity;
    if (p === null) return;
    if (this.plasticityGate) {
      p.computeErrors(this.signals);
      p.derivative(y, this.signals, dydt);
    } else {
      dydt.fill(0, this.layout.potentialsEnd);
    }
  }

  explicitStep(y: Float64Array, h: Float64Array): void {
    this.evaluateSignals(y);
    const rate = this.potentialsRate;
    this.potentialsDerivative(y, rate);
    if (this.plasticityGate) {
      const p = this.plasticity!;
      p.computeErrors(this.signals);
      p.step(y, this.signals, h, Group.Traces, Group.Weights, y === this.state ? this.kernels : jsKernels);
    }
    const r = this.groupRanges;
    for (let g = 0; g <= Group.OutputIntegral; g++) {
      const hg = h[g];
      for (let i = r[2 * g]; i < r[2 * g + 1]; i++) y[i] += hg * rate[i];
    }
  }

  decayRates(out: Float64Array): void {
    out[Group.HiddenSomata] = this.hidden[0].decayRate;
    out[Group.OutputSomata] = this.output.decayRate(this.nudged);
    out[Group.InterneuronSomata] = this.interneurons[0].decayRate;
    out[Group.InputFilter] = 1 / this.tau0;
    out[Group.TargetFilter] = 1 / this.tau0;
    out[Group.OutputIntegral] = 0;
    out[Group.Traces] = this.plasticity === null ? 0 : 1 / this.plasticity.tauW;
    out[Group.Weights] = 0;
  }

  noiseIntensities(h: number, out: Float64Array): void {
    out.fill(0);
    const sigma = noiseIntensity(this.neuron, h);
    out[Group.HiddenSomata] = sigma;
    out[Group.OutputSomata] = sigma;
    out[Group.InterneuronSomata] = sigma;
  }

  addNoise(y: Float64Array, amplitude: Float64Array, rng: Random): void {
    const r = this.groupRanges;
    for (let g = 0; g <= Group.InterneuronSomata; g++) {
      const a = amplitude[g];
      if (a === 0) continue;
      for (let i = r[2 * g]; i < r[2 * g + 1]; i++) y[i] += a * rng.normal();
    }
  }

  stateIsFinite(y: Float64Array): boolean {
    let sum = 0;
    const end = this.layout.potentialsEnd;
    for (let i = 0; i < end; i++) sum += y[i];
    return Number.isFinite(sum);
  }

  nonFiniteError(t: number, y: Float64Array): NonFiniteStateError {
    return new NonFiniteStateError(t, this.locate(y));
  }

  /** Name of the first population holding a non-finite value. */
  private locate(y: Float64Array): string {
    const L = this.layout;
    const bad = (off: number, len: number) => {
      for (let i = off; i < off + len; i++) if (!Number.isFinite(y[i])) return true;
      return false;
    };
    const N = this.shape.depth;
    for (let l = 0; l < N; l++) {
      if (bad(L.pyramidal[l].offset, L.pyramidal[l].length)) {
        return `layer ${l + 1} ${l === N - 1 ? 'output ' : ''}pyramidal somata`;
      }
    }
    for (let h = 0; h < N - 1; h++) {
      if (bad(L.interneuron[h].offset, L.interneuron[h].length)) return `layer ${h + 1} interneuron somata`;
    }
    if (bad(L.input.offset, L.input.length)) return 'filtered input rates';
    if (bad(L.target.offset, L.target.length)) return 'filtered target';
    return 'output integral';
  }
}
