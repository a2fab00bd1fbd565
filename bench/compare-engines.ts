/**
 * Speed of two checkouts of this repository side by side, in one process, alternating short rounds
 * so that both see the same machine load (the measurement behind a refactoring's "no slower"):
 *
 *     git worktree add --detach /tmp/old <commit>   # then npm ci there, or link node_modules and build/
 *     npx tsx bench/compare-engines.ts /tmp/old . <case index> [rounds]
 *
 * Case indices are bench/circuit-cases.ts's. Prints one JSON line: the medians of simulated ms per
 * wall second of each checkout and their ratio.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Cases {
  CIRCUIT_CASES: { name: string; simulatedMs: number }[];
  buildCase(c: unknown): { sim: { t: number; advanceTo(t: number): void } };
}

const [oldRoot, newRoot, caseArg, roundsArg = '15'] = process.argv.slice(2);
if (oldRoot === undefined || newRoot === undefined || caseArg === undefined) {
  process.stderr.write('usage: npx tsx bench/compare-engines.ts <old checkout> <new checkout> <case index> [rounds]\n');
  process.exit(2);
}
const load = async (root: string) => (await import(pathToFileURL(resolve(root, 'bench/circuit-cases.ts')).href)) as Cases;
const [oldCases, newCases] = [await load(oldRoot), await load(newRoot)];
const index = Number(caseArg);
const c = oldCases.CIRCUIT_CASES[index];
const sims = [oldCases.buildCase(c).sim, newCases.buildCase(newCases.CIRCUIT_CASES[index]).sim];
for (const sim of sims) sim.advanceTo(c.simulatedMs / 4); // warm-up
const span = c.simulatedMs / 4;
const rates: number[][] = [[], []];
for (let r = 0; r < Number(roundsArg); r++) {
  for (const k of r % 2 === 0 ? [1, 0] : [0, 1]) {
    const t0 = performance.now();
    sims[k].advanceTo(sims[k].t + span);
    rates[k].push(span / ((performance.now() - t0) / 1000));
  }
}
const median = (a: number[]) => a.slice().sort((x, y) => x - y)[a.length >> 1];
const [o, n] = rates.map(median);
process.stdout.write(`${JSON.stringify({ case: c.name, old: Math.round(o), new: Math.round(n), ratio: Number((n / o).toFixed(3)) })}\n`);
