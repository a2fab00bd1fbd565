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
 * this process's CPU time (both threads, the worker's spinning included), the count `threads:
 * 'auto'` chooses for the circuit (src/circuits/thread-choice.ts, timed when a copy is built
 * before the rounds), and the load average at the start and the end. The two-thread
 * figure means little on a machine whose other processes keep both cores busy: say the load.
 */
import { alternatingRounds, roundsArgument } from './alternating-rounds.ts';
import { buildCase, CIRCUIT_CASES, type CircuitCase } from './circuit-cases.ts';

const { rounds, rest } = roundsArgument(process.argv.slice(2));
if (rounds === null || rest.length > 0) {
  process.stderr.write('usage: npx tsx bench/threads.ts [--rounds n]\n');
  process.exit(2);
}

for (const base of ['30-50-10 learning + noise', '784-500-500-10 learning + noise', '784-500-500-10 learning + noise, plasticity window 16', '784-500-500-10 learning + noise, float32']) {
  const c = CIRCUIT_CASES.find((k) => k.name === base)!;
  const auto = buildCase({ ...c, threads: 'auto' }).circuit;
  const autoChooses = auto.threads;
  auto.dispose();
  const variants: CircuitCase[] = [c, { ...c, threads: 2 }];
  const built = variants.map((v) => buildCase(v));
  const { wall, cpu, load } = alternatingRounds(
    built.map((b) => b.sim),
    c.simulatedMs / 4,
    rounds,
  );
  built.forEach(({ circuit }, k) => {
    process.stdout.write(
      `${JSON.stringify({
        case: c.name,
        threads: circuit.threads,
        simulatedMsPerWallSecond: Math.round(wall[k]),
        wallRatio: Number((wall[k] / wall[0]).toFixed(3)),
        simulatedMsPerCpuSecond: Math.round(cpu[k]),
        cpuRatio: Number((cpu[k] / cpu[0]).toFixed(3)),
        autoChooses,
        rounds,
        load,
      })}\n`,
    );
  });
  for (const { circuit } of built) circuit.dispose();
}
