/**
 * `npx tsx bench/bp-lambda.ts [--quick]` (the quick form is part of `npm run bench`).
 *
 * 1. Sequence steps per second (one sequence advancing one step, training included) of every
 *    online learner of src/recurrent/online at the sizes of issue 16's tasks: line-draw (linear RNN
 *    of 30 units, batch 10, T = 60, 10 inputs, 2 outputs), row-MNIST (LSTM of 30 units, s = [h; c]
 *    of 60, batch 20, 28 steps of 28 pixels, 10 classes) and copy-repeat (LSTM of 100 units, s of
 *    200, batch 10, 10 inputs, 9 outputs, 20 steps). Each row is the learner's
 *    beginSequence/step/endOfSequence on one batch plus an Adam step of the network; rates are per
 *    second of this process's CPU time (process.cpuUsage), the best of 3 rounds after a warm-up.
 * 2. BP(λ > 0)'s eligibility trace alone (updateTraces + accumulate of LinearSynthesiser, random
 *    Jacobians), µs per step and sequence over whole sequences, at the row-MNIST and copy-repeat
 *    sizes: the factored trace (Σ_τ A_τ ⊗ z_τᵀ, one batched GEMM per step) with the WebAssembly
 *    SIMD and the JavaScript GEMM, against the dense S × S(S + 1) trace decayed by one JavaScript
 *    gemmNN per sequence (the previous implementation, kept here as the baseline). The dense
 *    baseline costs the same at every step after the first, so it is timed on short sequences at
 *    s = 200. Rounds of the variants alternate in one process (the machine is shared), best of 3.
 *
 * --quick: sequences of at most 10 steps and 0.1 s rounds. Prints markdown tables, then one JSON
 * line with the rows.
 */
import { adam } from '../src/core/optimizer.ts';
import type { SequenceBatch as TaskBatch } from '../src/data/sequence-batch.ts';
import { Random } from '../src/random/random.ts';
import type { CellKind } from '../src/recurrent/cells/cell.ts';
import { RecurrentNetwork } from '../src/recurrent/network.ts';
import type { KernelKind } from '../src/kernels/dense-kernels.ts';
import { gemmNN } from '../src/recurrent/gemm.ts';
import { BpLambda } from '../src/recurrent/online/bp-lambda.ts';
import { LinearSynthesiser } from '../src/recurrent/online/linear-synthesiser.ts';
import { BpttSynthetic } from '../src/recurrent/online/bptt-synthetic.ts';
import type { OnlineLearner } from '../src/recurrent/online/online-learner.ts';
import { TruncatedBptt } from '../src/recurrent/online/truncated-bptt.ts';

interface Task {
  name: string;
  cell: CellKind;
  units: number;
  batch: number;
  steps: number;
  inputs: number;
  outputs: number;
}

const quick = process.argv.includes('--quick');
const TASKS: Task[] = [
  { name: 'line-draw', cell: 'rnn', units: 30, batch: 10, steps: 60, inputs: 10, outputs: 2 },
  { name: 'row-MNIST', cell: 'lstm', units: 30, batch: 20, steps: 28, inputs: 28, outputs: 10 },
  { name: 'copy-repeat', cell: 'lstm', units: 100, batch: 10, steps: 20, inputs: 10, outputs: 9 },
];

const METHODS: Record<string, (net: RecurrentNetwork) => OnlineLearner> = {
  BPTT: (net) => new TruncatedBptt(net),
  'BPTT n=5': (net) => new TruncatedBptt(net, 5),
  'BPTT+SG n=5': (net) => new BpttSynthetic(net, { truncation: 5, optimizer: adam(1e-4) }),
  'BP(0)': (net) => new BpLambda(net, { lambda: 0, optimizer: adam(1e-4) }),
  'BP(1)': (net) => new BpLambda(net, { lambda: 1, optimizer: adam(1e-4) }),
};

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function taskBatch(task: Task, steps: number): TaskBatch {
  const rng = new Random(1, `bench/${task.name}`);
  const values = new Float64Array(task.batch * steps * task.inputs);
  rng.fillUniformSymmetric(values, 0, values.length, 1);
  const labels = new Int32Array(task.batch * steps).fill(-1);
  for (let b = 0; b < task.batch; b++) labels[b * steps + steps - 1] = b % task.outputs;
  return {
    batch: task.batch,
    steps,
    inputSize: task.inputs,
    inputs: { kind: 'dense', values },
    lengths: new Int32Array(task.batch).fill(steps),
    targets: { kind: 'classes', classes: task.outputs, labels },
    continuesPrevious: false,
  };
}

const rows: { task: string; method: string; stepsTimed: number; seqStepsPerSecond: number }[] = [];
for (const task of TASKS) {
  for (const [method, make] of Object.entries(METHODS)) {
    const net = new RecurrentNetwork({ cell: task.cell, inputSize: task.inputs, hidden: [task.units], outputSize: task.outputs, seed: 1 });
    const learner = make(net);
    const optimizer = adam(1e-3);
    const steps = quick ? Math.min(task.steps, 10) : task.steps;
    const batch = taskBatch(task, steps);
    const once = (): void => {
      learner.beginSequence(batch);
      for (let t = 0; t < steps; t++) learner.step(t);
      learner.endOfSequence();
      optimizer.step(net.parameters, net.gradients, 0);
    };
    once();
    let best = 0;
    for (let round = 0; round < 3; round++) {
      const start = cpuSeconds();
      let n = 0;
      do {
        once();
        n++;
      } while (cpuSeconds() - start < (quick ? 0.1 : 0.5));
      best = Math.max(best, (n * steps * task.batch) / (cpuSeconds() - start));
    }
    rows.push({ task: task.name, method, stepsTimed: steps, seqStepsPerSecond: Math.round(best) });
  }
}
console.log('| task | method | sequence steps / CPU s |');
console.log('|---|---|---|');
for (const r of rows) console.log(`| ${r.task} | ${r.method} | ${r.seqStepsPerSecond.toLocaleString('en')} (${r.stepsTimed}-step sequences) |`);

/** The dense trace of the previous implementation: e_b ← decay·J_b·e_b + I ⊗ z_bᵀ, one gemmNN per sequence, and δᵀ·e. */
function denseTraceStep(S: number, B: number, e: Float64Array, work: Float64Array, J: Float64Array, z: Float64Array, delta: Float64Array, grads: Float64Array, decay: number): void {
  const w = S + 1;
  const M = S * w;
  for (let b = 0; b < B; b++) {
    const eOff = b * S * M;
    work.fill(0);
    gemmNN(S, M, S, J, b * S * S, S, e, eOff, M, work, 0, M);
    for (let k = 0; k < S * M; k++) e[eOff + k] = decay * work[k];
    for (let j = 0; j < S; j++) {
      const at = eOff + j * M + j * w;
      for (let k = 0; k < S; k++) e[at + k] += z[b * S + k];
      e[at + S] += 1;
    }
    gemmNN(1, M, S, delta, b * S, S, e, eOff, M, grads, 0, M);
  }
}

interface TraceSize {
  task: string;
  S: number;
  B: number;
  T: number;
}
const TRACE_SIZES: TraceSize[] = [
  { task: 'row-MNIST', S: 60, B: 20, T: 28 },
  // --quick: 2 sequences, so the dense baseline's rounds stay near a second (the cost per sequence does not depend on B)
  { task: 'copy-repeat', S: 200, B: quick ? 2 : 10, T: 20 },
];
const traceRows: { task: string; S: number; B: number; T: number; variant: string; microsecondsPerStep: number }[] = [];
for (const size of TRACE_SIZES) {
  const { S, B, T } = size;
  const rng = new Random(2, `bench/trace/${S}`);
  const J = new Float64Array(B * S * S);
  rng.fillUniformSymmetric(J, 0, J.length, 1 / Math.sqrt(S));
  const z = new Float64Array(B * S);
  rng.fillUniformSymmetric(z, 0, z.length, 1);
  const delta = new Float64Array(B * S);
  rng.fillUniformSymmetric(delta, 0, delta.length, 1);
  const factored = (kind: KernelKind) => {
    const synth = new LinearSynthesiser(S, adam(1e-4), kind);
    return (steps: number) => {
      synth.resetTraces(B, steps);
      for (let t = 0; t < steps; t++) {
        synth.updateTraces(t === 0 ? 0 : 0.9, t === 0 ? null : J, z, 0, S);
        synth.accumulate(delta);
      }
      synth.gradients.fill(0);
    };
  };
  const e = new Float64Array(B * S * S * (S + 1));
  const work = new Float64Array(S * S * (S + 1));
  const grads = new Float64Array(S * (S + 1));
  const variants: [string, (steps: number) => void, number][] = [
    ['factored, WebAssembly SIMD GEMM', factored('wasm'), T],
    ['factored, JavaScript GEMM', factored('js'), T],
    ['dense, JavaScript gemmNN (previous)', (steps) => {
      for (let t = 0; t < steps; t++) denseTraceStep(S, B, e, work, J, z, delta, grads, t === 0 ? 0 : 0.9);
    }, S > 100 ? 2 : T],
  ];
  const best = variants.map(() => Infinity);
  for (const [, run, steps] of variants) run(Math.min(steps, 3));
  for (let round = 0; round < 3; round++) {
    variants.forEach(([, run, steps], v) => {
      const start = cpuSeconds();
      let n = 0;
      do {
        run(steps);
        n++;
      } while (cpuSeconds() - start < (quick ? 0.1 : 0.5));
      best[v] = Math.min(best[v], ((cpuSeconds() - start) * 1e6) / (n * steps * B));
    });
  }
  variants.forEach(([variant, , steps], v) => traceRows.push({ ...size, T: steps, variant, microsecondsPerStep: Math.round(best[v]) }));
}
console.log('');
console.log('| task (s, batch) | trace variant | sequence length | µs per step and sequence (CPU) |');
console.log('|---|---|---|---|');
for (const r of traceRows) console.log(`| ${r.task} (${r.S}, ${r.B}) | ${r.variant} | ${r.T} | ${r.microsecondsPerStep.toLocaleString('en')} |`);
console.log(JSON.stringify({ bench: 'bp-lambda', rows, trace: traceRows }));
