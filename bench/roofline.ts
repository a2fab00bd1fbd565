/**
 * The roofline row of `npm run bench`: how close a 784-500-500-10 learning step comes to this
 * machine's memory bandwidth.
 *
 *     npx tsx bench/roofline.ts [--rounds n]
 *
 * 1. Sustained bandwidth from WebAssembly: STREAM's triad a = b + s·c (the `triad` kernel of
 *    assembly/kernels.ts, f64x2) over three arrays far larger than the last-level cache (3 × 64 MB),
 *    over three that fit in it (3 × 4 MB) and over three that fit in a core's L2 (3 × 128 KB),
 *    counted as STREAM counts: 24 bytes per element. Beside it, the roofs of the step's own two
 *    kernels over the same bytes: `matVec` (the product: one read stream, 8 bytes per entry, 500
 *    columns, the input vector in L1) and `filteredUpdate` (the trace-and-weight update: W and Δ
 *    read and written in place, 32 bytes per weight). A float64 learning step runs one product per
 *    plastic weight and fixed weight and one update per plastic weight, so at these rates it takes
 *    8·P/matVec + 32·P/update + 8·F/matVec seconds: the kernels' own bound on its steps per second.
 * 2. The bytes one learning step must move, from the circuit's own layout: the step-by-step update
 *    reads the plastic weights W once for the dendritic potentials and reads and writes W and their
 *    traces Δ in the fused update (40 bytes per plastic weight), plus the fixed weights (8 bytes
 *    each); with a plasticity window of K steps it reads W and Δ once per step and reads and
 *    writes them once per window (16 + 32/K bytes per plastic weight); with float32 storage
 *    (src/kernels/float32-storage.ts) it reads and writes float32 W and Δ once per step, the update
 *    fused with the product (16 bytes per plastic weight, 4 per fixed one). Vectors of rates and
 *    potentials are left out (under 0.2 % of it).
 * 3. The steps per second of the bench's "784-500-500-10 learning + noise" rows (K = 1, K = 16, float32),
 *    in rounds alternating with the triads, so all see the same load; bytes per step × steps per
 *    second / triad bandwidth is the fraction of the roof the step reaches.
 *
 * Every rate is per second of this process's CPU time (user + system): on a loaded machine wall
 * time also counts the slices other processes take, which says nothing about either roof. The
 * wall-time step rates are printed beside them.
 *
 * 4. Two cores (wall time: CPU time would add both threads): the triads on one worker thread and
 *    on two at once (bench/parallel-triad.ts), and the float64 and float32 learning steps with
 *    `threads: 2` (src/kernels/threaded-kernels.ts) against the two-core triads.
 *
 * Prints one JSON line; `npm run bench` prints it as a table.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildCase, CIRCUIT_CASES } from './circuit-cases.ts';
import { parallelTriad } from './parallel-triad.ts';

const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt < 0 ? 7 : Number(args[roundsAt + 1]);
if (!(rounds >= 1) || !Number.isInteger(rounds)) {
  process.stderr.write('usage: npx tsx bench/roofline.ts [--rounds n]   (n: a whole number ≥ 1)\n');
  process.exit(2);
}

interface TriadExports {
  triad(a: number, b: number, c: number, n: number, scalar: number): void;
  matVec(w: number, rows: number, cols: number, x: number, out: number): void;
  filteredUpdate(trace: number, weight: number, rows: number, cols: number, post: number, pre: number, coef: number): void;
}
const WebAssemblyApi = (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => object; Memory: new (d: { initial: number }) => { buffer: ArrayBuffer }; Instance: new (m: object, i: object) => { exports: unknown } } }).WebAssembly;

const DRAM_DOUBLES = 8 * 2 ** 20; // 64 MB per array
const LLC_DOUBLES = 2 ** 19; // 4 MB per array
const L2_DOUBLES = 2 ** 14; // 128 KB per array
/** Columns of the read-only product, and the room after the arrays for its input and output. */
const READ_COLS = 500;
const READ_ROOM = 2 ** 20;
const memory = new WebAssemblyApi.Memory({ initial: Math.ceil((3 * DRAM_DOUBLES * 8 + 64 + READ_ROOM) / 65536) });
const module = new WebAssemblyApi.Module(readFileSync(fileURLToPath(new URL('../build/kernels.wasm', import.meta.url))));
const kernels = new WebAssemblyApi.Instance(module, { env: { memory, abort: () => undefined } }).exports as TriadExports;
const scalarAt = 3 * DRAM_DOUBLES * 8;
new Float64Array(memory.buffer, scalarAt, 1)[0] = 3;
const all = new Float64Array(memory.buffer, 0, 3 * DRAM_DOUBLES);
for (let i = 0; i < all.length; i++) all[i] = (i % 1000) * 1e-3;

/** Seconds of this process's CPU time that `work` takes. */
function cpuSeconds(work: () => void): number {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

const readX = scalarAt + 64;
const readOut = readX + READ_COLS * 8;
new Float64Array(memory.buffer, readX, READ_COLS).fill(0.5);

/** GB/s of the read-only product over the 3·n doubles of the three arrays as a matrix of READ_COLS columns, about 1.6 GB per call. */
function readRate(n: number): number {
  const rows = Math.floor((3 * n) / READ_COLS);
  const repeats = Math.max(1, Math.round(0.2e9 / (rows * READ_COLS)));
  const seconds = cpuSeconds(() => {
    for (let r = 0; r < repeats; r++) kernels.matVec(0, rows, READ_COLS, readX, readOut);
  });
  return (8 * rows * READ_COLS * repeats) / seconds / 1e9;
}

const updatePost = readOut + 8 * 2 ** 16;
const updateCoef = updatePost + 8 * 2 ** 15;
new Float64Array(memory.buffer, updatePost, 2 ** 15).fill(1e-3);
new Float64Array(memory.buffer, updateCoef, 3).set([1e-4, 0.99, 1e-4]);

/** GB/s of the trace-and-weight update over the 3·n doubles of the three arrays, half traces and half weights (32 bytes per weight), about 1.6 GB per call. */
function updateRate(n: number): number {
  const rows = Math.floor((3 * n) / 2 / READ_COLS);
  const repeats = Math.max(1, Math.round(0.05e9 / (rows * READ_COLS)));
  const seconds = cpuSeconds(() => {
    for (let r = 0; r < repeats; r++) kernels.filteredUpdate(0, rows * READ_COLS * 8, rows, READ_COLS, updatePost, readX, updateCoef);
  });
  return (32 * rows * READ_COLS * repeats) / seconds / 1e9;
}

/** GB/s of the triad over three arrays of n doubles (the arrays lie n doubles apart), about 1.6 GB per call. */
function triadRate(n: number): number {
  const a = 0;
  const b = n * 8;
  const c = 2 * n * 8;
  const repeats = Math.max(1, Math.round((0.2e9 * 8) / (24 * n * 8))); // about 1.6 GB moved per round
  const seconds = cpuSeconds(() => {
    for (let r = 0; r < repeats; r++) kernels.triad(a, b, c, n, scalarAt);
  });
  return (24 * n * repeats) / seconds / 1e9;
}

const float32Case = CIRCUIT_CASES.findIndex((c) => c.name === '784-500-500-10 learning + noise, float32');
const stepCases = [5, 11, float32Case].map((i) => CIRCUIT_CASES[i]);
const twoThreadCases = [5, float32Case].map((i) => ({ ...CIRCUIT_CASES[i], threads: 2 as const }));
const built = stepCases.map((c) => buildCase(c));
const circuit = built[0].circuit;
const plastic = circuit.layout.weights.length;
const fixed = circuit.captureSettings().fixedWeights.length;
const bytesPerStep = stepCases.map((c) => {
  const K = c.plasticityWindow ?? 1;
  if (c.precision === 'float32') return 16 * plastic + 4 * fixed;
  return K === 1 ? 40 * plastic + 8 * fixed : (16 + 32 / K) * plastic + 8 * fixed;
});

const loadBefore = loadavg()[0];
const sizes = { dram: DRAM_DOUBLES, llc: LLC_DOUBLES, l2: L2_DOUBLES };
const triads: Record<keyof typeof sizes, number[]> = { dram: [], llc: [], l2: [] };
const reads: Record<keyof typeof sizes, number[]> = { dram: [], llc: [], l2: [] };
const updates: Record<keyof typeof sizes, number[]> = { dram: [], llc: [], l2: [] };
for (const n of Object.values(sizes)) triadRate(n);
const span = 10; // simulated ms per round: 100 steps
for (const { sim } of built) sim.advanceTo(span);
const stepsPerSecond: number[][] = built.map(() => []);
const stepsPerWallSecond: number[][] = built.map(() => []);
for (let r = 0; r < rounds; r++) {
  for (const [name, n] of Object.entries(sizes) as [keyof typeof sizes, number][]) {
    triads[name].push(triadRate(n));
    reads[name].push(readRate(n));
    updates[name].push(updateRate(n));
  }
  built.forEach(({ sim }, k) => {
    const t0 = performance.now();
    const seconds = cpuSeconds(() => sim.advanceTo(sim.t + span));
    stepsPerWallSecond[k].push(span / 0.1 / ((performance.now() - t0) / 1000));
    stepsPerSecond[k].push(span / 0.1 / seconds);
  });
}
const median = (a: number[]) => a.slice().sort((x, y) => x - y)[a.length >> 1];

// Two cores, in wall time: the triads on one worker and on two at once, then the two-thread steps.
const wallSizes = { dram: DRAM_DOUBLES, llc: LLC_DOUBLES };
const wallTriads = { oneCore: { dram: [] as number[], llc: [] as number[] }, twoCores: { dram: [] as number[], llc: [] as number[] } };
const twoBuilt = twoThreadCases.map((c) => buildCase(c));
for (const { sim } of twoBuilt) sim.advanceTo(span);
const twoStepsPerWallSecond: number[][] = twoBuilt.map(() => []);
for (let r = 0; r < Math.min(rounds, 3); r++) {
  for (const [name, n] of Object.entries(wallSizes) as [keyof typeof wallSizes, number][]) {
    wallTriads.oneCore[name].push(await parallelTriad(1, n));
    wallTriads.twoCores[name].push(await parallelTriad(2, n));
  }
  twoBuilt.forEach(({ sim }, k) => {
    const t0 = performance.now();
    sim.advanceTo(sim.t + span);
    twoStepsPerWallSecond[k].push(span / 0.1 / ((performance.now() - t0) / 1000));
  });
}
for (const { circuit } of twoBuilt) circuit.dispose();
const wallTriadGBs = {
  oneCore: { dram: Number(median(wallTriads.oneCore.dram).toFixed(1)), llc: Number(median(wallTriads.oneCore.llc).toFixed(1)) },
  twoCores: { dram: Number(median(wallTriads.twoCores.dram).toFixed(1)), llc: Number(median(wallTriads.twoCores.llc).toFixed(1)) },
};
const twoThreadSteps = twoThreadCases.map((c, k) => {
  const perSecond = median(twoStepsPerWallSecond[k]);
  const bytes = c.precision === 'float32' ? 16 * plastic + 4 * fixed : 40 * plastic + 8 * fixed;
  const GBs = (perSecond * bytes) / 1e9;
  return {
    case: `${c.name}, 2 threads`,
    stepsPerWallSecond: Math.round(perSecond),
    MBPerStep: Number((bytes / 1e6).toFixed(2)),
    GBs: Number(GBs.toFixed(1)),
    fractionOfTwoCoreLlcTriad: Number((GBs / wallTriadGBs.twoCores.llc).toFixed(3)),
  };
});

const dramGBs = median(triads.dram);
const llcGBs = median(triads.llc);
const steps = stepsPerSecond.map((s) => {
  const index = stepsPerSecond.indexOf(s);
  const perSecond = median(s);
  const GBs = (perSecond * bytesPerStep[index]) / 1e9;
  return {
    case: stepCases[index].name,
    stepsPerSecond: Math.round(perSecond),
    stepsPerWallSecond: Math.round(median(stepsPerWallSecond[index])),
    MBPerStep: Number((bytesPerStep[index] / 1e6).toFixed(2)),
    GBs: Number(GBs.toFixed(1)),
    fractionOfDramTriad: Number((GBs / dramGBs).toFixed(3)),
    fractionOfLlcTriad: Number((GBs / llcGBs).toFixed(3)),
  };
});
process.stdout.write(
  `${JSON.stringify({
    triadGBs: Object.fromEntries(Object.keys(sizes).map((name) => [name, Number(median(triads[name as keyof typeof sizes]).toFixed(1))])),
    updateGBs: Object.fromEntries(Object.keys(sizes).map((name) => [name, Number(median(updates[name as keyof typeof sizes]).toFixed(1))])),
    kernelBoundStepsPerSecond: Object.fromEntries(
      Object.keys(sizes).map((name) => {
        const read = median(reads[name as keyof typeof sizes]) * 1e9;
        const update = median(updates[name as keyof typeof sizes]) * 1e9;
        return [name, Math.round(1 / ((8 * plastic) / read + (32 * plastic) / update + (8 * fixed) / read))];
      }),
    ),
    readGBs: Object.fromEntries(Object.keys(sizes).map((name) => [name, Number(median(reads[name as keyof typeof sizes]).toFixed(1))])),
    triadBytes: Object.fromEntries(Object.entries(sizes).map(([name, n]) => [name, 3 * n * 8])),
    plasticWeights: plastic,
    fixedWeights: fixed,
    steps,
    wallTriadGBs,
    twoThreadSteps,
    rounds,
    load: `${loadBefore.toFixed(2)} → ${loadavg()[0].toFixed(2)}`,
  })}\n`,
);
