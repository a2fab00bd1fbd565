/**
 * One case of bench/circuit-cases.ts as built by several checkouts of this project (each a folder
 * with its own src/, bench/ and build/kernels.wasm, e.g. `git worktree add` or `git archive` plus
 * `npm run build:kernels`), advanced in alternating rounds in one process, so that every version
 * sees the same machine load: what a change of the step's code gains on its own.
 *
 *     npx tsx bench/compare-checkouts.ts <case index> <folder>… [--rounds n] [--span ms]
 *
 * Each round advances every checkout's simulation by `span` simulated ms (default 200), in an order
 * rotated each round. Prints per checkout the median simulated ms per second of this process's CPU
 * time and the median over rounds of its ratio to the first checkout in the same round (the ratio
 * drifts less than the rates on a shared machine), and the load average at the start and the end.
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { roundsArgument } from './alternating-rounds.ts';
import type { CircuitCase } from './circuit-cases.ts';
import { median } from './recurrent-timing.ts';

interface CheckoutCases {
  CIRCUIT_CASES: CircuitCase[];
  buildCase(c: CircuitCase): { sim: { t: number; advanceTo(t: number): void } };
}

const args = process.argv.slice(2);
const spanAt = args.indexOf('--span');
const span = spanAt < 0 ? 200 : Number(args[spanAt + 1]);
const { rounds, rest: positional } = roundsArgument(spanAt < 0 ? args : [...args.slice(0, spanAt), ...args.slice(spanAt + 2)]);
const index = Number(positional[0]);
const folders = positional.slice(1).map((f) => resolve(f));
if (rounds === null || !(span > 0) || !Number.isInteger(index) || folders.length < 1) {
  process.stderr.write('usage: npx tsx bench/compare-checkouts.ts <case index> <folder>… [--rounds n] [--span simulated ms]\n');
  process.exit(2);
}

const sims = [];
for (const folder of folders) {
  const cases = (await import(pathToFileURL(`${folder}/bench/circuit-cases.ts`).href)) as CheckoutCases;
  const c = cases.CIRCUIT_CASES[index];
  if (c === undefined) throw new Error(`${folder}: no case ${index} in bench/circuit-cases.ts`);
  sims.push(cases.buildCase(c).sim);
}
const loadBefore = loadavg()[0];
for (const sim of sims) sim.advanceTo(sim.t + 4 * span); // warm-up: let V8 optimise each
const rates: number[][] = sims.map(() => []);
for (let r = 0; r < rounds; r++) {
  for (let q = 0; q < sims.length; q++) {
    const k = (q + r) % sims.length;
    const cpu0 = process.cpuUsage();
    sims[k].advanceTo(sims[k].t + span);
    const used = process.cpuUsage(cpu0);
    rates[k].push(span / ((used.user + used.system) / 1e6));
  }
}
const load = `${loadBefore.toFixed(2)} → ${loadavg()[0].toFixed(2)}`;
folders.forEach((folder, k) => {
  const ratio = median(rates[k].map((rate, r) => rate / rates[0][r]));
  process.stdout.write(`${JSON.stringify({ checkout: folder, case: index, simulatedMsPerCpuSecond: Math.round(median(rates[k])), ratioToFirst: Number(ratio.toFixed(3)), rounds, spanMs: span, load })}\n`);
});
