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
import { alternatingRounds, roundsArgument } from './alternating-rounds.ts';
import { buildCase, CIRCUIT_CASES } from './circuit-cases.ts';

const { rounds, rest } = roundsArgument(process.argv.slice(2));
const indices = rest.map(Number);
if (indices.length < 1 || indices.some((i) => CIRCUIT_CASES[i] === undefined) || rounds === null) {
  process.stderr.write('usage: npx tsx bench/fused-step.ts <case index>… [--rounds n] (indices of bench/circuit-cases.ts)\n');
  process.exit(2);
}
for (const index of indices) {
  const base = CIRCUIT_CASES[index];
  const sims = [{ ...base, fusedStep: false }, { ...base, fusedStep: true }].map((c) => buildCase(c).sim);
  const { wall, cpu, load } = alternatingRounds(sims, base.simulatedMs / 4, rounds);
  const [separate, fused] = wall;
  const [separateCpu, fusedCpu] = cpu;
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
      load,
    })}\n`,
  );
}
