/**
 * `npx tsx bench/recurrent.ts`: sequence steps per second of the recurrent core (one sequence
 * advancing one step = one sequence step), batch 20, input 28, windows of 100 steps, float64 on
 * one thread; inference (forward only) and training (forward, cross-entropy at the last step,
 * backward, Adam). Rates are per second of this process's CPU time (process.cpuUsage), the
 * best of 5 rounds after a warm-up: on a shared machine wall time mostly measures the other
 * processes. The wall-clock rate of the same rounds is printed beside it. PyTorch 1.13 nn.LSTM, one thread, same shapes (ANCHORS): 100 units 146,000
 * inference / 33,000 training; 200 units 47,000 / 15,700.
 * Prints a markdown table, then one JSON line with the rows.
 */
import { adam } from '../src/core/optimizer.ts';
import type { CellKind } from '../src/recurrent/cells/cell.ts';
import { RecurrentNetwork } from '../src/recurrent/network.ts';
import { Random } from '../src/random/random.ts';

const BATCH = 20;
const INPUT = 28;
const STEPS = 100;
const ROUNDS = 5;

interface Row {
  cell: CellKind;
  units: number;
  /** Per CPU second. */
  inferenceSeqStepsPerSecond: number;
  trainingSeqStepsPerSecond: number;
  /** Per wall-clock second (depends on the machine's load). */
  inferenceWall: number;
  trainingWall: number;
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Best [CPU-time, wall-time] rates in sequence steps per second over ROUNDS rounds. */
function best(minSeconds: number, run: () => void): [number, number] {
  let bestCpu = 0;
  let bestWall = 0;
  for (let round = 0; round < ROUNDS; round++) {
    let windows = 0;
    const start = cpuSeconds();
    const wallStart = performance.now();
    let elapsed = 0;
    do {
      run();
      windows++;
      elapsed = cpuSeconds() - start;
    } while (elapsed < minSeconds);
    const wall = (performance.now() - wallStart) / 1000;
    bestCpu = Math.max(bestCpu, (windows * BATCH * STEPS) / elapsed);
    bestWall = Math.max(bestWall, (windows * BATCH * STEPS) / wall);
  }
  return [bestCpu, bestWall];
}

function measure(cell: CellKind, units: number): Row {
  const net = new RecurrentNetwork({ cell, inputSize: INPUT, hidden: [units], outputSize: 10, seed: 1 });
  const rng = new Random(1, 'bench');
  const inputs = new Float64Array(BATCH * STEPS * INPUT);
  rng.fillUniformSymmetric(inputs, 0, inputs.length, 1);
  const batch = { inputs, batchSize: BATCH, steps: STEPS };
  const targets = Int32Array.from({ length: BATCH }, () => rng.integer(10));
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
  const [inferenceSeqStepsPerSecond, inferenceWall] = best(0.5, infer);
  const [trainingSeqStepsPerSecond, trainingWall] = best(0.5, train);
  return { cell, units, inferenceSeqStepsPerSecond, trainingSeqStepsPerSecond, inferenceWall, trainingWall };
}

const PYTORCH: Record<number, [number, number]> = { 100: [146000, 33000], 200: [47000, 15700] };
const rows: Row[] = [];
process.stdout.write(`| cell | units | inference seq-steps/s (CPU; wall) | training seq-steps/s, Adam (CPU; wall) | PyTorch LSTM 1 thread (inf / train) |\n|---|---:|---:|---:|---:|\n`);
for (const units of [100, 200]) {
  for (const cell of ['lstm', 'sublstm'] as const) {
    const row = measure(cell, units);
    rows.push(row);
    const [pi, pt] = PYTORCH[units];
    process.stdout.write(
      `| ${cell} | ${units} | ${row.inferenceSeqStepsPerSecond.toFixed(0)}; ${row.inferenceWall.toFixed(0)} | ${row.trainingSeqStepsPerSecond.toFixed(0)}; ${row.trainingWall.toFixed(0)} | ${pi} / ${pt} |\n`,
    );
  }
}
process.stdout.write(`${JSON.stringify({ batch: BATCH, input: INPUT, steps: STEPS, rows })}\n`);
