/**
 * How far float32 storage (src/kernels/float32-storage.ts) moves a learning run from float64: the
 * same circuit, seeds, patterns and noise stream run twice, and the largest differences of the
 * pattern outputs and of the final weights are printed, relative (|a − b|/(1 + |b|)), beside the
 * largest weight change of the float64 run (how far learning moved the weights).
 *
 *     npx tsx bench/precision-agreement.ts <dims, e.g. 784-500-500-10> <patterns> [tPattern ms, default 100]
 *
 * Prints one JSON line. The bench's learning rates (circuit-cases.ts), noise 0.1, Euler at dt 0.1 ms,
 * random inputs and targets, one pattern after another with learning on.
 */
import { CONNECTIONS } from '../src/anatomy/circuit-shape.ts';
import { Random } from '../src/random/random.ts';
import type { Pattern } from '../src/simulation/simulation.ts';
import { buildCase } from './circuit-cases.ts';

const [dimsArg, countArg, tArg] = process.argv.slice(2);
const dims = (dimsArg ?? '').split('-').map(Number);
const count = Number(countArg);
const tPattern = tArg === undefined ? 100 : Number(tArg);
if (dims.length < 3 || dims.some((d) => !(d > 0)) || !(count >= 1) || !(tPattern > 0)) {
  process.stderr.write('usage: npx tsx bench/precision-agreement.ts <dims, e.g. 30-50-10> <patterns> [tPattern ms]\n');
  process.exit(2);
}
const rng = new Random(9, 'agreement patterns');
const patterns: Pattern[] = Array.from({ length: count }, () => ({
  input: Array.from({ length: dims[0] }, () => rng.uniform()),
  target: Array.from({ length: dims[dims.length - 1] }, () => rng.uniformIn(-1, 1)),
}));
const runs = (['float64', 'float32'] as const).map((precision) => {
  const { sim, circuit } = buildCase({ name: precision, dims, learning: true, noise: 0.1, streaming: 'none', simulatedMs: 0, precision });
  const t0 = performance.now();
  const outputs = sim.run(patterns, { tPattern, outputLag: tPattern / 5 });
  return { outputs, circuit, seconds: (performance.now() - t0) / 1000 };
});
const [f64, f32] = runs;
const rel = (a: number, b: number) => Math.abs(a - b) / (1 + Math.abs(b));
let outputs = 0;
f32.outputs.forEach((o, p) => o.forEach((x, i) => (outputs = Math.max(outputs, rel(x, f64.outputs[p][i])))));
let weights = 0;
let moved = 0;
const w64 = f64.circuit.weights();
const w32 = f32.circuit.weights();
const { sim: fresh } = buildCase({ name: 'initial', dims, learning: false, noise: 0, streaming: 'none', simulatedMs: 0 });
const w0 = fresh.circuit.weights();
for (const c of CONNECTIONS) {
  w64[c].forEach((m, k) =>
    m.data.forEach((x, i) => {
      weights = Math.max(weights, rel(w32[c][k].data[i], x));
      moved = Math.max(moved, Math.abs(x - w0[c][k].data[i]));
    }),
  );
}
process.stdout.write(
  `${JSON.stringify({ dims: dimsArg, patterns: count, simulatedMs: count * tPattern, outputsRel: outputs, weightsRel: weights, largestWeightChange: moved, wallSeconds: runs.map((r) => Number(r.seconds.toFixed(1))) })}\n`,
);
