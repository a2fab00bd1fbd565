/**
 * One benchmark case in a fresh process (so peak RSS is the case's own):
 *   node --import tsx bench/run-case.ts <case index>
 * Prints one JSON line: simulated ms per wall second (median of 3 after a warm-up), the kernel
 * threads (with 'auto', the count its calibration chose; thread-choice.ts), peak RSS,
 * and heap used and garbage collections across the timed runs.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { buildCase, CIRCUIT_CASES } from './circuit-cases.ts';

const c = CIRCUIT_CASES[Number(process.argv[2])];
const { sim, circuit } = buildCase(c);
sim.advanceTo(c.simulatedMs / 4); // warm-up: let V8 optimise the step

let gcCount = 0;
const gcObserver = new PerformanceObserver((list) => (gcCount += list.getEntries().length));
gcObserver.observe({ entryTypes: ['gc'] });
const heapBefore = process.memoryUsage().heapUsed;
const rates: number[] = [];
for (let rep = 0; rep < 3; rep++) {
  const t0 = performance.now();
  sim.advanceTo(sim.t + c.simulatedMs);
  rates.push(c.simulatedMs / ((performance.now() - t0) / 1000));
}
const heapAfter = process.memoryUsage().heapUsed;
await new Promise((r) => setTimeout(r, 10)); // let the gc observer deliver
gcObserver.disconnect();
rates.sort((a, b) => a - b);
process.stdout.write(
  `${JSON.stringify({
    name: c.name,
    simulatedMsPerWallSecond: rates[1],
    threads: circuit.threads,
    steps: Math.round((3 * c.simulatedMs) / 0.1),
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    heapGrowthKB: (heapAfter - heapBefore) / 1024,
    gcDuringTimedRuns: gcCount,
  })}\n`,
);
