/**
 * Speed of the recurrent core in several checkouts of this repository, in one process, in
 * alternating rounds timed by this process's CPU time, so that all see the same machine load (the
 * measurement behind each optimisation's gain in the README):
 *
 *     git archive <commit> | tar -x -C /tmp/old   # then link node_modules and run npm run build:kernels there
 *     npx tsx bench/compare-recurrent.ts <units> <rounds> <checkout> [<checkout> …]
 *
 * Each round runs every checkout's LSTM (batch 20, input 28, windows of 100 steps, as
 * bench/recurrent.ts) for ≥ 0.3 CPU seconds of inference, then of training with Adam. Prints one
 * JSON line: per checkout the medians of sequence steps per CPU second.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Net {
  parameters: Float64Array;
  gradients: Float64Array;
  forward(batch: { inputs: Float64Array; batchSize: number; steps: number }): void;
  loss(spec: { kind: 'cross-entropy'; at: 'last'; targets: Int32Array }): number;
  backward(): void;
}
interface Modules {
  RecurrentNetwork: new (options: object) => Net;
  adam: (rate: number) => { step(p: Float64Array, g: Float64Array, t: number): void };
}

const BATCH = 20;
const INPUT = 28;
const STEPS = 100;
const [unitsArg, roundsArg, ...roots] = process.argv.slice(2);
if (unitsArg === undefined || roundsArg === undefined || roots.length === 0 || !(Number(unitsArg) >= 1) || !(Number(roundsArg) >= 1)) {
  process.stderr.write('usage: npx tsx bench/compare-recurrent.ts <units> <rounds> <checkout> [<checkout> …]\n');
  process.exit(2);
}
const units = Number(unitsArg);

async function load(root: string): Promise<Modules> {
  const url = (p: string) => pathToFileURL(resolve(root, p)).href;
  const { RecurrentNetwork } = (await import(url('src/recurrent/network.ts'))) as Modules;
  const { adam } = (await import(url('src/core/optimizer.ts'))) as Modules;
  return { RecurrentNetwork, adam };
}

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
/** Sequence steps per CPU second of `run` over ≥ 0.3 CPU s. */
function rate(run: () => void): number {
  const start = cpuSeconds();
  let windows = 0;
  let elapsed = 0;
  do {
    run();
    windows++;
    elapsed = cpuSeconds() - start;
  } while (elapsed < 0.3);
  return (windows * BATCH * STEPS) / elapsed;
}

const inputs = new Float64Array(BATCH * STEPS * INPUT);
for (let i = 0; i < inputs.length; i++) inputs[i] = Math.sin(1.7 * i);
const targets = Int32Array.from({ length: BATCH }, (_, b) => b % 10);
const batch = { inputs, batchSize: BATCH, steps: STEPS };
const setups = await Promise.all(
  roots.map(async (root) => {
    const { RecurrentNetwork, adam } = await load(root);
    const net = new RecurrentNetwork({ cell: 'lstm', inputSize: INPUT, hidden: [units], outputSize: 10, seed: 1 });
    const opt = adam(1e-4);
    const infer = () => net.forward(batch);
    const train = () => {
      net.forward(batch);
      net.loss({ kind: 'cross-entropy', at: 'last', targets });
      net.backward();
      opt.step(net.parameters, net.gradients, 0);
    };
    infer();
    train();
    return { root, infer, train, inference: [] as number[], training: [] as number[] };
  }),
);
for (let r = 0; r < Number(roundsArg); r++) {
  const order = r % 2 === 0 ? setups : setups.slice().reverse();
  for (const s of order) {
    s.inference.push(rate(s.infer));
    s.training.push(rate(s.train));
  }
}
const median = (a: number[]) => a.slice().sort((x, y) => x - y)[a.length >> 1];
process.stdout.write(
  `${JSON.stringify({ units, rounds: Number(roundsArg), checkouts: setups.map((s) => ({ root: s.root, inferenceSeqStepsPerCpuSecond: Math.round(median(s.inference)), trainingSeqStepsPerCpuSecond: Math.round(median(s.training)) })) })}\n`,
);
