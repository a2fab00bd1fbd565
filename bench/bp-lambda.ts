/**
 * `npx tsx bench/bp-lambda.ts [--quick]` (the quick form is part of `npm run bench`): sequence steps per second (one sequence advancing one
 * step, training included) of every online learner of src/recurrent/online at the sizes of
 * issue 16's tasks: line-draw (linear RNN of 30 units, batch 10, T = 60, 10 inputs, 2 outputs),
 * row-MNIST (LSTM of 30 units, s = [h; c] of 60, batch 20, 28 steps of 28 pixels, 10 classes) and
 * copy-repeat (LSTM of 100 units, s of 200, batch 1, 10 inputs, 9 outputs, 40 steps). Each row is
 * the learner's beginSequence/step/endOfSequence on one batch plus an Adam step of the network;
 * rates are per second of this process's CPU time (process.cpuUsage), the best of 3 rounds
 * after a warm-up. BP(λ) with λ > 0 costs S³(S + 1) per step and sequence for its trace
 * (linear-synthesiser.ts): at s = 60 and 200 a step takes tens of ms to seconds, so those rows time
 * sequences of 4 steps, of which 2 run the trace (the first and last steps do not), so they
 * overstate the long-sequence rate by up to 2×. --quick: sequences of at most 10 steps and 0.1 s
 * rounds. Prints a markdown table, then one JSON line with the rows.
 */
import { adam } from '../src/core/optimizer.ts';
import type { SequenceBatch as TaskBatch } from '../src/data/sequence-batch.ts';
import { Random } from '../src/random/random.ts';
import type { CellKind } from '../src/recurrent/cells/cell.ts';
import { RecurrentNetwork } from '../src/recurrent/network.ts';
import { BpLambda } from '../src/recurrent/online/bp-lambda.ts';
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
  { name: 'copy-repeat', cell: 'lstm', units: 100, batch: 1, steps: 40, inputs: 10, outputs: 9 },
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
    const S = net.layers[0].stateSize;
    // a sequence shortened for the O(S⁴) rule at large S, so a round stays near a second
    const heavy = method === 'BP(1)' ? S ** 4 * task.batch : 0;
    const steps = heavy > 1e8 ? 4 : quick ? Math.min(task.steps, 10) : task.steps;
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
for (const r of rows) console.log(`| ${r.task} | ${r.method} | ${r.seqStepsPerSecond.toLocaleString('en')}${r.stepsTimed < 10 ? ` (${r.stepsTimed}-step sequences, ${r.stepsTimed - 2} with the trace)` : ''} |`);
console.log(JSON.stringify({ bench: 'bp-lambda', rows }));
