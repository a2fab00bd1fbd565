/**
 * The timing loop shared by bench/plasticity-window.ts, bench/fused-step.ts and bench/threads.ts:
 * several simulations advanced in alternating rounds in one process, so that all see the same
 * machine load (this VM's speed drifts by tens of percent within minutes).
 */
import { loadavg } from 'node:os';
import { median } from './recurrent-timing.ts';

/** What the loop advances: a Simulation (src/simulation/simulation.ts). */
export interface AdvancingCase {
  readonly t: number;
  advanceTo(t: number): void;
}

/** Per case, the median simulated ms per wall second and per second of this process's CPU time; and the load average at the start and the end. */
export interface RoundsResult {
  readonly wall: number[];
  readonly cpu: number[];
  readonly load: string;
}

/**
 * Advances every case by `span` simulated ms once (warm-up: V8 optimises each), then `rounds`
 * times more, case after case, the order rotated each round so that no case always runs right
 * after the same other one.
 */
export function alternatingRounds(cases: readonly AdvancingCase[], span: number, rounds: number): RoundsResult {
  const loadBefore = loadavg()[0];
  for (const c of cases) c.advanceTo(c.t + span);
  const wall: number[][] = cases.map(() => []);
  const cpu: number[][] = cases.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let q = 0; q < cases.length; q++) {
      const k = (q + r) % cases.length;
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      cases[k].advanceTo(cases[k].t + span);
      const used = process.cpuUsage(cpu0);
      wall[k].push(span / ((performance.now() - t0) / 1000));
      cpu[k].push(span / ((used.user + used.system) / 1e6));
    }
  }
  return { wall: wall.map(median), cpu: cpu.map(median), load: `${loadBefore.toFixed(2)} → ${loadavg()[0].toFixed(2)}` };
}

/** The `--rounds n` of a bench's arguments (default 9) and the arguments before it; null rounds when not a whole number ≥ 1. */
export function roundsArgument(args: readonly string[]): { rounds: number | null; rest: string[] } {
  const at = args.indexOf('--rounds');
  const rounds = at < 0 ? 9 : Number(args[at + 1]);
  return { rounds: Number.isInteger(rounds) && rounds >= 1 ? rounds : null, rest: at < 0 ? [...args] : args.slice(0, at) };
}
