import type { Optimizer, OptimizerMemory } from '../core/optimizer.ts';
import { GRADIENT_BLOCK_ROWS, outerProductStep, type OuterProductScratch } from '../baselines/outer-product-step.ts';
import { InputError } from '../core/input-error.ts';
import type { KernelKind } from '../kernels/dense-kernels.ts';
import type { MinibatchKernels } from '../kernels/minibatch-kernels.ts';
import { defaultMinibatchKernelKind, MinibatchMemory } from '../kernels/minibatch-memory.ts';
import type { DenseMatrix } from '../linalg/dense-matrix.ts';
import type { SparseRows } from '../linalg/sparse-rows.ts';
import { interneuronDendriticAttenuation, steadyStateAttenuation } from '../neurons/attenuation.ts';
import { mixingFactors, type NeuronParameters } from '../neurons/neuron-parameters.ts';
import { createRateFunction, type RateFunction } from '../neurons/rate-function.ts';
import { CONNECTIONS, type Connection } from '../anatomy/circuit-shape.ts';
import type { WeightSet } from '../anatomy/weight-set.ts';
import { apicalSilencingError, dendriticPredictionError, predictedRateError } from '../plasticity/urbanczik-senn-error.ts';

export interface SteadyStateConfig {
  /** [n_0 (input), n_1, …, n_N (output)], at least one hidden layer. */
  readonly dims: readonly number[];
  /** Conductances (which set the mixing strengths λ) and φ; noise is not used. */
  readonly neuron: NeuronParameters;
  /** A constant-1 input to every layer: W^up_k and W^IP_k get a last column for it. */
  readonly bias: boolean;
  /**
   * Multiplier of the optimizer's learning rate for each matrix (`up` per layer 1…N, the others
   * per hidden layer); 0 keeps the matrix fixed. See mnistRateScales.
   */
  readonly rateScale: Readonly<Record<Connection, readonly number[]>>;
  /** The matrix products: 'wasm' (SIMD, the default where build/minibatch-kernels.wasm loads) or 'js'; both give the same bits. */
  readonly kernels?: KernelKind;
}

/**
 * Optimizer slot of each matrix: W^up_k at k−1 (0…N−1), then the N−1 matrices of each other
 * connection in CONNECTIONS order (W^down, W^IP, W^PI).
 */
export function steadyStateSlot(depth: number, c: Connection, index: number): number {
  return c === 'up' ? index : depth + (CONNECTIONS.indexOf(c) - 1) * (depth - 1) + index;
}

/**
 * The microcircuit in the two-pass steady-state approximation the paper used for MNIST (docs/model.md,
 * "MNIST used a two-pass steady-state approximation"). For each sample:
 *
 * Upward pass, every soma at its basal prediction (no feedback yet):
 *     v_B,k = W^up_k·[r_{k−1}; 1],  u_k = v̂_B,k = c_k·v_B,k,  r_k = φ(u_k)
 * Nudged output:
 *     u_N = (1−λ_out)·v̂_B,N + λ_out·u_trgt
 * Downward pass, k = N−1 … 1 (layer k+1 is already final):
 *     v_I,k = W^IP_k·[r_k; 1],  u^I_k = (1−λ_I)·v̂_I,k + λ_I·u_{k+1},  v̂_I = g_D/(g_lk+g_D)·v_I
 *     v_A,k = W^down_k·φ(u_{k+1}) + W^PI_k·φ(u^I_k)
 *     u_k   = v̂_B,k + λ_hid·v_A,k
 *
 * Why v̂ and not v in the mixes: each line is the fixed point of its soma's ODE with the dendrites
 * held. The nudged output, du/dt = −g_lk·u + g_B(v_B − u) + g_som(u_trgt − u) = 0, gives
 * u = (g_B·v_B + g_som·u_trgt)/(g_lk+g_B+g_som) = (1−λ_out)·[g_B/(g_lk+g_B)]·v_B + λ_out·u_trgt,
 * i.e. the attenuated v̂_B,N; mixing the raw v_B would overstate the prediction by (g_lk+g_B)/g_B.
 * Likewise the interneuron's fixed point is (1−λ_I)·v̂_I + λ_I·u_{k+1}, and the hidden soma's,
 * (g_B·v_B + g_A·v_A)/(g_lk+g_B+g_A) = v̂_B + λ_hid·v_A, is the convex mix
 * (1−λ_hid)·[g_B/(g_lk+g_B)]·v_B + λ_hid·v_A of its basal and apical potentials.
 *
 * Then the Urbanczik–Senn rules (docs/model.md, "Plasticity") are applied once per mini-batch, their
 * induction terms averaged over its samples:
 *     ΔW^up_k   ∝ (φ(u_k) − φ(v̂_B,k))·[r_{k−1}; 1]ᵀ
 *     ΔW^IP_k   ∝ (φ(u^I_k) − φ(v̂_I,k))·[r_k; 1]ᵀ
 *     ΔW^PI_k   ∝ −v_A,k·φ(u^I_k)ᵀ
 *     ΔW^down_k ∝ (φ(u_k) − φ(W^down_k·φ(u_{k+1})))·φ(u_{k+1})ᵀ
 * The pre-synaptic rates of W^up and W^IP are those of the upward pass: they are what the dendrite
 * saw when it made the prediction the rule corrects (the rule is the gradient of that prediction's
 * error). The change ΔW = lr·scale·mean(…) reaches the optimizer as the pseudo-gradient
 * −scale·mean(…), so `sgd(lr)` applies exactly the rule and `adam(lr)` rescales it per synapse.
 *
 * The passes run layer by layer over the whole mini-batch (upward k = 1…N for every sample, the
 * nudge, then downward k = N−1…1 for every sample): each step needs only rows of the same sample
 * computed before it, and a weight matrix is then read once per batch (batchMatVec) instead of
 * once per sample. Per sample the arithmetic is that of a sample-by-sample loop, to the bit, with
 * either kernel kind (MinibatchKernels): the weights and batch rows live in the kernels' memory.
 *
 * Inference is the upward pass alone: without a target every apical potential of a
 * self-predicting circuit is zero, and the upward pass is the exact steady state.
 *
 * Unlike the NumPy reference (SteadNet.py, whose downward loop `range(len(layer)−1, 1)` never
 * runs), the downward pass visits every hidden layer, top to bottom.
 */
export class SteadyStateTwoPass {
  /** The live weights (W^up_k and W^IP_k with a bias column when `bias`). */
  readonly weights: WeightSet;
  readonly dims: readonly number[];
  readonly depth: number;
  private readonly bias: number;
  private readonly phi: RateFunction;
  /** c_k per layer (index k−1): g_B/(g_lk+g_B+g_A) hidden, g_B/(g_lk+g_B) output. */
  private readonly c: Float64Array;
  private readonly cI: number;
  private readonly lambdaHid: number;
  private readonly lambdaOut: number;
  private readonly lambdaI: number;
  private readonly scale: Record<Connection, Float64Array>;
  /**
   * Per hidden layer: W^PI = −W^down exactly and neither learns (the self-predicting MNIST set-up),
   * so v_A = W^down·(φ(u_{k+1}) − φ(u^I)) takes one matrix product instead of two.
   */
  private readonly mirrored: boolean[];
  private readonly kernelKind: KernelKind;
  /** Samples per upward sweep of inferBatch (the batch buffers hold at least this many). */
  private static readonly INFER_BLOCK = 32;
  /** Samples the batch buffers below hold. */
  private capacity = 0;
  private kernels!: MinibatchKernels;
  /** The scaled errors and GRADIENT_BLOCK_ROWS rows of a pseudo-gradient, handed to the optimizer block by block. */
  private gradScratch!: OuterProductScratch;
  /** Room for the moments of the plastic matrices' optimizer slots, and the optimizer now using it. */
  private optimizerMemory: OptimizerMemory | null = null;
  private boundOptimizer: Optimizer | null = null;
  // Batch buffers, one row per sample (row-major), for `capacity` samples; per layer at index k−1
  // unless noted.
  private inputRows!: SparseRows;
  /** v̂_B,k. */
  private vHat!: Float64Array[];
  /** Final u_k and φ(u_k) (after the nudge and the downward pass). */
  private u!: Float64Array[];
  private rate!: Float64Array[];
  /** [φ(v̂_B,k); 1] of each hidden layer k. */
  private upRows!: Float64Array[];
  /** φ(u^I_k) of each hidden layer k (n_{k+1} wide), also the pre-synaptic rates of W^PI_k. */
  private interneuronRows!: Float64Array[];
  /** Scratch rows of the downward step (widest layer): v̂_I, the top-down input, v_A. */
  private vI!: Float64Array;
  private topDown!: Float64Array;
  private apical!: Float64Array;
  /** Post-synaptic induction terms per sample, per matrix. */
  private errorRows!: Record<Connection, Float64Array[]>;

  constructor(config: SteadyStateConfig, weights: WeightSet) {
    const dims = config.dims;
    if (dims.length < 3 || dims.some((n) => !Number.isInteger(n) || n < 1)) {
      throw new InputError('dims', `expected at least 3 positive integer layer sizes (input, ≥ 1 hidden, output), got ${JSON.stringify(dims)}`);
    }
    this.dims = [...dims];
    const N = (this.depth = dims.length - 1);
    const b = (this.bias = config.bias ? 1 : 0);
    const p = config.neuron;
    this.phi = createRateFunction(p.phi);
    this.c = Float64Array.from(steadyStateAttenuation(p, N));
    this.cI = interneuronDendriticAttenuation(p);
    const m = mixingFactors(p);
    this.lambdaHid = m.lambdaHid;
    this.lambdaOut = m.lambdaOut;
    this.lambdaI = m.lambdaI;

    const shapes: Record<Connection, [number, number][]> = { up: [], down: [], ip: [], pi: [] };
    for (let k = 1; k <= N; k++) shapes.up.push([dims[k], dims[k - 1] + b]);
    for (let k = 1; k < N; k++) {
      shapes.down.push([dims[k], dims[k + 1]]);
      shapes.pi.push([dims[k], dims[k + 1]]);
      shapes.ip.push([dims[k + 1], dims[k] + b]);
    }
    this.scale = { up: new Float64Array(0), down: new Float64Array(0), ip: new Float64Array(0), pi: new Float64Array(0) };
    for (const c of CONNECTIONS) {
      const list = weights[c];
      if (list.length !== shapes[c].length) throw new InputError(`weights.${c}`, `expected ${shapes[c].length} matrices, got ${list.length}`);
      list.forEach((w, i) => {
        const [rows, cols] = shapes[c][i];
        if (w.rows !== rows || w.cols !== cols) throw new InputError(`weights.${c}[${i}]`, `expected ${rows}×${cols} matrix, got ${w.rows}×${w.cols}`);
      });
      const rates = config.rateScale[c];
      if (rates.length !== shapes[c].length || rates.some((r) => !Number.isFinite(r))) {
        throw new InputError(`rateScale.${c}`, `expected ${shapes[c].length} finite numbers, got ${JSON.stringify(rates)}`);
      }
      this.scale[c] = Float64Array.from(rates);
    }
    this.mirrored = weights.down.map((down, h) => {
      const pi = weights.pi[h].data;
      return this.scale.pi[h] === 0 && this.scale.down[h] === 0 && down.data.every((x, i) => pi[i] === -x);
    });
    this.kernelKind = config.kernels ?? defaultMinibatchKernelKind();
    this.weights = { up: [], down: [], ip: [], pi: [] };
    this.rebuild(SteadyStateTwoPass.INFER_BLOCK, weights);
  }

  /** Output potentials of the upward pass alone (no target): the circuit's prediction. */
  infer(input: Float64Array, output: Float64Array): void {
    this.upward(input, 0, 1);
    const v = this.vHat[this.depth - 1];
    for (let i = 0; i < this.dims[this.depth]; i++) output[i] = v[i];
  }

  /** infer for n inputs (rows of `inputs`) into the rows of `outputs`, allocation-free, INFER_BLOCK samples per sweep. */
  inferBatch(inputs: Float64Array, n: number, outputs: Float64Array): void {
    const nIn = this.dims[0];
    const nOut = this.dims[this.depth];
    const v = this.vHat[this.depth - 1];
    for (let first = 0; first < n; first += SteadyStateTwoPass.INFER_BLOCK) {
      const count = Math.min(SteadyStateTwoPass.INFER_BLOCK, n - first);
      this.upward(inputs, first * nIn, count);
      const o = first * nOut;
      for (let i = 0; i < count * nOut; i++) outputs[o + i] = v[i];
    }
  }

  /**
   * One plasticity step on a mini-batch (rows of inputs and target potentials, row-major): both
   * passes for the batch, then each plastic matrix changes once by the batch mean of its rule.
   * Returns the mean of ½‖v̂_B,N − u_trgt‖² over the batch, the loss before the update.
   */
  trainBatch(inputs: Float64Array, targets: Float64Array, batchSize: number, optimizer: Optimizer): number {
    const N = this.depth;
    const nIn = this.dims[0];
    const nOut = this.dims[N];
    if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    if (inputs.length < batchSize * nIn || targets.length < batchSize * nOut) {
      throw new RangeError(`a batch of ${batchSize} needs ${batchSize * nIn} inputs and ${batchSize * nOut} targets, got ${inputs.length} and ${targets.length}`);
    }
    this.ensureCapacity(batchSize);
    this.bindOptimizer(optimizer);
    this.upward(inputs, 0, batchSize);
    const loss = this.nudgeOutput(targets, batchSize);
    for (let k = N - 1; k >= 1; k--) this.downward(k, batchSize);
    const mean = 1 / batchSize;
    // indexed loops, no closures: nothing is allocated per batch
    for (let ci = 0; ci < CONNECTIONS.length; ci++) {
      const c = CONNECTIONS[ci];
      const list = this.weights[c];
      for (let i = 0; i < list.length; i++) {
        const scale = this.scale[c][i];
        if (scale === 0) continue;
        // pseudo-gradient −scale·mean_s(e_s·p_sᵀ)
        const pre = c === 'up' && i === 0 ? this.inputRows : this.preRows(c, i);
        outerProductStep(this.kernels, optimizer, steadyStateSlot(N, c, i), list[i], this.errorRows[c][i], pre, batchSize, -scale * mean, this.gradScratch);
      }
    }
    return loss * mean;
  }

  /** Offers the kernel memory's moment room to `optimizer` (taking it back from the one before), so its kernel twin can step. */
  private bindOptimizer(optimizer: Optimizer): void {
    if (optimizer === this.boundOptimizer) return;
    this.boundOptimizer?.useMemory?.(null);
    optimizer.useMemory?.(this.optimizerMemory);
    this.boundOptimizer = optimizer;
  }

  /** Pre-synaptic rows of a matrix other than W^up_1. */
  private preRows(c: Connection, i: number): Float64Array {
    switch (c) {
      case 'up':
        return this.upRows[i - 1];
      case 'ip':
        return this.upRows[i];
      case 'pi':
        return this.interneuronRows[i];
      case 'down':
        return this.rate[i + 1];
    }
  }

  /** Upward pass of `batch` input rows from inOff: u_k = v̂_B,k = c_k·W^up_k·[r_{k−1}; 1], r_k = φ(u_k), layer by layer. */
  private upward(input: Float64Array, inOff: number, batch: number): void {
    const N = this.depth;
    const b = this.bias;
    const nIn = this.dims[0];
    for (let s = 0; s < batch; s++) this.inputRows.set(s, input, inOff + s * nIn, nIn, b === 1);
    for (let k = 1; k <= N; k++) {
      const w = this.weights.up[k - 1];
      const n = w.rows;
      const v = this.vHat[k - 1];
      if (k === 1) this.kernels.sparseBatchMatVec(w.data, n, w.cols, this.inputRows, batch, v, 0);
      else this.kernels.batchMatVec(w.data, n, w.cols, this.upRows[k - 2], 0, batch, v, 0, false);
      const ck = this.c[k - 1];
      for (let i = 0; i < batch * n; i++) v[i] *= ck;
      if (k < N) {
        const width = n + b;
        const rows = this.upRows[k - 1];
        for (let s = 0; s < batch; s++) {
          this.phi.apply(v, s * n, rows, s * width, n);
          if (b === 1) rows[s * width + n] = 1;
        }
      }
    }
  }

  /** u_N = (1−λ_out)·v̂_B,N + λ_out·u_trgt and the output's W^up error; returns Σ_s ½‖v̂_B,N − u_trgt‖². */
  private nudgeOutput(targets: Float64Array, batch: number): number {
    const N = this.depth;
    const n = this.dims[N];
    const vHat = this.vHat[N - 1];
    const u = this.u[N - 1];
    const r = this.rate[N - 1];
    const err = this.errorRows.up[N - 1];
    const lo = this.lambdaOut;
    let total = 0;
    for (let s = 0; s < batch; s++) {
      const o = s * n;
      let loss = 0;
      for (let i = o; i < o + n; i++) {
        const t = targets[i];
        u[i] = (1 - lo) * vHat[i] + lo * t;
        loss += 0.5 * (vHat[i] - t) * (vHat[i] - t);
      }
      total += loss;
    }
    // e = φ(u_N) − φ(v̂_B,N)
    this.phi.apply(u, 0, r, 0, batch * n);
    dendriticPredictionError(this.phi, r, 0, vHat, 0, err, 0, batch * n);
    return total;
  }

  /** Downward step at hidden layer k for the batch: interneurons, apical potential, soma, and the errors of its matrices. */
  private downward(k: number, batch: number): void {
    const h = k - 1;
    const n = this.dims[k];
    const nNext = this.dims[k + 1];
    const width = n + this.bias;
    const phi = this.phi;
    const up = this.upRows[h];
    const rNext = this.rate[k];
    const uNext = this.u[k];
    const m = batch * n;
    const mNext = batch * nNext;

    // v_I,k = W^IP_k·[r_k; 1];  u^I = (1−λ_I)·v̂_I + λ_I·u_{k+1}
    const ip = this.weights.ip[h];
    const vI = this.vI;
    const uI = this.interneuronRows[h];
    this.kernels.batchMatVec(ip.data, ip.rows, ip.cols, up, 0, batch, vI, 0, false);
    const lI = this.lambdaI;
    const cI = this.cI;
    for (let i = 0; i < mNext; i++) {
      vI[i] *= cI;
      uI[i] = (1 - lI) * vI[i] + lI * uNext[i];
    }
    // uI becomes φ(u^I), the interneuron rates; W^IP error φ(u^I) − φ(v̂_I)
    phi.apply(uI, 0, uI, 0, mNext);
    dendriticPredictionError(phi, uI, 0, vI, 0, this.errorRows.ip[h], 0, mNext);

    // v_A,k = W^down_k·φ(u_{k+1}) + W^PI_k·r^I_k
    const down = this.weights.down[h];
    const td = this.topDown;
    const vA = this.apical;
    if (this.mirrored[h]) {
      for (let i = 0; i < mNext; i++) td[i] = rNext[i] - uI[i];
      this.kernels.batchMatVec(down.data, n, nNext, td, 0, batch, vA, 0, false);
    } else {
      const pi = this.weights.pi[h];
      this.kernels.batchMatVec(down.data, n, nNext, rNext, 0, batch, td, 0, false);
      for (let i = 0; i < m; i++) vA[i] = td[i];
      this.kernels.batchMatVec(pi.data, n, nNext, uI, 0, batch, vA, 0, true);
    }

    // u_k = v̂_B,k + λ_hid·v_A,k;  W^up error φ(u_k) − φ(v̂_B,k), with φ(v̂_B,k) in the upward row
    const vHat = this.vHat[h];
    const u = this.u[h];
    const lh = this.lambdaHid;
    for (let i = 0; i < m; i++) u[i] = vHat[i] + lh * vA[i];
    const r = this.rate[h];
    phi.apply(u, 0, r, 0, m);
    const eUp = this.errorRows.up[h];
    for (let s = 0; s < batch; s++) predictedRateError(r, s * n, up, s * width, eUp, s * n, n);

    if (this.scale.pi[h] !== 0) {
      // W^PI: e = −v_A, p = φ(u^I) (interneuronRows)
      apicalSilencingError(vA, this.errorRows.pi[h], m);
    }
    if (this.scale.down[h] !== 0) {
      // W^down: e = φ(u_k) − φ(W^down·φ(u_{k+1})), p = φ(u_{k+1}) (rate[k]); td holds W^down·φ(u_{k+1}) (never mirrored when plastic)
      dendriticPredictionError(phi, r, 0, td, 0, this.errorRows.down[h], 0, m);
    }
  }

  /**
   * Makes the batch buffers hold `batch` samples: a new block of kernel memory with room for them,
   * the weights (copied over) and the gradient scratch. Only a batch larger than any before takes
   * a new block.
   */
  private ensureCapacity(batch: number): void {
    if (batch > this.capacity) this.rebuild(batch, this.weights);
  }

  /** ensureCapacity's new block (its own method: its closures would otherwise cost every call a context). */
  private rebuild(batch: number, from: WeightSet): void {
    const d = this.dims;
    const N = this.depth;
    const b = this.bias;
    const built = MinibatchMemory.build(this.kernelKind, (alloc) => {
      const widest = batch * Math.max(...d);
      const layers = () => d.slice(1).map((n) => alloc.float64(batch * n));
      const hidden = (f: (k: number) => number) => Array.from({ length: N - 1 }, (_, h) => alloc.float64(f(h + 1)));
      const matrices = (c: Connection): DenseMatrix[] => from[c].map((m) => ({ rows: m.rows, cols: m.cols, data: alloc.float64(m.data.length) }));
      const slotSizes = new Map<number, number>();
      for (const c of CONNECTIONS) from[c].forEach((m, i) => this.scale[c][i] !== 0 && slotSizes.set(steadyStateSlot(N, c, i), m.data.length));
      return {
        kernels: alloc.kernels,
        optimizerMemory: alloc.optimizerMemory(slotSizes),
        weights: { up: matrices('up'), down: matrices('down'), ip: matrices('ip'), pi: matrices('pi') },
        gradScratch: { scaled: alloc.float64(widest), block: alloc.float64(GRADIENT_BLOCK_ROWS * (Math.max(...d) + b)) },
        inputRows: alloc.sparseRows(batch, d[0] + b),
        vHat: layers(),
        u: layers(),
        rate: layers(),
        upRows: hidden((k) => batch * (d[k] + b)),
        interneuronRows: hidden((k) => batch * d[k + 1]),
        vI: alloc.float64(widest),
        topDown: alloc.float64(widest),
        apical: alloc.float64(widest),
        errorRows: {
          up: layers(),
          ip: hidden((k) => batch * d[k + 1]),
          pi: hidden((k) => (this.scale.pi[k - 1] === 0 ? 0 : batch * d[k])),
          down: hidden((k) => (this.scale.down[k - 1] === 0 ? 0 : batch * d[k])),
        },
      };
    });
    for (const c of CONNECTIONS) {
      built.weights[c].forEach((m, i) => m.data.set(from[c][i].data));
      this.weights[c].splice(0, this.weights[c].length, ...built.weights[c]);
    }
    this.kernels = built.kernels;
    this.optimizerMemory = built.optimizerMemory;
    this.boundOptimizer?.useMemory?.(this.optimizerMemory);
    this.gradScratch = built.gradScratch;
    this.inputRows = built.inputRows;
    this.vHat = built.vHat;
    this.u = built.u;
    this.rate = built.rate;
    this.upRows = built.upRows;
    this.interneuronRows = built.interneuronRows;
    this.vI = built.vI;
    this.topDown = built.topDown;
    this.apical = built.apical;
    this.errorRows = built.errorRows;
    this.capacity = batch;
  }
}
