/**
 * `npm run bench`: speed of the simulator and of the recurrent core on this machine, and the cost of
 * streaming, sweeps and the live view. Each case runs in its own process;
 * the table goes to stdout and, with the machine's description, to bench/results.json.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { CIRCUIT_CASES } from './circuit-cases.ts';

interface Row {
  name: string;
  simulatedMsPerWallSecond: number;
  steps: number;
  peakRssMB: number;
  heapGrowthKB: number;
  gcDuringTimedRuns: number;
}

const machine = `${cpus()[0].model}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
process.stdout.write(`Machine: ${machine}\n\n`);
process.stdout.write('| case (full dynamics, Euler dt 0.1 ms, float64) | simulated ms / wall s | peak RSS (MB) | heap growth (KB) | GCs |\n');
process.stdout.write('|---|---:|---:|---:|---:|\n');
const rows: Row[] = [];
for (let i = 0; i < CIRCUIT_CASES.length; i++) {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/run-case.ts', String(i)], { encoding: 'utf8' });
  const row = JSON.parse(out.trim().split('\n').pop()!) as Row;
  rows.push(row);
  process.stdout.write(
    `| ${row.name} | ${row.simulatedMsPerWallSecond.toFixed(row.simulatedMsPerWallSecond < 100 ? 1 : 0)} | ${row.peakRssMB.toFixed(0)} | ${row.heapGrowthKB.toFixed(0)} | ${row.gcDuringTimedRuns} |\n`,
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

// Steady-state MNIST (the paper's two-pass scheme) and the backprop baseline, each in its own process.
interface SteadyRow {
  name: string;
  trainSamplesPerSecond: number;
  inferenceSamplesPerSecond: number;
  peakRssMB: number;
}
process.stdout.write('\n| case (784-500-500-10, real MNIST digits, float64) | train samples / s | inference samples / s | peak RSS (MB) |\n|---|---:|---:|---:|\n');
const steadyState = ['microcircuit', 'backprop'].map((model) => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/steady-state-case.ts', model], { encoding: 'utf8' });
  const row = JSON.parse(out.trim().split('\n').pop()!) as SteadyRow;
  process.stdout.write(`| ${row.name} | ${row.trainSamplesPerSecond.toFixed(0)} | ${row.inferenceSamplesPerSecond.toFixed(0)} | ${row.peakRssMB.toFixed(0)} |\n`);
  return row;
});
// The recurrent core (bench/recurrent.ts): sequence steps per CPU second beside PyTorch's nn.LSTM.
process.stdout.write('\nRecurrent core, batch 20, input 28, windows of 100 steps, float64, one thread (bench/recurrent.ts):\n\n');
const recurrentOut = execFileSync(process.execPath, ['--import', 'tsx', 'bench/recurrent.ts'], { encoding: 'utf8' }).trim().split('\n');
const recurrent = JSON.parse(recurrentOut.pop()!) as object;
process.stdout.write(`${recurrentOut.join('\n')}\n\n`);
writeFileSync('bench/results.json', `${JSON.stringify({ machine, date: new Date().toISOString(), circuits: rows, streamingCost, steadyState, recurrent }, null, 1)}\n`);
process.stdout.write('written to bench/results.json\n\nReplay buffer (bench/replay-buffer.ts):\n');
execFileSync(process.execPath, ['--import', 'tsx', 'bench/replay-buffer.ts'], { stdio: 'inherit' });
process.stdout.write('\nSweeps (bench/sweep-overhead.ts):\n');
execFileSync(process.execPath, ['--import', 'tsx', 'bench/sweep-overhead.ts'], { stdio: 'inherit' });
process.stdout.write('\nOnline learners of recurrent networks at issue 16\'s task sizes (bench/bp-lambda.ts --quick):\n');
execFileSync(process.execPath, ['--import', 'tsx', 'bench/bp-lambda.ts', '--quick'], { stdio: 'inherit' });
process.stdout.write('\nLive view: cost to a 30-50-10 learning run of 3 reading clients and 1 stalled one (bench/live-cost.ts):\n');
execFileSync(process.execPath, ['--import', 'tsx', 'bench/live-cost.ts'], { stdio: 'inherit' });
