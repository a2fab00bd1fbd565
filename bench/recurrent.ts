/**
 * `npx tsx bench/recurrent.ts [--pytorch] [--rounds N] [--pixel-rounds N]` (part of `npm run bench`; with --pytorch it
 * is what `npm run bench -- --pytorch` runs): sequence steps per second of the recurrent core (one
 * sequence advancing one step = one sequence step), batch 20, input 28, windows of 100 steps, one
 * thread; inference (forward only) and training (forward, cross-entropy at the last step,
 * backward, Adam). The LSTM and the subLSTM in float64 and float32 on the default kernels
 * (WebAssembly SIMD when built), and the float64 LSTM on the plain-JavaScript reference kernels.
 * Rates are per second of this process's CPU time, the best of the rounds; every round runs every
 * row once, in alternating order, so that all rows see the same machine load
 * (bench/recurrent-timing.ts).
 *
 * --pytorch: PyTorch's nn.LSTM on the same windows (bench/pytorch-lstm.py, float32, one thread),
 * driven as a child process whose timings take their turn in the same rounds; the table then gives
 * our rates as ratios of PyTorch's. Needs a python3 with torch (`apt-get install -y python3-torch`
 * on Debian, with `libopenblas0-serial` for an optimised BLAS; or `pip install torch`); PYTHON
 * chooses the interpreter. Never part of CI.
 *
 * Pixel-by-pixel MNIST rows (--pixel-rounds N alternating rounds, default 3; 0 leaves them out):
 * the shape `npm run train -- --data seq-mnist` trains (batches of 50 real training digits, 784
 * steps of one pixel, 100 units), LSTM, subLSTM and fix-subLSTM in float64 and float32: training
 * digits per CPU second (the trainer's step: forward, cross-entropy at the last step, backward,
 * clipping to norm 1, RMSProp with momentum, cycling through the first PIXEL_WINDOWS batches of
 * epoch 1), and the CPU seconds of one 784-step backward pass alone (where float32 gradients that
 * decay into the subnormal range are floored at 2^−100: FLOAT32_GRADIENT_FLOOR).
 *
 * Prints a markdown table, the CPU time of an epoch of pixel-by-pixel MNIST at the LSTM's rates,
 * the pixel-by-pixel table, then one JSON line with the rows (CPU and wall-clock rates, best and
 * median).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { loadavg } from 'node:os';
import { adam } from '../src/core/optimizer.ts';
import { loadMnist } from '../src/data/mnist.ts';
import { SequentialMnistBatches } from '../src/data/sequential-mnist.ts';
import type { KernelKind } from '../src/kernels/dense-kernels.ts';
import { defaultRecurrentKernelKind } from '../src/kernels/recurrent-kernel-memory.ts';
import type { CellKind } from '../src/recurrent/cells/cell.ts';
import type { RecurrentPrecision } from '../src/recurrent/layer-float32.ts';
import { RecurrentNetwork } from '../src/recurrent/network.ts';
import { classifyAtEndBatch } from '../src/recurrent/training/network-batch.ts';
import { makeRecurrentOptimizer } from '../src/recurrent/training/recurrent-optimizer.ts';
import { RECURRENT_DEFAULTS } from '../src/recurrent/training/recurrent-train-options.ts';
import { BATCH, callRate, INPUT, median, PIXEL_MNIST, pixelMnistCase, seqStepRate, STEPS, timedCase, type PixelMnistCase, type TimedCase } from './recurrent-timing.ts';

const USAGE = 'usage: npx tsx bench/recurrent.ts [--pytorch] [--rounds N] [--pixel-rounds N]   (--pytorch: PyTorch nn.LSTM on the same windows, bench/pytorch-lstm.py; --pixel-rounds 0 leaves out the pixel-by-pixel MNIST rows)\n';
const args = process.argv.slice(2);
let withPytorch = false;
let rounds = 5;
let pixelRounds = 3;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--pytorch') withPytorch = true;
  else if (args[i] === '--rounds' && Number.isInteger(Number(args[i + 1])) && Number(args[i + 1]) >= 1) rounds = Number(args[++i]);
  else if (args[i] === '--pixel-rounds' && Number.isInteger(Number(args[i + 1])) && Number(args[i + 1]) >= 0) pixelRounds = Number(args[++i]);
  else {
    process.stderr.write(`unknown or incomplete argument ${args[i]}\n${USAGE}`);
    process.exit(2);
  }
}
/** CPU seconds per timing of one row and mode. */
const SECONDS = 0.5;
/** Batches of real training digits the pixel rows cycle through: the first of epoch 1 in the trainer's order for seed 1. */
const PIXEL_WINDOWS = 4;

interface Timed {
  cpu: number[];
  wall: number[];
}
interface Row {
  label: string;
  cell: CellKind | 'pytorch-lstm';
  kernels: KernelKind | 'pytorch';
  precision: RecurrentPrecision;
  units: number;
  inference: Timed;
  training: Timed;
  /** Runs one timing of this row: [CPU rate, wall rate]. */
  time(mode: 'inference' | 'training'): Promise<[number, number]>;
}

/** A python3 that imports torch: $PYTHON, else python3 on PATH, else /usr/bin/python3 (Debian's, where python3-torch installs). */
function findTorchPython(): string | null {
  const candidates = [process.env.PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => c !== undefined && c !== '');
  for (const python of candidates) {
    if (spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0) return python;
  }
  return null;
}

/** The PyTorch rows: a child process answering one timing request per line (bench/pytorch-lstm.py --serve). */
async function pytorchRows(unitsList: readonly number[]): Promise<{ rows: Row[]; torch: string; blas: string; close(): void }> {
  const python = findTorchPython();
  if (python === null) {
    process.stderr.write(
      'bench --pytorch: no python3 with PyTorch found (tried $PYTHON, python3, /usr/bin/python3).\n' +
        'Install it: `apt-get install -y python3-torch libopenblas0-serial` (Debian; torch 1.13.1, OpenBLAS single-threaded), or `pip install torch`; set PYTHON=/path/to/python3 to choose the interpreter.\n',
    );
    process.exit(1);
  }
  const child = spawn(python, ['bench/pytorch-lstm.py', '--serve'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' } });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, unknown>> => {
    const line = await lines.next();
    if (line.done === true) {
      process.stderr.write('bench --pytorch: bench/pytorch-lstm.py ended early (see its message above)\n');
      process.exit(1);
    }
    return JSON.parse(line.value) as Record<string, unknown>;
  };
  const hello = await next();
  const rows = unitsList.map((units): Row => ({
    label: `PyTorch ${String(hello.torch)} nn.LSTM`,
    cell: 'pytorch-lstm',
    kernels: 'pytorch',
    precision: 'float32',
    units,
    inference: { cpu: [], wall: [] },
    training: { cpu: [], wall: [] },
    async time(mode) {
      child.stdin.write(`${units} ${mode} ${SECONDS}\n`);
      const answer = await next();
      if (typeof answer.error === 'string') {
        process.stderr.write(`bench --pytorch: bench/pytorch-lstm.py answered: ${answer.error}\n`);
        process.exit(1);
      }
      return [answer.seqStepsPerCpuSecond as number, answer.seqStepsPerWallSecond as number];
    },
  }));
  return { rows, torch: String(hello.torch), blas: String(hello.blas), close: () => child.stdin.end() };
}

function ourRow(cell: CellKind, kernels: KernelKind, precision: RecurrentPrecision, units: number): Row {
  const net = new RecurrentNetwork({ cell, inputSize: INPUT, hidden: [units], outputSize: 10, seed: 1, kernels, precision });
  const c: TimedCase = timedCase(net, adam);
  return {
    label: `${cell} ${kernels} ${precision}`,
    cell,
    kernels,
    precision,
    units,
    inference: { cpu: [], wall: [] },
    training: { cpu: [], wall: [] },
    time: async (mode) => seqStepRate(mode === 'inference' ? c.infer : c.train, SECONDS),
  };
}

const UNITS = [100, 200];
const kernels = defaultRecurrentKernelKind();
const rows: Row[] = [];
for (const units of UNITS) {
  rows.push(ourRow('lstm', kernels, 'float64', units), ourRow('lstm', kernels, 'float32', units), ourRow('sublstm', kernels, 'float64', units), ourRow('sublstm', kernels, 'float32', units), ourRow('lstm', 'js', 'float64', units));
}
const pytorch = withPytorch ? await pytorchRows(UNITS) : null;
if (pytorch !== null) rows.push(...pytorch.rows);
const loadBefore = loadavg()[0];
const wallStart = performance.now();
for (let r = 0; r < rounds; r++) {
  const order = r % 2 === 0 ? rows : rows.slice().reverse();
  for (const row of order) {
    for (const mode of ['inference', 'training'] as const) {
      const [cpu, wall] = await row.time(mode);
      row[mode].cpu.push(cpu);
      row[mode].wall.push(wall);
    }
  }
}
pytorch?.close();
const wallSeconds = (performance.now() - wallStart) / 1000;
const load = `${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)}`;

const best = (t: Timed) => Math.max(...t.cpu);
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const reference = (units: number) => rows.find((r) => r.cell === 'pytorch-lstm' && r.units === units);
const ratio = (x: number, units: number, mode: 'inference' | 'training') => {
  const ref = reference(units);
  return ref === undefined ? '' : ` | ${(x / best(ref[mode])).toFixed(2)}`;
};
process.stdout.write(
  pytorch === null
    ? '| units | cell, kernels, precision | inference seq-steps / CPU s | training seq-steps / CPU s (Adam) |\n|---:|---|---:|---:|\n'
    : '| units | cell, kernels, precision | inference seq-steps / CPU s | ÷ PyTorch | training seq-steps / CPU s (Adam) | ÷ PyTorch |\n|---:|---|---:|---:|---:|---:|\n',
);
for (const units of UNITS) {
  for (const row of rows.filter((r) => r.units === units)) {
    const inf = best(row.inference);
    const tr = best(row.training);
    process.stdout.write(`| ${units} | ${row.label} | ${fmt(inf)}${ratio(inf, units, 'inference')} | ${fmt(tr)}${ratio(tr, units, 'training')} |\n`);
  }
}
/** Pixel-by-pixel sequential MNIST: 784 steps, 8,000 training and 2,000 test digits per epoch. */
const epochSeconds = (row: Row) => (784 * 8000) / best(row.training) + (784 * 2000) / best(row.inference);
const lstm100 = (precision: RecurrentPrecision) => rows.find((r) => r.cell === 'lstm' && r.units === 100 && r.kernels === kernels && r.precision === precision) as Row;
process.stdout.write(
  `\nRates per CPU second, best of ${rounds} alternating rounds (${wallSeconds.toFixed(0)} s wall, 1-min load ${load}${pytorch === null ? '' : `; PyTorch ${pytorch.torch} with ${pytorch.blas}`}). At the 100-unit LSTM's rates an epoch of pixel-by-pixel MNIST (8,000 training + 2,000 test digits × 784 steps, batch 20) takes ~${epochSeconds(lstm100('float64')).toFixed(0)} CPU s in float64, ~${epochSeconds(lstm100('float32')).toFixed(0)} in float32.\n`,
);
const pixel = pixelRounds > 0 ? measurePixelRows(pixelRounds) : null;
if (pixel !== null) {
  process.stdout.write(
    `\nPixel-by-pixel MNIST as \`npm run train -- --data seq-mnist\` trains it: batches of ${PIXEL_MNIST.batch} real training digits, ${PIXEL_MNIST.steps} steps of one pixel, ${PIXEL_MNIST.units} units, ${kernels} kernels, one thread:\n\n` +
      '| cell, precision | training digits / CPU s | 8,000-digit epoch, training only (CPU s) | one 784-step backward pass (CPU s) |\n|---|---:|---:|---:|\n',
  );
  for (const row of pixel.rows) {
    const digits = Math.max(...row.training);
    process.stdout.write(`| ${row.cell} ${row.precision} | ${digits.toFixed(1)} | ${(8000 / digits).toFixed(0)} | ${Math.min(...row.backward).toFixed(2)} |\n`);
  }
  process.stdout.write(`\nBest of ${pixel.rounds} alternating rounds (${pixel.wallSeconds.toFixed(0)} s wall, 1-min load ${pixel.load}); training = forward, cross-entropy at the last step, backward, clip 1, RMSProp with momentum, over ${PIXEL_WINDOWS} batches in turn.\n`);
}
process.stdout.write(
  `${JSON.stringify({
    batch: BATCH,
    input: INPUT,
    steps: STEPS,
    rounds,
    wallSeconds,
    load,
    pytorch: pytorch === null ? null : { torch: pytorch.torch, blas: pytorch.blas },
    rows: rows.map((r) => ({
      cell: r.cell,
      kernels: r.kernels,
      precision: r.precision,
      units: r.units,
      inferenceSeqStepsPerCpuSecond: best(r.inference),
      trainingSeqStepsPerCpuSecond: best(r.training),
      inferenceMedian: median(r.inference.cpu),
      trainingMedian: median(r.training.cpu),
      inferenceWall: Math.max(...r.inference.wall),
      trainingWall: Math.max(...r.training.wall),
    })),
    seqMnistEpochCpuSeconds: { float64: epochSeconds(lstm100('float64')), float32: epochSeconds(lstm100('float32')) },
    pixelMnist:
      pixel === null
        ? null
        : {
            ...PIXEL_MNIST,
            kernels,
            windows: PIXEL_WINDOWS,
            rounds: pixel.rounds,
            wallSeconds: pixel.wallSeconds,
            load: pixel.load,
            rows: pixel.rows.map((r) => ({
              cell: r.cell,
              precision: r.precision,
              trainingDigitsPerCpuSecond: Math.max(...r.training),
              trainingMedian: median(r.training),
              trainingWall: Math.max(...r.trainingWall),
              backwardCpuSeconds: Math.min(...r.backward),
              backwardMedian: median(r.backward),
            })),
          },
  })}\n`,
);

interface PixelRow {
  cell: CellKind;
  precision: RecurrentPrecision;
  case: PixelMnistCase;
  /** Training digits per CPU second, per round. */
  training: number[];
  trainingWall: number[];
  /** CPU seconds of one backward pass, per round. */
  backward: number[];
}

/** The pixel-by-pixel MNIST rows, timed in `pixelRounds` rounds that run every row once, in alternating order. */
function measurePixelRows(pixelRounds: number): { rows: PixelRow[]; rounds: number; wallSeconds: number; load: string } {
  const batches = new SequentialMnistBatches(loadMnist(1).train, { variant: 'pixel', batchSize: PIXEL_MNIST.batch, seed: 1 });
  const windows = Array.from({ length: PIXEL_WINDOWS }, (_, i) => classifyAtEndBatch(batches.batch(1, i)));
  const pixelRows: PixelRow[] = [];
  for (const cell of ['lstm', 'sublstm', 'fix-sublstm'] as const) {
    for (const precision of ['float64', 'float32'] as const) {
      const net = new RecurrentNetwork({ cell, inputSize: PIXEL_MNIST.input, hidden: [PIXEL_MNIST.units], outputSize: 10, seed: 1, kernels, precision });
      pixelRows.push({ cell, precision, case: pixelMnistCase(net, windows, makeRecurrentOptimizer({ optimizer: 'rmsprop', lr: RECURRENT_DEFAULTS.pixelLr })), training: [], trainingWall: [], backward: [] });
    }
  }
  const before = loadavg()[0];
  const start = performance.now();
  for (let r = 0; r < pixelRounds; r++) {
    for (const row of r % 2 === 0 ? pixelRows : pixelRows.slice().reverse()) {
      const [cpu, wall] = callRate(row.case.train, SECONDS);
      row.training.push(cpu * PIXEL_MNIST.batch);
      row.trainingWall.push(wall * PIXEL_MNIST.batch);
      row.backward.push(1 / callRate(row.case.backward, SECONDS)[0]);
    }
  }
  return { rows: pixelRows, rounds: pixelRounds, wallSeconds: (performance.now() - start) / 1000, load: `${before.toFixed(1)} → ${loadavg()[0].toFixed(1)}` };
}
