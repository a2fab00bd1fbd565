/**
 * Where a fused step's time goes (src/circuits/fused-step.ts, assembly/fused-step.ts): the
 * kernel call alone on the step program of a case of bench/circuit-cases.ts, the whole program
 * against the program without one kind of operation, so that the difference is that kind's cost;
 * and the whole step through the simulation, whose excess over the kernel call is the JavaScript
 * around it. All variants run in alternating rounds in one process, each from the same state.
 *
 *     npx tsx bench/fused-step-profile.ts [case index, default 2] [--rounds n]
 *
 * Prints one JSON line: µs per step of this process's CPU time (medians of the rounds) and the
 * load average at the start and the end. A profiling tool: it reaches into the circuit's private
 * fused step, and a program without some operations computes nonsense (timing only).
 */
import { loadavg } from 'node:os';
import { roundsArgument } from './alternating-rounds.ts';
import { buildCase, CIRCUIT_CASES } from './circuit-cases.ts';
import { median } from './recurrent-timing.ts';

/** Operand words after each opcode (assembly/fused-step.ts), and the opcodes' names. */
const OPERANDS = [0, 3, 5, 5, 3, 1, 5, 3, 7, 6, 6, 6, 5, 3, 4, 4];
const NAMES = ['end', 'phi', 'matVec', 'matVecAdd', 'copy', 'skipUnlessPlastic', 'predictionError', 'negate', 'filteredUpdate', 'somaHidden', 'somaInterneuron', 'somaOutput', 'relax', 'integral', 'groupStep', 'noise'];
const SKIP = 5;
/** What is left out, by opcode: each costly kind on its own, then the cheap elementwise ones together. */
const LEFT_OUT: [string, number[]][] = [['phi', [1]], ['matVec', [2]], ['matVecAdd', [3]], ['predictionError', [6]], ['filteredUpdate', [8]], ['groupStep', [14]], ['noise', [15]], ['somata, filters, integral, copy, negate', [4, 7, 9, 10, 11, 12, 13]]];
const STEPS = 2000;

/** The private parts of FusedStep this tool times. */
interface FusedInternals {
  readonly program: Int32Array;
  readonly params: Float64Array;
  readonly run: (program: Int32Array) => void;
}

const { rounds, rest } = roundsArgument(process.argv.slice(2));
const index = rest.length > 0 ? Number(rest[0]) : 2;
if (rounds === null || CIRCUIT_CASES[index] === undefined) {
  process.stderr.write('usage: npx tsx bench/fused-step-profile.ts [case index] [--rounds n]\n');
  process.exit(2);
}
const c = CIRCUIT_CASES[index];
const { sim, circuit } = buildCase(c);
const fused = (circuit as unknown as { fused: FusedInternals | null }).fused;
if (fused === null) throw new Error(`${c.name}: no fused step (it needs the WebAssembly kernels, one thread, float64 and no plasticity window)`);
const dt = 0.1;
sim.advanceTo(STEPS * dt); // warm-up

const original = Array.from(fused.program);
const ops: number[][] = [];
for (let pc = 1; original[pc] !== 0; pc += 1 + OPERANDS[original[pc]]) ops.push(original.slice(pc, pc + 1 + OPERANDS[original[pc]]));
/** The program without the operations in `drop` (and without the plasticity skip, whose target would move). */
const without = (drop: number[]) => [original[0], ...ops.filter((o) => o[0] !== SKIP && !drop.includes(o[0])).flat(), 0];
const programs = [original, ...LEFT_OUT.map(([, drop]) => without(drop))];
const state = Float64Array.from(circuit.state);
const params = Float64Array.from(fused.params);

const kernelTimes: number[][] = programs.map(() => []);
const simulationTimes: number[] = [];
const loadBefore = loadavg()[0];
for (let r = 0; r < rounds; r++) {
  for (let q = 0; q <= programs.length; q++) {
    const v = (q + r) % (programs.length + 1);
    circuit.state.set(state);
    fused.params.set(params);
    fused.program.fill(0);
    fused.program.set(v === programs.length ? original : programs[v]);
    const cpu0 = process.cpuUsage();
    if (v === programs.length) sim.advanceTo(sim.t + STEPS * dt);
    else for (let s = 0; s < STEPS; s++) fused.run(fused.program);
    const used = process.cpuUsage(cpu0);
    (v === programs.length ? simulationTimes : kernelTimes[v]).push((used.user + used.system) / STEPS);
  }
}
fused.program.fill(0);
fused.program.set(original);

const full = median(kernelTimes[0]);
const cost: Record<string, number> = {};
LEFT_OUT.forEach(([name], k) => (cost[name] = Number((full - median(kernelTimes[k + 1])).toFixed(2))));
process.stdout.write(
  `${JSON.stringify({
    case: c.name,
    operations: ops.map((o) => NAMES[o[0]]).join(' '),
    stepMicroseconds: Number(median(simulationTimes).toFixed(2)),
    kernelCallMicroseconds: Number(full.toFixed(2)),
    costMicroseconds: cost,
    rounds,
    load: `${loadBefore.toFixed(2)} → ${loadavg()[0].toFixed(2)}`,
  })}\n`,
);
