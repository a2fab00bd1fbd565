/**
 * What one technique gains on its own — the deferred plasticity update (src/plasticity/plasticity-window.ts),
 * float32 storage (src/kernels/float32-storage.ts): a baseline case and its variants
 * (bench/circuit-cases.ts, same circuit, same seeds) advanced in alternating rounds in one process,
 * so that all see the same machine load.
 *
 *     npx tsx bench/plasticity-window.ts <baseline case index> <variant case indices…> [--rounds n]
 *
 * Prints one JSON line per case: the median simulated ms per wall second over the rounds and its
 * ratio to the baseline's median, the same per second of this process's CPU time (which
 * the time slices other processes take on a loaded machine do not inflate), and the load average
 * at the start and the end.
 */
import { loadavg } from 'node:os';
import { buildCase, CIRCUIT_CASES } from './circuit-cases.ts';

const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt < 0 ? 9 : Number(args[roundsAt + 1]);
const indices = (roundsAt < 0 ? args : args.slice(0, roundsAt)).map(Number);
if (indices.length < 2 || indices.some((i) => CIRCUIT_CASES[i] === undefined) || !(rounds >= 1)) {
  process.stderr.write('usage: npx tsx bench/plasticity-window.ts <case index> <case index>… [--rounds n] (indices of bench/circuit-cases.ts)\n');
  process.exit(2);
}
const loadBefore = loadavg()[0];
const cases = indices.map((i) => CIRCUIT_CASES[i]);
const sims = cases.map((c) => buildCase(c).sim);
const span = cases[0].simulatedMs / 4;
for (const sim of sims) sim.advanceTo(span); // warm-up: let V8 optimise every variant
const rates: number[][] = sims.map(() => []);
const cpuRates: number[][] = sims.map(() => []);
for (let r = 0; r < rounds; r++) {
  // Rotate the order, so no variant always runs right after the same other one.
  for (let q = 0; q < sims.length; q++) {
    const k = (q + r) % sims.length;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    sims[k].advanceTo(sims[k].t + span);
    const cpu = process.cpuUsage(cpu0);
    rates[k].push(span / ((performance.now() - t0) / 1000));
    cpuRates[k].push(span / ((cpu.user + cpu.system) / 1e6));
  }
}
const median = (a: number[]) => a.slice().sort((x, y) => x - y)[a.length >> 1];
const base = median(rates[0]);
const cpuBase = median(cpuRates[0]);
const load = `${loadBefore.toFixed(2)} → ${loadavg()[0].toFixed(2)}`;
cases.forEach((c, k) => {
  const m = median(rates[k]);
  const cpu = median(cpuRates[k]);
  process.stdout.write(
    `${JSON.stringify({ case: c.name, simulatedMsPerWallSecond: Math.round(m), ratio: Number((m / base).toFixed(3)), simulatedMsPerCpuSecond: Math.round(cpu), cpuRatio: Number((cpu / cpuBase).toFixed(3)), rounds, load })}\n`,
  );
});
