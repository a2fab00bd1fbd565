import { InputError } from '../core/input-error.ts';
import { parseOrThrow } from '../core/zod-issues.ts';
import { neuronSchema } from '../neurons/neuron-schema.ts';
import { plasticityForShape, plasticitySchema } from '../plasticity/plasticity-schema.ts';
import type { IntegrableSystem } from '../integrators/integrable-system.ts';
import type { DenseMatrix } from '../linalg/dense-matrix.ts';
import type { DenseKernels, KernelKind } from '../kernels/dense-kernels.ts';
import { jsKernels } from '../kernels/js-kernels.ts';
import { defaultKernelKind, KernelMemory } from '../kernels/kernel-memory.ts';
import { requestedThreads, type ThreadSetting } from '../kernels/thread-setting.ts';
import { chooseThreads, threadsCanStart, type ThreadChoice } from './thread-choice.ts';
import { Float32Storage } from '../kernels/float32-storage.ts';
import type { SegmentLayout } from '../model/segment-layout.ts';
import { HiddenPyramidalPopulation } from '../neurons/hidden-pyramidal.ts';
import { InterneuronPopulation } from '../neurons/interneuron.ts';
import { noiseIntensity, type NeuronParameters } from '../neurons/neuron-parameters.ts';
import { OutputPyramidalPopulation } from '../neurons/output-pyramidal.ts';
import { createRateFunction, type RateFunction } from '../neurons/rate-function.ts';
import { DendriticPlasticity } from '../plasticity/dendritic-plasticity.ts';
import type { PlasticityConfig } from '../plasticity/plasticity-config.ts';
import { CircuitShape, CONNECTIONS, type Connection } from '../anatomy/circuit-shape.ts';
import { CircuitSignals } from '../anatomy/circuit-signals.ts';
import { NonFiniteStateError } from './non-finite-state-error.ts';
import { FusedStep } from './fused-step.ts';
import type { Random } from '../random/random.ts';
import { groupOf, StateLayout } from '../anatomy/state-layout.ts';
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
  /**
   * K ≥ 1: one-stage explicit steps (Euler, exponential Euler) write the plastic weights and traces
   * once every K steps, exactly (plasticity-window.ts); 1 (the default) writes them every step.
   */
  readonly plasticityWindow?: number;
  /**
   * Threads of the kernels: 1 (the default), 2, or 'auto' (the faster of the two, timed when the
   * circuit is built: thread-choice.ts). Results are bit-identical whichever runs; 2 falls back to
   * 1 where WebAssembly threads are missing and with the js kernels.
   */
  readonly threads?: ThreadSetting;
  /**
   * With the WebAssembly kernels and no plasticity window, do each Euler or exponential-Euler step
   * in one kernel call (fused-step.ts; the same bits). Default true; false makes the separate
   * calls, for comparison.
   */
  readonly fusedStep?: boolean;
  /**
   * 'float64' (the default) or 'float32': weights (plastic and fixed) and traces stored and
   * multiplied in float32, everything else float64 (float32-storage.ts). float32 needs a one-stage
   * explicit integrator (Euler, exponential Euler) and plasticityWindow 1.
   */
  readonly precision?: Precision;
}

/** Storage precision of a microcircuit's matrices and traces. */
export type Precision = 'float64' | 'float32';

/**
 * What a microcircuit's dynamics depend on besides its state vector, as set by setInput,
 * setTarget, setPlasticity, setAveraging and setWeights (captureSettings, restoreSettings).
 */
export interface CircuitSettings {
  /** The input rates the τ_0 filter relaxes toward (input size). */
  readonly input: Float64Array;
  /** The target potentials (output size); used only while `flags.nudged`. */
  readonly target: Float64Array;
  /** The weights of the fixed (not plastic) matrices, in CONNECTIONS order, each row-major, one after the other; the plastic ones are in the state. */
  readonly fixedWeights: Float64Array;
  /** The gates: a target nudges the output, plasticity is on, the output integral is accumulating. */
  readonly flags: { readonly nudged: boolean; readonly plasticity: boolean; readonly averaging: boolean };
}

/** Where a matrix is read from: inside the state vector (plastic) or its own array (fixed). */
interface MatrixBinding {
  readonly rows: number;
  readonly cols: number;
  readonly plastic: boolean;
  /** Offset in the state vector when plastic, 0 otherwise. */
  readonly offset: number;
  readonly fixed: Float64Array;
  /** Index among the plastic slots (layout order) when plastic, −1 otherwise. */
  readonly slot: number;
}

const HIDDEN_SOMATA = groupOf('hidden somata');
const OUTPUT_SOMATA = groupOf('output somata');
const INTERNEURON_SOMATA = groupOf('interneuron somata');
const INPUT_FILTER = groupOf('input filter');
const TARGET_FILTER = groupOf('target filter');
const OUTPUT_INTEGRAL = groupOf('output integral');
const TRACES = groupOf('traces');
const WEIGHTS = groupOf('weights');

/** The largest plasticity window: its per-step corrections grow with K, its savings do not. */
export const MAX_PLASTICITY_WINDOW = 64;

/** The arrays a circuit takes from its kernel memory. */
interface CircuitMemory {
  readonly state: Float64Array;
  readonly stageState: Float64Array;
  readonly signals: CircuitSignals;
  readonly plasticity: DendriticPlasticity | null;
  readonly bindings: Record<Connection, MatrixBinding[]>;
  readonly weightViews: WeightSet;
  readonly inputDrive: Float64Array;
  readonly targetDrive: Float64Array;
  readonly fused: FusedStep | null;
}

/**
 * A dendritic cortical microcircuit of any depth (Sacramento et al. 2018; docs/model.md) as one system
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
  /** The state vector y; everything integrated lives here. Read it freely; write it with `setState`. */
  readonly state: Float64Array;
  readonly hidden: HiddenPyramidalPopulation[];
  readonly output: OutputPyramidalPopulation;
  readonly interneurons: InterneuronPopulation[];
  readonly plasticity: DendriticPlasticity | null;
  readonly tau0: number;
  /** Intermediate states of multi-stage integrators (integrable-system.ts). */
  readonly stageState: Float64Array;
  /** Traces and weights are advanced by the plasticity's fused kernel. */
  readonly firstFusedGroup = TRACES;
  /** The kernels every evaluation of f uses: WebAssembly (SIMD) or the JavaScript reference. */
  readonly kernels: DenseKernels;
  /** Threads the kernels run on (threaded-kernels.ts): 2 only when asked for (or chosen by 'auto') and available. */
  readonly threads: 1 | 2;
  /** The thread setting, the count it gave and, with 'auto', the calibration's timings (thread-choice.ts). */
  readonly threadChoice: ThreadChoice;
  /**
   * Rates and dendritic potentials for observers (frames, probes), evaluated on request with the
   * JavaScript kernels on whatever state an integrator hands out, so that observing never touches
   * what the integration evaluates. The kernels agree bit for bit (test/kernels).
   */
  readonly observedSignals: CircuitSignals;
  /** The integration's own rates and dendritic potentials, recomputed at every evaluation. */
  private readonly signals: CircuitSignals;

  private readonly bindings: Record<Connection, MatrixBinding[]>;
  /** The float32 copies of the matrices and traces with `precision: 'float32'`, else null. */
  private readonly float32: Float32Storage | null;
  private readonly weightViews: WeightSet;
  private readonly inputDrive: Float64Array;
  private readonly targetDrive: Float64Array;
  private readonly fused: FusedStep | null;
  private readonly disposeKernels: () => void;
  private nudged = false;
  private plasticityGate = false;
  private averagingGate = false;

  constructor(config: MicrocircuitConfig) {
    this.shape = new CircuitShape(config.dims);
    checkWeights(this.shape, config.weights);
    // Scripts are checked like experiment files: same rules, same messages.
    this.neuron = parseOrThrow(neuronSchema, config.neuron, 'neuron');
    this.phi = createRateFunction(this.neuron.phi);
    this.tau0 = config.tau0 ?? 3;
    if (!(this.tau0 > 0 && Number.isFinite(this.tau0))) throw new InputError('tau0', `expected a time constant > 0 ms, got ${config.tau0}`);
    const plasticity = config.plasticity === undefined || config.plasticity === null ? null : plasticityForShape(parseOrThrow(plasticitySchema, config.plasticity, 'plasticity'), this.shape);
    this.layout = new StateLayout(this.shape, DendriticPlasticity.isPlastic(plasticity));
    const d = this.shape.dims;
    const N = this.shape.depth;
    this.hidden = [];
    for (let k = 1; k < N; k++) this.hidden.push(new HiddenPyramidalPopulation(d[k], config.neuron));
    this.output = new OutputPyramidalPopulation(d[N], config.neuron);
    this.interneurons = [];
    for (let k = 1; k < N; k++) this.interneurons.push(new InterneuronPopulation(d[k + 1], config.neuron));

    const window = config.plasticityWindow ?? 1;
    if (!Number.isInteger(window) || window < 1 || window > MAX_PLASTICITY_WINDOW) {
      throw new InputError('plasticityWindow', `expected a whole number of steps from 1 to ${MAX_PLASTICITY_WINDOW}, got ${window}`);
    }
    const precision = config.precision ?? 'float64';
    if (precision !== 'float64' && precision !== 'float32') throw new InputError('precision', `expected "float64" or "float32", got ${JSON.stringify(precision)}`);
    if (precision === 'float32' && window > 1) {
      throw new InputError('plasticityWindow', 'the deferred plasticity update has no float32 kernels: leave plasticityWindow at 1, or use precision "float64"');
    }
    const kind = config.kernels ?? defaultKernelKind();
    let synapses = 0;
    for (const c of CONNECTIONS) for (const m of config.weights[c]) synapses += m.rows * m.cols;
    const choice = chooseThreads(requestedThreads(config.threads ?? 1), synapses, threadsCanStart(kind, precision), (threads) => new Microcircuit({ ...config, kernels: kind, threads }));
    const threads = choice.threads;
    // The fused step runs on the one-thread float64 module; two threads and float32 storage make the separate calls.
    const fuse = kind === 'wasm' && window === 1 && threads === 1 && precision === 'float64' && (config.fusedStep ?? true);
    // With float32 storage the float64 kernels run no products: its float32 kernels get the threads.
    const built = KernelMemory.build(kind, (allocate, kernels) => this.allocateMemory(config.weights, plasticity, allocate, kernels, window, fuse), precision === 'float32' ? 1 : threads);
    ({ state: this.state, stageState: this.stageState, signals: this.signals, plasticity: this.plasticity } = built.value);
    ({ bindings: this.bindings, weightViews: this.weightViews, inputDrive: this.inputDrive, targetDrive: this.targetDrive, fused: this.fused } = built.value);
    this.float32 = precision === 'float32' ? this.float32Storage(kind, threads) : null;
    this.kernels = this.float32 ?? built.kernels;
    this.threads = this.float32?.threads ?? built.threads;
    // the worker can still fail to start after the choice (KernelMemory then runs one thread)
    this.threadChoice = this.threads === choice.threads ? choice : { ...choice, threads: this.threads, reason: `${choice.reason}; the worker thread did not start, so 1` };
    const threaded = built.kernels as DenseKernels & { dispose?: () => void };
    this.disposeKernels = () => {
      this.float32?.dispose();
      threaded.dispose?.();
    };
    this.observedSignals = new CircuitSignals(this.shape, (n) => new Float64Array(n));
  }

  /** The float32 copies of every matrix and trace, with the float64 ones rounded to match. */
  private float32Storage(kind: KernelKind, threads: 1 | 2): Float32Storage {
    const all = CONNECTIONS.flatMap((c) => this.bindings[c]);
    const fixed = all.filter((b) => !b.plastic).map((b) => b.fixed);
    const storage = new Float32Storage(kind, this.state, this.layout.potentialsEnd, this.layout.plastic, fixed, Math.max(...all.map((b) => b.cols)), Math.max(...all.map((b) => b.rows)), threads);
    storage.roundAll();
    return storage;
  }

  /** Ends the kernels' worker thread, if they have one (it also ends when the circuit is garbage-collected); the circuit must not be stepped afterwards. */
  dispose(): void {
    this.disposeKernels();
  }

  /** Storage precision of the matrices and traces. */
  get precision(): Precision {
    return this.float32 === null ? 'float64' : 'float32';
  }

  /** Everything the kernels touch, taken from one kernel memory by `allocate` (kernel-memory.ts). */
  private allocateMemory(weights: WeightSet, plasticity: PlasticityConfig | null, allocate: (n: number) => Float64Array, kernels: DenseKernels, window: number, fuse: boolean): CircuitMemory {
    const state = allocate(this.layout.size);
    const stageState = allocate(this.layout.size);
    const signals = new CircuitSignals(this.shape, allocate);
    const plastic =
      plasticity === null
        ? null
        : new DendriticPlasticity(this.layout, plasticity, this.phi, {
            basal: [...this.hidden.map((p) => p.basalAttenuation), this.output.basalAttenuation],
            interneuron: this.interneurons[0]?.dendriticAttenuation ?? 0,
          }, allocate, window, state, kernels);
    const bindings: Record<Connection, MatrixBinding[]> = { up: [], down: [], ip: [], pi: [] };
    const weightViews: WeightSet = { up: [], down: [], ip: [], pi: [] };
    for (const c of CONNECTIONS) {
      weights[c].forEach((m, i) => {
        const slot = this.layout.slot(c, i);
        const fixed = slot === undefined ? allocate(m.data.length) : new Float64Array(0);
        if (slot === undefined) fixed.set(m.data);
        if (slot !== undefined) state.set(m.data, slot.weight);
        const slotIndex = slot === undefined ? -1 : this.layout.plastic.indexOf(slot);
        bindings[c].push({ rows: m.rows, cols: m.cols, plastic: slot !== undefined, offset: slot?.weight ?? 0, fixed, slot: slotIndex });
        const data = slot === undefined ? fixed : state.subarray(slot.weight, slot.weight + m.rows * m.cols);
        weightViews[c].push({ rows: m.rows, cols: m.cols, data });
      });
    }
    const inputDrive = allocate(this.shape.inputSize);
    const targetDrive = allocate(this.shape.outputSize);
    const matrices = (c: Connection) => bindings[c].map((b) => ({ rows: b.rows, cols: b.cols, data: b.plastic ? state : b.fixed, offset: b.offset }));
    const fused = fuse
      ? FusedStep.build(
          { shape: this.shape, layout: this.layout, neuron: this.neuron, tau0: this.tau0, state, signals, matrices: { up: matrices('up'), down: matrices('down'), ip: matrices('ip'), pi: matrices('pi') },
            hidden: this.hidden, output: this.output, interneurons: this.interneurons, plasticity: plastic, inputDrive, targetDrive, traceGroup: TRACES, weightGroup: WEIGHTS },
          allocate,
          kernels,
        )
      : null;
    return { state, stageState, signals, plasticity: plastic, bindings, weightViews, inputDrive, targetDrive, fused };
  }

  /** The state's groups and named segments (integrable-system.ts). */
  get segments(): SegmentLayout {
    return this.layout.segments;
  }

  get size(): number {
    return this.layout.size;
  }

  /**
   * Live views of the current weights (plastic ones read the state vector). Do not resize. Inside
   * an integrator's advance with a plasticity window they hold the window's start until it is
   * flushed (`completeDeferredUpdates`).
   */
  weights(): WeightSet {
    this.completeDeferredUpdates();
    return this.weightViews;
  }

  /**
   * Writes every deferred plasticity update into the state (plasticity-window.ts), so that the
   * state holds the true weights and traces; nothing to do without a window or when it is closed.
   */
  completeDeferredUpdates(): void {
    this.plasticity?.window?.flush();
    this.float32?.store();
  }

  /**
   * Overwrites the whole state vector (a restored checkpoint or learner state). Write the state
   * through here, not into `state` directly: with float32 storage the kernels read float32 copies
   * of the traces and weights, which only this, `setWeights` and `restoreSettings` re-read.
   */
  setState(values: ArrayLike<number>): void {
    if (values.length !== this.state.length) throw new InputError('state', `expected ${this.state.length} values, got ${values.length}`);
    this.completeDeferredUpdates();
    this.state.set(values);
    this.float32?.load();
  }

  /** Overwrite every weight (shapes must match); plastic weights are written into the state. */
  setWeights(w: WeightSet): void {
    checkWeights(this.shape, w);
    this.completeDeferredUpdates();
    for (const c of CONNECTIONS) w[c].forEach((m: DenseMatrix, i) => this.weightViews[c][i].data.set(m.data));
    this.float32?.roundAll();
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

  /** Start both τ_0 filters at given values (the first pattern's, docs/experiment-format.md). */
  setFilteredInput(rates: ArrayLike<number>, target: ArrayLike<number> | null): void {
    this.state.set(rates, this.layout.input.offset);
    if (target !== null) this.state.set(target, this.layout.target.offset);
  }

  get isNudged(): boolean {
    return this.nudged;
  }

  /** Plasticity on or off (no effect on a circuit without plasticity). Off freezes traces and weights. */
  setPlasticity(on: boolean): void {
    this.completeDeferredUpdates();
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

  /**
   * A copy of the settings (CircuitSettings): what the dynamics depend on besides the state vector.
   * A checkpoint holds these and the state (simulation-checkpoint.ts).
   */
  captureSettings(): CircuitSettings {
    this.completeDeferredUpdates();
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

  /**
   * Sets the drive, gates and fixed weights to those of `e` (from captureSettings of a circuit of
   * the same shape and plasticity), after checking the lengths of its arrays and before changing
   * anything; with float32 storage the kernels' float32 copies are re-read, as by setWeights. The
   * state vector is not touched: restore it with setState.
   */
  restoreSettings(e: CircuitSettings): void {
    const fixedCount = CONNECTIONS.reduce((n, c) => n + this.bindings[c].reduce((m, b) => m + (b.plastic ? 0 : b.fixed.length), 0), 0);
    for (const [field, got, expected] of [['input', e.input.length, this.inputDrive.length], ['target', e.target.length, this.targetDrive.length], ['fixedWeights', e.fixedWeights.length, fixedCount]] as const) {
      if (got !== expected) throw new InputError(field, `expected ${expected} values, got ${got}: settings from a circuit of another shape or plasticity`);
    }
    this.completeDeferredUpdates();
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
    this.float32?.roundAll();
    this.nudged = e.flags.nudged;
    this.plasticityGate = e.flags.plasticity && this.plasticity !== null;
    this.averagingGate = e.flags.averaging;
  }

  // ── the ODE system ───────────────────────────────────────────────────────────────────────────

  /** The rates and dendritic potentials of state y, in `observedSignals`: for observers, never for integration. */
  observeSignals(y: Float64Array): CircuitSignals {
    if (y === this.state) this.completeDeferredUpdates();
    this.evaluateSignals(y, this.observedSignals, jsKernels, false);
    return this.observedSignals;
  }

  /**
   * Rates and dendritic potentials of state y into s (docs/model.md, "Dendrites and rates").
   * `windowed`: y is the state inside an open plasticity window, whose plastic matrices' products
   * come from the window (plasticity-window.ts).
   */
  private evaluateSignals(y: Float64Array, s: CircuitSignals, k: DenseKernels, windowed: boolean): void {
    const L = this.layout;
    const N = this.shape.depth;
    const phi = this.phi;
    for (let l = 0; l < N; l++) phi.apply(y, L.pyramidal[l].offset, s.rates[l], 0, s.rates[l].length);
    for (let h = 0; h < N - 1; h++) {
      phi.apply(y, L.interneuron[h].offset, s.interneuronRates[h], 0, s.interneuronRates[h].length);
    }
    // v_B,k = W^up_k·r_{k−1}; r_0 is the filtered input inside y.
    for (let l = 0; l < N; l++) {
      const b = this.bindings.up[l];
      const pre = l === 0 ? y : s.rates[l - 1];
      const preOff = l === 0 ? L.input.offset : 0;
      if (windowed && b.plastic) this.plasticity!.window!.product(b.slot, pre, preOff, s.basal[l], false);
      else k.matVec(b.plastic ? y : b.fixed, b.offset, b.rows, b.cols, pre, preOff, s.basal[l], 0);
    }
    for (let h = 0; h < N - 1; h++) {
      // v_A,k = W^down_k·r_{k+1} + W^PI_k·r^I_k
      const down = this.bindings.down[h];
      if (windowed && down.plastic) this.plasticity!.window!.product(down.slot, s.rates[h + 1], 0, s.topDown[h], false);
      else k.matVec(down.plastic ? y : down.fixed, down.offset, down.rows, down.cols, s.rates[h + 1], 0, s.topDown[h], 0);
      s.apical[h].set(s.topDown[h]);
      const pi = this.bindings.pi[h];
      if (windowed && pi.plastic) this.plasticity!.window!.product(pi.slot, s.interneuronRates[h], 0, s.apical[h], true);
      else k.matVecAdd(pi.plastic ? y : pi.fixed, pi.offset, pi.rows, pi.cols, s.interneuronRates[h], 0, s.apical[h], 0);
      // v_I,k = W^IP_k·r_k
      const ip = this.bindings.ip[h];
      if (windowed && ip.plastic) this.plasticity!.window!.product(ip.slot, s.rates[h], 0, s.interneuronDendrite[h], false);
      else k.matVec(ip.plastic ? y : ip.fixed, ip.offset, ip.rows, ip.cols, s.rates[h], 0, s.interneuronDendrite[h], 0);
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
    if (this.float32 !== null) {
      throw new InputError('precision', 'float32 storage works with the one-stage integrators only: set integrator.method to "euler" or "expEuler", or use precision "float64"');
    }
    this.completeDeferredUpdates();
    this.evaluateSignals(y, this.signals, this.kernels, false);
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

  evaluateForStep(y: Float64Array, rate: Float64Array, h: Float64Array): void {
    const window = this.plasticityGate ? this.plasticity!.window : null;
    if (window !== null) window.beginStep(h, TRACES, WEIGHTS);
    this.evaluateSignals(y, this.signals, this.kernels, window !== null);
    this.potentialsDerivative(y, rate);
    if (this.plasticityGate) {
      const p = this.plasticity!;
      p.computeErrors(this.signals);
      p.step(y, this.signals, h, TRACES, WEIGHTS, this.kernels);
    }
  }

  /** Whether Euler and exponential-Euler steps run as one kernel call (fused-step.ts). */
  get hasFusedStep(): boolean {
    return this.fused !== null;
  }

  fusedGroupStep(y: Float64Array, h: Float64Array, noise: Float64Array, rng: Random): boolean {
    if (this.fused === null || y !== this.state) return false;
    this.fused.step(h, noise, rng, this.nudged, this.averagingGate, this.plasticityGate);
    return true;
  }

  decayRates(out: Float64Array): void {
    out[HIDDEN_SOMATA] = this.hidden[0].decayRate;
    out[OUTPUT_SOMATA] = this.output.decayRate(this.nudged);
    out[INTERNEURON_SOMATA] = this.interneurons[0].decayRate;
    out[INPUT_FILTER] = 1 / this.tau0;
    out[TARGET_FILTER] = 1 / this.tau0;
    out[OUTPUT_INTEGRAL] = 0;
    out[TRACES] = this.plasticity === null ? 0 : 1 / this.plasticity.tauW;
    out[WEIGHTS] = 0;
  }

  noiseIntensities(h: number, out: Float64Array): void {
    const sigma = noiseIntensity(this.neuron, h);
    const groups = this.layout.segments.groups;
    for (let g = 0; g < groups.length; g++) out[g] = groups[g].noisy ? sigma : 0;
  }

  stateIsFinite(y: Float64Array): boolean {
    let sum = 0;
    const end = this.layout.potentialsEnd;
    for (let i = 0; i < end; i++) sum += y[i];
    return Number.isFinite(sum);
  }

  nonFiniteError(t: number, y: Float64Array): NonFiniteStateError {
    if (y === this.state) this.completeDeferredUpdates();
    return new NonFiniteStateError(t, this.layout.segments.firstNonFinite(y) ?? 'output integral');
  }
}
