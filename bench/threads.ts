/**
 * What the second kernel thread (src/kernels/threaded-kernels.ts; threaded-float32-ops.ts with
 * float32 storage) gains on its own: each circuit
 * of bench/circuit-cases.ts (learning + noise) on one thread and on two, same seeds, advanced in
 * alternating rounds in one process so that both see the same machine load.
 *
 *     npx tsx bench/threads.ts [--rounds n]
 *
 * Prints one JSON line per circuit and setting: median simulated ms per wall second and its ratio
 * to one thread (with two threads, wall time is the figure that matters), the same per second of
 * this process's CPU time (both threads, the worker's spinning included), and the load
 * average at the start and the end. The two-thread
 * figure means little on a machine whose other processes keep both cores busy: say the load.
 */
import { loadavg } from 'node:os';
import { buildCase, CIRCUIT_CASES, type CircuitCase } from './circuit-cases.ts';

const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt < 0 ? 9 : Number(args[roundsAt + 1]);
if (!(rounds >= 1) || (args.length > 0 && roundsAt < 0)) {
  process.stderr.write('usage: npx tsx bench/threads.ts [--rounds n]\n');
  process.exit(2);
}

const median = (a: number[]) => a.slice().sort((x, y) => x - y)[a.length >> 1];
for (const base of ['30-50-10 learning + noise', '784-500-500-10 learning + noise', '784-500-500-10 learning + noise, plasticity window 16', '784-500-500-10 learning + noise, float32']) {
  const c = CIRCUIT_CASES.find((k) => k.name === base)!;
  const loadBefore = loadavg()[0];
  const variants: CircuitCase[] = [c, { ...c, threads: 2 }];
  const built = variants.map((v) => buildCase(v));
  const span = c.simulatedMs / 4;
  for (const { sim } of built) sim.advanceTo(span); // warm-up
  const rates: number[][] = built.map(() => []);
  const cpuRates: number[][] = built.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let q = 0; q < built.length; q++) {
      const k = (q + r) % built.length;
      const sim = built[k].sim;
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      sim.advanceTo(sim.t + span);
      const cpu = process.cpuUsage(cpu0);
      rates[k].push(span / ((performance.now() - t0) / 1000));
      cpuRates[k].push(span / ((cpu.user + cpu.system) / 1e6));
    }
  }
  const load = `${loadBefore.toFixed(2)} → ${loadavg()[0].toFixed(2)}`;
  built.forEach(({ circuit }, k) => {
    const m = median(rates[k]);
    const cpu = median(cpuRates[k]);
    process.stdout.write(
      `${JSON.stringify({
        case: c.name,
        threads: circuit.threads,
        simulatedMsPerWallSecond: Math.round(m),
        wallRatio: Number((m / median(rates[0])).toFixed(3)),
        simulatedMsPerCpuSecond: Math.round(cpu),
        cpuRatio: Number((cpu / median(cpuRates[0])).toFixed(3)),
        rounds,
        load,
      })}\n`,
    );
  });
  for (const { circuit } of built) (circuit.kernels as { dispose?: () => void }).dispose?.();
}
