/**
 * `npm run bench`: speed of the simulator, of the recurrent core and of the Brown language model's
 * training step on this machine, and the cost of streaming, sweeps and the live view. Each case
 * runs in its own process;
 * the table goes to stdout and, with the machine's description, to bench/results.json.
 * `npm run bench -- --peer`: only the comparison with the public NumPy reference
 * (bench/peer-comparison.ts; needs NEURO_BACKPROP_DIR).
 * `npm run bench -- --pytorch`: only the recurrent core beside PyTorch's nn.LSTM measured in the
 * same rounds (bench/recurrent.ts --pytorch; needs a python3 with torch, never run in CI).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { CIRCUIT_CASES } from './circuit-cases.ts';

const flags = process.argv.slice(2);
const ONLY: Record<string, string[]> = { '--peer': ['bench/peer-comparison.ts'], '--pytorch': ['bench/recurrent.ts', '--pytorch'] };
if (flags.length > 1 || flags.some((f) => !(f in ONLY))) {
  process.stderr.write(
    `${flags.length > 1 ? 'one of --peer and --pytorch at a time' : `unknown argument ${flags[0]}`}\nusage: npm run bench [-- --peer | --pytorch]   (--peer: only the comparison with the NumPy reference, bench/peer-comparison.ts; --pytorch: only the recurrent core beside PyTorch nn.LSTM, bench/recurrent.ts --pytorch)\n`,
  );
  process.exit(2);
}
if (flags.length === 1) {
  try {
    execFileSync(process.execPath, ['--import', 'tsx', ...ONLY[flags[0]]], { stdio: 'inherit' });
  } catch (err) {
    process.exit((err as { status?: number }).status ?? 1);
  }
  process.exit(0);
}

interface Row {
  name: string;
  simulatedMsPerWallSecond: number;
  threads: number;
  steps: number;
  peakRssMB: number;
  heapGrowthKB: number;
  gcDuringTimedRuns: number;
}

const machine = `${cpus()[0].model}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
process.stdout.write(`Machine: ${machine}\n\n`);
process.stdout.write('| case (full dynamics, Euler dt 0.1 ms, float64 unless named) | simulated ms / wall s | peak RSS (MB) | heap growth (KB) | GCs |\n');
process.stdout.write('|---|---:|---:|---:|---:|\n');
const rows: Row[] = [];
for (let i = 0; i < CIRCUIT_CASES.length; i++) {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/run-case.ts', String(i)], { encoding: 'utf8' });
  const row = JSON.parse(out.trim().split('\n').pop()!) as Row;
  rows.push(row);
  process.stdout.write(
    `| ${row.name}${CIRCUIT_CASES[i].threads === 'auto' ? ` (chose ${row.threads})` : ''} | ${row.simulatedMsPerWallSecond.toFixed(row.simulatedMsPerWallSecond < 100 ? 1 : 0)} | ${row.peakRssMB.toFixed(0)} | ${row.heapGrowthKB.toFixed(0)} | ${row.gcDuringTimedRuns} |\n`,
  );
}
// Streaming cost from alternating rounds in one process (bench/streaming-cost.ts): the rows
// above come from separate processes and differ by more than the cost itself when the machine is busy.
const streamingCost = [
  [0, 1, 21],
  [3, 4, 11],
].map(([bare, probed, rounds]) => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/streaming-cost.ts', String(bare), String(probed), String(rounds)], { encoding: 'utf8' });
  return JSON.parse(out.trim()) as { circuit: string; medianPercent: number; rounds: number };
});
process.stdout.write(`\nStreaming cost of one probe read every 1 ms (median of alternating rounds): ${streamingCost.map((c) => `${c.circuit.split(' ')[0]} ${c.medianPercent.toFixed(1)} %`).join(', ')}.\n`);

// The deferred plasticity update on its own (bench/plasticity-window.ts): the step-by-step row and
// its windowed variants in alternating rounds in one process, so the ratios see one load.
process.stdout.write('\n| plasticity window (alternating rounds, one process) | simulated ms / wall s | ratio to window 1 | simulated ms / CPU s | ratio | load (1-min average) |\n|---|---:|---:|---:|---:|---|\n');
const plasticityWindow = [
  [2, 6, 7, 8],
  [5, 9, 10, 11],
].flatMap((indices) => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/plasticity-window.ts', ...indices.map(String), '--rounds', '9'], { encoding: 'utf8' });
  return out
    .trim()
    .split('\n')
    .map((line) => {
      const row = JSON.parse(line) as { case: string; simulatedMsPerWallSecond: number; ratio: number; simulatedMsPerCpuSecond: number; cpuRatio: number; load: string };
      process.stdout.write(`| ${row.case} | ${row.simulatedMsPerWallSecond} | ${row.ratio.toFixed(2)} | ${row.simulatedMsPerCpuSecond} | ${row.cpuRatio.toFixed(2)} | ${row.load} |\n`);
      return row;
    });
});

// The second kernel thread on its own (bench/threads.ts): one thread and two in alternating rounds
// in one process; wall time is the figure that matters with two threads.
process.stdout.write('\n| kernel threads (alternating rounds, one process) | threads | simulated ms / wall s | ratio to 1 thread | simulated ms / CPU s | ratio | "auto" chooses | load (1-min average) |\n|---|---:|---:|---:|---:|---:|---:|---|\n');
const threads = execFileSync(process.execPath, ['--import', 'tsx', 'bench/threads.ts', '--rounds', '9'], { encoding: 'utf8' })
  .trim()
  .split('\n')
  .map((line) => {
    const row = JSON.parse(line) as { case: string; threads: number; simulatedMsPerWallSecond: number; wallRatio: number; simulatedMsPerCpuSecond: number; cpuRatio: number; autoChooses: number; load: string };
    process.stdout.write(`| ${row.case} | ${row.threads} | ${row.simulatedMsPerWallSecond} | ${row.wallRatio.toFixed(2)} | ${row.simulatedMsPerCpuSecond} | ${row.cpuRatio.toFixed(2)} | ${row.autoChooses} | ${row.load} |\n`);
    return row;
  });

// The fused step on its own (bench/fused-step.ts): one WebAssembly call per step against the
// separate kernel calls, in alternating rounds in one process.
process.stdout.write('\n| fused step (alternating rounds, one process) | separate calls, simulated ms / CPU s | fused | ratio (CPU) | ratio (wall) | load |\n|---|---:|---:|---:|---:|---|\n');
const fusedStep = execFileSync(process.execPath, ['--import', 'tsx', 'bench/fused-step.ts', '0', '2', '5', '--rounds', '9'], { encoding: 'utf8' })
  .trim()
  .split('\n')
  .map((line) => {
    const row = JSON.parse(line) as { case: string; separateSimulatedMsPerCpuSecond: number; fusedSimulatedMsPerCpuSecond: number; cpuRatio: number; ratio: number; load: string };
    process.stdout.write(`| ${row.case} | ${row.separateSimulatedMsPerCpuSecond} | ${row.fusedSimulatedMsPerCpuSecond} | ${row.cpuRatio.toFixed(2)} | ${row.ratio.toFixed(2)} | ${row.load} |\n`);
    return row;
  });

// float32 storage on its own (src/kernels/float32-storage.ts): each float32 case beside its float64
// twin in alternating rounds in one process (the same script as the plasticity window's).
process.stdout.write('\n| float32 storage (alternating rounds, one process) | simulated ms / wall s | ratio to float64 | simulated ms / CPU s | ratio | load (1-min average) |\n|---|---:|---:|---:|---:|---|\n');
const float32 = [
  [2, CIRCUIT_CASES.findIndex((c) => c.name === '30-50-10 learning + noise, float32')],
  [5, CIRCUIT_CASES.findIndex((c) => c.name === '784-500-500-10 learning + noise, float32')],
].flatMap((indices) => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/plasticity-window.ts', ...indices.map(String), '--rounds', '9'], { encoding: 'utf8' });
  return out
    .trim()
    .split('\n')
    .map((line) => {
      const row = JSON.parse(line) as { case: string; simulatedMsPerWallSecond: number; ratio: number; simulatedMsPerCpuSecond: number; cpuRatio: number; load: string };
      process.stdout.write(`| ${row.case} | ${row.simulatedMsPerWallSecond} | ${row.ratio.toFixed(2)} | ${row.simulatedMsPerCpuSecond} | ${row.cpuRatio.toFixed(2)} | ${row.load} |\n`);
      return row;
    });
});

// The roofline (bench/roofline.ts): triad bandwidth from WebAssembly and the fraction of it a
// 784-500-500-10 learning step reaches.
interface RooflineRow {
  triadGBs: Record<'dram' | 'llc' | 'l2', number>;
  readGBs: Record<'dram' | 'llc' | 'l2', number>;
  updateGBs: Record<'dram' | 'llc' | 'l2', number>;
  kernelBoundStepsPerSecond: Record<'dram' | 'llc' | 'l2', number>;
  steps: { case: string; stepsPerSecond: number; MBPerStep: number; GBs: number; fractionOfDramTriad: number; fractionOfLlcTriad: number }[];
  wallTriadGBs: Record<'oneCore' | 'twoCores', Record<'dram' | 'llc', number>>;
  twoThreadSteps: { case: string; stepsPerWallSecond: number; MBPerStep: number; GBs: number; fractionOfTwoCoreLlcTriad: number }[];
  load: string;
}
const roofline = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'bench/roofline.ts'], { encoding: 'utf8' }).trim()) as RooflineRow;
const t = roofline.triadGBs;
process.stdout.write(`\nRoofline (per CPU second): WebAssembly triad ${t.dram} GB/s over 3 × 64 MB (DRAM), ${t.llc} GB/s over 3 × 4 MB (last-level cache), ${t.l2} GB/s over 3 × 128 KB (L2); the product kernel (matVec, 500 columns) over the same ${roofline.readGBs.dram}, ${roofline.readGBs.llc} and ${roofline.readGBs.l2} GB/s, the update kernel ${roofline.updateGBs.dram}, ${roofline.updateGBs.llc} and ${roofline.updateGBs.l2} GB/s, so a float64 learning step is bound by its own kernels at ${roofline.kernelBoundStepsPerSecond.dram}, ${roofline.kernelBoundStepsPerSecond.llc} and ${roofline.kernelBoundStepsPerSecond.l2} steps / s; load ${roofline.load}.\n`);
process.stdout.write('| step | steps / CPU s | MB moved / step | GB/s | of DRAM triad | of cache triad |\n|---|---:|---:|---:|---:|---:|\n');
for (const r of roofline.steps) {
  process.stdout.write(`| ${r.case} | ${r.stepsPerSecond} | ${r.MBPerStep} | ${r.GBs} | ${(100 * r.fractionOfDramTriad).toFixed(0)} % | ${(100 * r.fractionOfLlcTriad).toFixed(0)} % |\n`);
}
const w = roofline.wallTriadGBs;
process.stdout.write(`\nTwo cores (wall time): triad over 3 × 4 MB per thread ${w.oneCore.llc} GB/s on one core, ${w.twoCores.llc} on two; over 3 × 64 MB ${w.oneCore.dram} and ${w.twoCores.dram}.\n`);
process.stdout.write('| step | steps / wall s | MB moved / step | GB/s | of two-core cache triad |\n|---|---:|---:|---:|---:|\n');
for (const r of roofline.twoThreadSteps) process.stdout.write(`| ${r.case} | ${r.stepsPerWallSecond} | ${r.MBPerStep} | ${r.GBs} | ${(100 * r.fractionOfTwoCoreLlcTriad).toFixed(0)} % |\n`);

// Steady-state MNIST (the paper's two-pass scheme) and the backprop baseline, each in its own process.
interface SteadyRow {
  name: string;
  trainSamplesPerSecond: number;
  inferenceSamplesPerSecond: number;
  trainSamplesPerCpuSecond: number;
  inferenceSamplesPerCpuSecond: number;
  peakRssMB: number;
  heapGrowthKB: number;
  gcDuringTimedRuns: number;
}
process.stdout.write(
  '\n| case (784-500-500-10, real MNIST digits, float64) | train samples / s (per CPU s) | inference samples / s (per CPU s) | peak RSS (MB) | heap growth (KB) | GCs |\n|---|---:|---:|---:|---:|---:|\n',
);
const steadyState = ['microcircuit', 'backprop'].map((model) => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/steady-state-case.ts', model], { encoding: 'utf8' });
  const row = JSON.parse(out.trim().split('\n').pop()!) as SteadyRow;
  process.stdout.write(
    `| ${row.name} | ${row.trainSamplesPerSecond.toFixed(0)} (${row.trainSamplesPerCpuSecond.toFixed(0)}) | ${row.inferenceSamplesPerSecond.toFixed(0)} (${row.inferenceSamplesPerCpuSecond.toFixed(0)}) | ${row.peakRssMB.toFixed(0)} | ${row.heapGrowthKB.toFixed(0)} | ${row.gcDuringTimedRuns} |\n`,
  );
  return row;
});
// The recurrent core (bench/recurrent.ts): sequence steps per CPU second (PyTorch beside it: --pytorch),
// then pixel-by-pixel MNIST training digits per CPU second and one 784-step backward pass per cell and precision.
process.stdout.write('\nRecurrent core, batch 20, input 28, windows of 100 steps, one thread (bench/recurrent.ts; PyTorch beside it: npm run bench -- --pytorch):\n\n');
const recurrentOut = execFileSync(process.execPath, ['--import', 'tsx', 'bench/recurrent.ts'], { encoding: 'utf8' }).trim().split('\n');
const recurrent = JSON.parse(recurrentOut.pop()!) as object;
process.stdout.write(`${recurrentOut.join('\n')}\n\n`);
// The Brown language model's training step (bench/language-model-step.ts): words per CPU second.
process.stdout.write('Brown language model, one training window (20 × 35 words, 2 layers, 10,002-word softmax; bench/language-model-step.ts):\n\n');
const languageModelOut = execFileSync(process.execPath, ['--import', 'tsx', 'bench/language-model-step.ts'], { encoding: 'utf8' }).trim().split('\n');
const languageModel = JSON.parse(languageModelOut.pop()!) as object;
process.stdout.write(`${languageModelOut.join('\n')}\n\n`);
writeFileSync('bench/results.json', `${JSON.stringify({ machine, date: new Date().toISOString(), circuits: rows, streamingCost, plasticityWindow, threads, fusedStep, float32, roofline, steadyState, recurrent, languageModel }, null, 1)}\n`);
process.stdout.write('written to bench/results.json\n\nReplay buffer (bench/replay-buffer.ts):\n');
execFileSync(process.execPath, ['--import', 'tsx', 'bench/replay-buffer.ts'], { stdio: 'inherit' });
process.stdout.write('\nSweeps (bench/sweep-overhead.ts):\n');
execFileSync(process.execPath, ['--import', 'tsx', 'bench/sweep-overhead.ts'], { stdio: 'inherit' });
process.stdout.write('\nOnline learners of recurrent networks at issue 16\'s task sizes (bench/bp-lambda.ts --quick):\n');
execFileSync(process.execPath, ['--import', 'tsx', 'bench/bp-lambda.ts', '--quick'], { stdio: 'inherit' });
process.stdout.write('\nLive view: cost to a 30-50-10 learning run of 3 reading clients and 1 stalled one (bench/live-cost.ts):\n');
execFileSync(process.execPath, ['--import', 'tsx', 'bench/live-cost.ts'], { stdio: 'inherit' });
