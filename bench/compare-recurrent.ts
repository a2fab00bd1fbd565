/**
 * Speed of the recurrent core in several checkouts of this repository, in one process, in
 * alternating rounds timed by this process's CPU time, so that all see the same machine load (the
 * measurement behind each optimisation's gain in the README):
 *
 *     git archive <commit> | tar -x -C /tmp/old   # then link node_modules and run npm run build:kernels there
 *     npx tsx bench/compare-recurrent.ts <units> <rounds> <checkout> [<checkout> …]
 *
 * Each round runs every checkout's LSTM (the window and loop of bench/recurrent-timing.ts) for
 * ≥ 0.3 CPU seconds of inference, then of training with Adam. Prints one JSON line: per checkout
 * the medians of sequence steps per CPU second.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type AdamFactory, INPUT, median, seqStepRate, timedCase, type TimedNetwork } from './recurrent-timing.ts';

const [unitsArg, roundsArg, ...roots] = process.argv.slice(2);
if (unitsArg === undefined || roundsArg === undefined || roots.length === 0 || !(Number(unitsArg) >= 1) || !(Number(roundsArg) >= 1)) {
  process.stderr.write('usage: npx tsx bench/compare-recurrent.ts <units> <rounds> <checkout> [<checkout> …]\n');
  process.exit(2);
}
const units = Number(unitsArg);

async function load(root: string): Promise<{ RecurrentNetwork: new (options: object) => TimedNetwork; adam: AdamFactory }> {
  const url = (p: string) => pathToFileURL(resolve(root, p)).href;
  const { RecurrentNetwork } = (await import(url('src/recurrent/network.ts'))) as { RecurrentNetwork: new (options: object) => TimedNetwork };
  const { adam } = (await import(url('src/core/optimizer.ts'))) as { adam: AdamFactory };
  return { RecurrentNetwork, adam };
}

const setups = await Promise.all(
  roots.map(async (root) => {
    const { RecurrentNetwork, adam } = await load(root);
    const net = new RecurrentNetwork({ cell: 'lstm', inputSize: INPUT, hidden: [units], outputSize: 10, seed: 1 });
    return { root, ...timedCase(net, adam), inference: [] as number[], training: [] as number[] };
  }),
);
for (let r = 0; r < Number(roundsArg); r++) {
  const order = r % 2 === 0 ? setups : setups.slice().reverse();
  for (const s of order) {
    s.inference.push(seqStepRate(s.infer, 0.3)[0]);
    s.training.push(seqStepRate(s.train, 0.3)[0]);
  }
}
process.stdout.write(
  `${JSON.stringify({ units, rounds: Number(roundsArg), checkouts: setups.map((s) => ({ root: s.root, inferenceSeqStepsPerCpuSecond: Math.round(median(s.inference)), trainingSeqStepsPerCpuSecond: Math.round(median(s.training)) })) })}\n`,
);
