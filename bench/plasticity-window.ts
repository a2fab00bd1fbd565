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
import { alternatingRounds, roundsArgument } from './alternating-rounds.ts';
import { buildCase, CIRCUIT_CASES } from './circuit-cases.ts';

const { rounds, rest } = roundsArgument(process.argv.slice(2));
const indices = rest.map(Number);
if (indices.length < 2 || indices.some((i) => CIRCUIT_CASES[i] === undefined) || rounds === null) {
  process.stderr.write('usage: npx tsx bench/plasticity-window.ts <case index> <case index>… [--rounds n] (indices of bench/circuit-cases.ts)\n');
  process.exit(2);
}
const cases = indices.map((i) => CIRCUIT_CASES[i]);
const { wall, cpu, load } = alternatingRounds(cases.map((c) => buildCase(c).sim), cases[0].simulatedMs / 4, rounds);
cases.forEach((c, k) => {
  process.stdout.write(
    `${JSON.stringify({ case: c.name, simulatedMsPerWallSecond: Math.round(wall[k]), ratio: Number((wall[k] / wall[0]).toFixed(3)), simulatedMsPerCpuSecond: Math.round(cpu[k]), cpuRatio: Number((cpu[k] / cpu[0]).toFixed(3)), rounds, load })}\n`,
  );
});
