/**
 * `npx tsx bench/recurrent.ts` (part of `npm run bench`): sequence steps per second of the
 * recurrent core (one sequence advancing one step = one sequence step), batch 20, input 28,
 * windows of 100 steps, float64 on one thread; inference (forward only) and training (forward,
 * cross-entropy at the last step, backward, Adam). LSTM and subLSTM on the default kernels
 * (WebAssembly SIMD when built), and the LSTM on the plain-JavaScript reference kernels. Rates are
 * per second of this process's CPU time (process.cpuUsage), the best of 5 rounds after a warm-up:
 * on a shared machine wall time mostly measures the other processes (the wall-clock rates are in
 * the JSON line). Beside them PyTorch 1.13 nn.LSTM on this machine kind, one thread, same shapes:
 * 100 units 146,000 inference / 33,000 training, 200 units 47,000 / 15,700.
 * Prints a markdown table, the time of an epoch of pixel-by-pixel MNIST at these rates, then one
 * JSON line with the rows.
 */
import { adam } from '../src/core/optimizer.ts';
import type { KernelKind } from '../src/kernels/dense-kernels.ts';
import { defaultRecurrentKernelKind } from '../src/kernels/recurrent-kernel-memory.ts';
import type { CellKind } from '../src/recurrent/cells/cell.ts';
import { RecurrentNetwork } from '../src/recurrent/network.ts';
import { Random } from '../src/random/random.ts';

const BATCH = 20;
const INPUT = 28;
const STEPS = 100;
const ROUNDS = 5;

interface Row {
  cell: CellKind;
  kernels: KernelKind;
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

function measure(cell: CellKind, units: number, kernels: KernelKind): Row {
  const net = new RecurrentNetwork({ cell, inputSize: INPUT, hidden: [units], outputSize: 10, seed: 1, kernels });
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
  return { cell, kernels, units, inferenceSeqStepsPerSecond, trainingSeqStepsPerSecond, inferenceWall, trainingWall };
}

/** PyTorch 1.13 nn.LSTM on this machine kind, one thread, batch 20, input 28: [inference, training] sequence steps/s. */
const PYTORCH: Record<number, [number, number]> = { 100: [146000, 33000], 200: [47000, 15700] };
/** Pixel-by-pixel sequential MNIST: 784 steps, 8,000 training and 2,000 test digits per epoch. */
const SEQ_MNIST_TRAIN_STEPS = 784 * 8000;
const SEQ_MNIST_TEST_STEPS = 784 * 2000;

const kernels = defaultRecurrentKernelKind();
const rows: Row[] = [];
process.stdout.write(
  `| cell | kernels | units | inference seq-steps/s | PyTorch LSTM | ratio | training seq-steps/s (Adam) | PyTorch LSTM | ratio |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n`,
);
for (const units of [100, 200]) {
  for (const [cell, kind] of [['lstm', kernels], ['sublstm', kernels], ['lstm', 'js']] as const) {
    const row = measure(cell, units, kind);
    rows.push(row);
    const [pi, pt] = PYTORCH[units];
    const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
    process.stdout.write(
      `| ${cell} | ${kind} | ${units} | ${fmt(row.inferenceSeqStepsPerSecond)} | ${fmt(pi)} | ${(row.inferenceSeqStepsPerSecond / pi).toFixed(2)} | ${fmt(row.trainingSeqStepsPerSecond)} | ${fmt(pt)} | ${(row.trainingSeqStepsPerSecond / pt).toFixed(2)} |\n`,
    );
  }
}
const lstm100 = rows.find((r) => r.cell === 'lstm' && r.units === 100 && r.kernels === kernels) as Row;
const epochSeconds = SEQ_MNIST_TRAIN_STEPS / lstm100.trainingSeqStepsPerSecond + SEQ_MNIST_TEST_STEPS / lstm100.inferenceSeqStepsPerSecond;
process.stdout.write(
  `\nRates per CPU second, best of ${ROUNDS} rounds. At the LSTM's 100-unit rates an epoch of pixel-by-pixel MNIST (8,000 training + 2,000 test digits × 784 steps, batch 20) takes ~${epochSeconds.toFixed(0)} CPU s (PyTorch's rates: ~${(SEQ_MNIST_TRAIN_STEPS / PYTORCH[100][1] + SEQ_MNIST_TEST_STEPS / PYTORCH[100][0]).toFixed(0)} s).\n`,
);
process.stdout.write(`${JSON.stringify({ batch: BATCH, input: INPUT, steps: STEPS, rows, pytorch: PYTORCH, seqMnistEpochCpuSeconds: epochSeconds })}\n`);
