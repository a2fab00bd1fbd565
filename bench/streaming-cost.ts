/**
 * Streaming cost, measured so that the machine's load cancels out: two simulations of the same
 * circuit, one with a probe read every 1 ms and one without a subscriber, advanced in alternating
 * rounds in one process; the cost is the median over rounds of 1 − (rate with probe)/(rate without).
 *   node --import tsx bench/streaming-cost.ts <case index without probe> <case index with probe> <rounds>
 */
import { buildCase, CIRCUIT_CASES } from './circuit-cases.ts';

const [bareIndex, probedIndex, rounds] = process.argv.slice(2).map(Number);
const bare = buildCase(CIRCUIT_CASES[bareIndex]).sim;
const probed = buildCase(CIRCUIT_CASES[probedIndex]).sim;
const span = CIRCUIT_CASES[bareIndex].simulatedMs / 10;
bare.advanceTo(span);
probed.advanceTo(span);
const costs: number[] = [];
for (let r = 0; r < rounds; r++) {
  const t0 = performance.now();
  bare.advanceTo(bare.t + span);
  const t1 = performance.now();
  probed.advanceTo(probed.t + span);
  const t2 = performance.now();
  costs.push(1 - (t1 - t0) / (t2 - t1));
}
costs.sort((a, b) => a - b);
process.stdout.write(`${JSON.stringify({ circuit: CIRCUIT_CASES[bareIndex].name, medianPercent: 100 * costs[Math.floor(rounds / 2)], rounds })}\n`);
