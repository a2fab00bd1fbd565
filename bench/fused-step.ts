/**
 * What the fused step (src/circuits/fused-step.ts: one WebAssembly call per Euler step) gains on
 * its own: each case of bench/circuit-cases.ts with the fused step and with the separate kernel
 * calls, advanced in alternating rounds in one process so that both see the same machine load.
 *
 *     npx tsx bench/fused-step.ts <case index>… [--rounds n]
 *
 * Prints one JSON line per case: the median simulated ms per wall second and per second of this
 * process's CPU time of both variants, their ratios, and the load average at the start and the end.
 */
import { loadavg } from 'node:os';
import { buildCase, CIRCUIT_CASES } from './circuit-cases.ts';

const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt < 0 ? 9 : Number(args[roundsAt + 1]);
const indices = (roundsAt < 0 ? args : args.slice(0, roundsAt)).map(Number);
if (indices.length < 1 || indices.some((i) => CIRCUIT_CASES[i] === undefined) || !(rounds >= 1)) {
  process.stderr.write('usage: npx tsx bench/fused-step.ts <case index>… [--rounds n] (indices of bench/circuit-cases.ts)\n');
  process.exit(2);
}
const median = (a: number[]) => a.slice().sort((x, y) => x - y)[a.length >> 1];
for (const index of indices) {
  const loadBefore = loadavg()[0];
  const base = CIRCUIT_CASES[index];
  const variants = [{ ...base, fusedStep: false }, { ...base, fusedStep: true }];
  const sims = variants.map((c) => buildCase(c).sim);
  const span = base.simulatedMs / 4;
  for (const sim of sims) sim.advanceTo(span); // warm-up: let V8 optimise both
  const rates: number[][] = sims.map(() => []);
  const cpuRates: number[][] = sims.map(() => []);
  for (let r = 0; r < rounds; r++) {
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
  const [separate, fused] = rates.map(median);
  const [separateCpu, fusedCpu] = cpuRates.map(median);
  process.stdout.write(
    `${JSON.stringify({
      case: base.name,
      separateSimulatedMsPerWallSecond: Math.round(separate),
      fusedSimulatedMsPerWallSecond: Math.round(fused),
      ratio: Number((fused / separate).toFixed(3)),
      separateSimulatedMsPerCpuSecond: Math.round(separateCpu),
      fusedSimulatedMsPerCpuSecond: Math.round(fusedCpu),
      cpuRatio: Number((fusedCpu / separateCpu).toFixed(3)),
      rounds,
      load: `${loadBefore.toFixed(2)} → ${loadavg()[0].toFixed(2)}`,
    })}\n`,
  );
}
