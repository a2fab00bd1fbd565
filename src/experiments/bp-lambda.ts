/**
 * `npm run example -- bp-lambda [--variant all|line-draw|row-mnist|copy-repeat]`: online credit
 * assignment in time (Pemberton & Ponte Costa, "BP(λ): Online Learning via Synthetic Gradients",
 * TMLR 2024; issue 16). `all` (the default) runs the three parts; each part alone with it, and
 * `row-mnist:<units>` or `copy-repeat:<units>` runs one table of that part only (to run the tables
 * in parallel processes on one --out folder; a later --resume run of the whole part then only
 * gathers the saved runs into the tables and figures).
 *
 * Line-draw:
 * (a) Frozen linear RNN of 30 units, only the synthesiser learns (BP(λ), Adam): the cosine
 *     alignment between g(s_t) and the true future gradient (BPTT), mean over steps 0…T−2, against
 *     λ ∈ {0, 0.25, 0.5, 0.75, 1} for each horizon T ∈ {10, 20, 40, 60}. The authors' configuration:
 *     one pattern (K = 1), so every sequence is the same and one sequence per update stands for
 *     their batch of 10 identical ones.
 * (b) Everything learns: the final loss against T for BPTT, truncated BPTT (n = 1, 5), BPTT+SG
 *     (n = 1, 5), BP(0), BP(0.5) and BP(1); here K = 4 patterns so that the readout bias alone cannot solve
 *     the task.
 * Row-MNIST (bp-lambda-row-mnist.ts): test accuracy of every method against digits seen.
 * Copy-repeat (bp-lambda-copy-repeat.ts): the curriculum level reached against sequences seen.
 *
 * Every finished run (one method, size and seed) is saved under outDir/runs/; with --resume the
 * saved runs of the same settings are reused and only the others run (--checkpoint-every is
 * refused: a run is the unit). Writes result.json, tables.md, alignment-vs-lambda.svg,
 * loss-vs-horizon.svg, row-mnist-<units>.svg and copy-repeat-<units>.svg for the parts run;
 * returns the alignment per λ at the longest horizon (mean over seeds) and the final losses there,
 * the row-MNIST test accuracies at each table's budget and the copy-repeat levels reached.
 */
import { adam } from '../core/optimizer.ts';
import { lineDrawBatch, lineDrawPatterns, type LineDrawPatterns } from '../data/line-draw.ts';
import { writeFileAtomic } from '../io/write-file-atomic.ts';
import { lineChart } from '../plot/line-chart.ts';
import { writeSvg } from '../plot/render-svg.ts';
import { Random } from '../random/random.ts';
import { clipGlobalNorm } from '../recurrent/clip.ts';
import { RecurrentNetwork } from '../recurrent/network.ts';
import { mkdirSync } from 'node:fs';
import { InputError } from '../core/input-error.ts';
import { BpLambda } from '../recurrent/online/bp-lambda.ts';
import { syntheticGradientAlignment } from '../recurrent/online/future-gradient.ts';
import { runSequence } from '../recurrent/online/online-learner.ts';
import { copyRepeatRun, copyRepeatSettings, type CopyRepeatRun } from './bp-lambda-copy-repeat.ts';
import { makeLearner } from './bp-lambda-methods.ts';
import { rowMnistRun, rowMnistSettings, type RowMnistRun } from './bp-lambda-row-mnist.ts';
import type { Example, ExampleContext } from './example.ts';
import { cachedRun } from './saved-runs.ts';
import { bpLambdaSelection, type BpLambdaPart } from './bp-lambda-parts.ts';

/** Sizes and rates of a run. */
export interface BpLambdaSettings {
  lambdas: number[];
  horizons: number[];
  /** (a): sequences the synthesiser learns from, and its Adam rate. */
  alignmentSequences: number;
  synthesiserRate: number;
  /** (b): the synthesisers' Adam rate (the authors' lr_synthesiser), patterns, batch, sequences, network Adam rate, gradient clip, w_sg. */
  learningSynthesiserRate: number;
  patterns: number;
  batch: number;
  learningSequences: number;
  networkRate: number;
  clip: number;
  syntheticWeight: number;
}

export function bpLambdaSettings(quick: boolean): BpLambdaSettings {
  return {
    lambdas: [0, 0.25, 0.5, 0.75, 1],
    horizons: quick ? [10, 20] : [10, 20, 40, 60],
    alignmentSequences: quick ? 40 : 1000,
    synthesiserRate: 3e-3,
    learningSynthesiserRate: 1e-4,
    patterns: 4,
    batch: 4,
    learningSequences: quick ? 20 : 200,
    networkRate: 1e-3,
    clip: 1,
    syntheticWeight: 0.1,
  };
}

function linearRnn(seed: number): RecurrentNetwork {
  return new RecurrentNetwork({ cell: 'rnn', activation: 'linear', inputSize: 10, hidden: [30], outputSize: 2, seed });
}

/** (a): alignment after training the synthesiser of a frozen network. */
export function frozenAlignment(seed: number, T: number, lambda: number, s: BpLambdaSettings): number {
  const net = linearRnn(seed);
  const patterns = lineDrawPatterns();
  const rng = new Random(seed, `bp-lambda/alignment/${T}/${lambda}`);
  const learner = new BpLambda(net, { lambda, optimizer: adam(s.synthesiserRate) });
  for (let i = 0; i < s.alignmentSequences; i++) runSequence(learner, lineDrawBatch(patterns, 1, T, rng));
  return syntheticGradientAlignment(net, learner.synthesiser, lineDrawBatch(patterns, 1, T, rng)).mean;
}

/** The methods of (b), by name (bp-lambda-methods.ts). */
export const METHODS: readonly string[] = ['BPTT', 'BPTT n=1', 'BPTT n=5', 'BPTT+SG n=1', 'BPTT+SG n=5', 'BP(0)', 'BP(0.5)', 'BP(1)'];

/** Mean-square error of the network on one sequence per pattern (the last-step target). */
function evaluate(net: RecurrentNetwork, patterns: LineDrawPatterns, T: number): number {
  const K = patterns.patterns;
  const D = patterns.codeSize;
  const inputs = new Float64Array(K * T * D);
  const targets = new Float64Array(K * 2);
  for (let k = 0; k < K; k++) {
    inputs.set(patterns.codes.subarray(k * D, (k + 1) * D), k * T * D);
    targets.set(patterns.points.subarray(2 * k, 2 * k + 2), 2 * k);
  }
  net.forward({ inputs, batchSize: K, steps: T });
  return net.loss({ kind: 'mse', at: 'last', targets });
}

/** (b): trains a fresh network with one method; returns the loss before and after. */
export function learnedLoss(seed: number, T: number, method: string, s: BpLambdaSettings): { initial: number; final: number } {
  const net = linearRnn(seed);
  const patterns = lineDrawPatterns({ patterns: s.patterns });
  const rng = new Random(seed, `bp-lambda/learning/${T}`);
  const learner = makeLearner(method, net, { syntheticWeight: s.syntheticWeight, gamma: 1, synthesiserOptimizer: () => adam(s.learningSynthesiserRate) });
  const optimizer = adam(s.networkRate);
  const initial = evaluate(net, patterns, T);
  for (let i = 0; i < s.learningSequences; i++) {
    runSequence(learner, lineDrawBatch(patterns, s.batch, T, rng));
    clipGlobalNorm(net.gradients, s.clip);
    optimizer.step(net.parameters, net.gradients, 0);
  }
  return { initial, final: evaluate(net, patterns, T) };
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const band = (xs: number[]) => ({ mean: mean(xs), min: Math.min(...xs), max: Math.max(...xs) });
const fmtBand = (xs: number[], digits: number, scale = 1): string => {
  const b = band(xs.map((x) => x * scale));
  return xs.length > 1 ? `${b.mean.toFixed(digits)} (${b.min.toFixed(digits)}–${b.max.toFixed(digits)})` : b.mean.toFixed(digits);
};

/** The settings with only the table of `units` (all tables when null); refuses a size the part has no table of. */
function onlyTable<S extends { tables: readonly { units: number }[] }>(s: S, units: number | null): S {
  if (units === null) return s;
  const tables = s.tables.filter((t) => t.units === units);
  if (tables.length === 0) throw new InputError('--variant', `no table of ${units} units; expected one of ${s.tables.map((t) => t.units).join(', ')}`);
  return { ...s, tables };
}


async function lineDrawPart(ctx: ExampleContext, resume: boolean, runs: string, done: () => void) {
  const s = bpLambdaSettings(ctx.quick);
  // alignment[T][λ] = per seed
  const alignment: Record<number, Record<string, number[]>> = {};
  const losses: Record<string, Record<number, { initial: number[]; final: number[] }>> = {};
  for (const T of s.horizons) {
    alignment[T] = {};
    for (const lambda of s.lambdas) {
      alignment[T][String(lambda)] = ctx.seeds.map((seed) => {
        const a = cachedRun(runs, `line-draw-alignment-T${T}-l${lambda}-s${seed}`, { s, T, lambda, seed }, resume, () => frozenAlignment(seed, T, lambda, s));
        done();
        return a;
      });
    }
    for (const method of METHODS) {
      losses[method] ??= {};
      const rs = ctx.seeds.map((seed) => {
        const r = cachedRun(runs, `line-draw-loss-T${T}-${method}-s${seed}`, { s, T, method, seed }, resume, () => learnedLoss(seed, T, method, s));
        done();
        return r;
      });
      losses[method][T] = { initial: rs.map((r) => r.initial), final: rs.map((r) => r.final) };
    }
  }
  await writeSvg(
    `${ctx.outDir}/alignment-vs-lambda.svg`,
    lineChart({
      title: 'Frozen linear RNN: alignment of g(s_t) with the true future gradient',
      x: { label: 'λ' },
      y: { label: 'cosine alignment (mean over steps; band: seeds)' },
      series: s.horizons.map((T) => {
        const bands = s.lambdas.map((l) => band(alignment[T][String(l)]));
        return { name: `T = ${T}`, x: s.lambdas, y: bands.map((b) => b.mean), band: { lo: bands.map((b) => b.min), hi: bands.map((b) => b.max) } };
      }),
    }),
  );
  await writeSvg(
    `${ctx.outDir}/loss-vs-horizon.svg`,
    lineChart({
      title: 'Line-draw, everything learns: final loss against horizon',
      x: { label: 'horizon T' },
      y: { label: `MSE after ${s.learningSequences} batches (log axis)`, scale: 'log' },
      series: METHODS.map((m) => ({ name: m, x: s.horizons, y: s.horizons.map((T) => mean(losses[m][T].final)) })),
    }),
  );
  const longest = s.horizons[s.horizons.length - 1];
  const table = [
    `## Line-draw: alignment (frozen RNN) against λ`,
    '',
    `| T | ${s.lambdas.map((l) => `λ = ${l}`).join(' | ')} |`,
    `|---|${s.lambdas.map(() => '---').join('|')}|`,
    ...s.horizons.map((T) => `| ${T} | ${s.lambdas.map((l) => fmtBand(alignment[T][String(l)], 3)).join(' | ')} |`),
    '',
    `## Line-draw: final MSE (everything learns)`,
    '',
    `| method | ${s.horizons.map((T) => `T = ${T}`).join(' | ')} |`,
    `|---|${s.horizons.map(() => '---').join('|')}|`,
    ...METHODS.map((m) => `| ${m} | ${s.horizons.map((T) => fmtBand(losses[m][T].final, 3)).join(' | ')} |`),
  ];
  return {
    settings: s,
    alignment,
    losses,
    table,
    headline: {
      alignment: Object.fromEntries(s.lambdas.map((l) => [String(l), mean(alignment[longest][String(l)])])),
      horizon: longest,
      finalLoss: Object.fromEntries(METHODS.map((m) => [m, mean(losses[m][longest].final)])),
    },
  };
}

async function rowMnistPart(ctx: ExampleContext, resume: boolean, runs: string, done: () => void, units: number | null) {
  const s = onlyTable(rowMnistSettings(ctx.quick), units);
  const results: RowMnistRun[] = [];
  for (const table of s.tables) {
    for (const method of table.methods) {
      for (const seed of ctx.seeds) {
        const { tables: _, ...shared } = s;
        results.push(cachedRun(runs, `row-mnist-u${table.units}-${method}-s${seed}`, { shared, table, method, seed }, resume, () => rowMnistRun(seed, table.units, method, table.checkpoints, s)));
        done();
      }
    }
  }
  const lines: string[] = [];
  const accuracy: Record<string, Record<string, number>> = {};
  for (const table of s.tables) {
    const of = (m: string) => results.filter((r) => r.units === table.units && r.method === m);
    await writeSvg(
      `${ctx.outDir}/row-mnist-${table.units}.svg`,
      lineChart({
        title: `Row-MNIST, LSTM of ${table.units} units: test accuracy against digits seen`,
        x: { label: 'training digits seen' },
        y: { label: `test accuracy (${s.testDigits} digits; mean over seeds)` },
        series: table.methods.map((m) => ({ name: m, x: table.checkpoints, y: table.checkpoints.map((c) => mean(of(m).map((r) => r.points.find((p) => p.digits === c)?.testAccuracy ?? NaN))) })),
      }),
    );
    lines.push(
      `## Row-MNIST, LSTM of ${table.units} units: test accuracy % (mean (range) over ${ctx.seeds.length} seeds)`,
      '',
      `| method | ${table.checkpoints.map((c) => `${c.toLocaleString('en')} digits`).join(' | ')} | seq steps / s |`,
      `|---|${table.checkpoints.map(() => '---').join('|')}|---|`,
      ...table.methods.map(
        (m) => `| ${m} | ${table.checkpoints.map((c) => fmtBand(of(m).map((r) => r.points.find((p) => p.digits === c)?.testAccuracy ?? NaN), 1, 100)).join(' | ')} | ${Math.round(mean(of(m).map((r) => r.stepsPerSecond)))} |`,
      ),
      '',
    );
    const last = table.checkpoints[table.checkpoints.length - 1];
    accuracy[`${table.units} units, ${last} digits`] = Object.fromEntries(table.methods.map((m) => [m, mean(of(m).map((r) => r.points.find((p) => p.digits === last)?.testAccuracy ?? NaN))]));
  }
  return { settings: s, runs: results, table: lines, headline: { rowMnistAccuracy: accuracy } };
}

async function copyRepeatPart(ctx: ExampleContext, resume: boolean, runs: string, done: () => void, units: number | null) {
  const s = onlyTable(copyRepeatSettings(ctx.quick), units);
  const results: CopyRepeatRun[] = [];
  for (const table of s.tables) {
    for (const method of table.methods) {
      for (const seed of ctx.seeds) {
        const { tables: _, ...shared } = s;
        results.push(cachedRun(runs, `copy-repeat-u${table.units}-${method}-s${seed}`, { shared, units: table.units, method, seed }, resume, () => copyRepeatRun(seed, table.units, method, s)));
        done();
      }
    }
  }
  const lines: string[] = [];
  const levels: Record<string, Record<string, string>> = {};
  const grid = Array.from({ length: 21 }, (_, i) => (i * s.sequences) / 20);
  const advancesBy = (r: CopyRepeatRun, seen: number) => r.levels.filter((l) => l.sequences <= seen).length - 1;
  for (const table of s.tables) {
    const of = (m: string) => results.filter((r) => r.units === table.units && r.method === m);
    await writeSvg(
      `${ctx.outDir}/copy-repeat-${table.units}.svg`,
      lineChart({
        title: `Copy-repeat, LSTM of ${table.units} units: curriculum advances against sequences seen`,
        x: { label: 'training sequences seen' },
        y: { label: 'curriculum advances from (N, R) = (1, 1) (mean over seeds; band: range)' },
        series: table.methods.map((m) => {
          const per = grid.map((g) => of(m).map((r) => advancesBy(r, g)));
          return { name: m, x: grid, y: per.map(mean), band: { lo: per.map((xs) => Math.min(...xs)), hi: per.map((xs) => Math.max(...xs)) } };
        }),
      }),
    );
    lines.push(
      `## Copy-repeat, LSTM of ${table.units} units: level after ${s.sequences.toLocaleString('en')} sequences`,
      '',
      '| method | advances (mean (range)) | final (N, R) per seed | last batch loss (bits) | seq steps / s |',
      '|---|---|---|---|---|',
      ...table.methods.map((m) => {
        const rs = of(m);
        const finals = rs.map((r) => r.levels[r.levels.length - 1]);
        return `| ${m} | ${fmtBand(rs.map((r) => r.advances), 1)} | ${finals.map((l) => `(${l.patternLength}, ${l.repeats})`).join(', ')} | ${fmtBand(rs.map((r) => r.lastLossBits), 2)} | ${Math.round(mean(rs.map((r) => r.stepsPerSecond)))} |`;
      }),
      '',
    );
    levels[`${table.units} units`] = Object.fromEntries(table.methods.map((m) => [m, of(m).map((r) => { const l = r.levels[r.levels.length - 1]; return `(${l.patternLength},${l.repeats})`; }).join(' ')]));
  }
  return { settings: s, runs: results, table: lines, headline: { copyRepeatLevels: levels } };
}

const example: Example = {
  name: 'bp-lambda',
  description: 'BP(λ) synthetic gradients against truncated BPTT and BPTT+SG: line-draw, row-MNIST, copy-repeat (issue 16)',
  async run(ctx: ExampleContext) {
    if (ctx.checkpoint !== undefined && ctx.checkpoint.every > 0) throw new InputError('--checkpoint-every', 'bp-lambda saves each finished run (method, size, seed) and --resume reuses them; drop --checkpoint-every');
    const resume = ctx.checkpoint?.resume === true;
    const { parts, units } = bpLambdaSelection(ctx.variant);
    const runs = `${ctx.outDir}/runs`;
    mkdirSync(runs, { recursive: true });
    const started = performance.now();
    const ld = bpLambdaSettings(ctx.quick);
    const rm = rowMnistSettings(ctx.quick);
    const cr = copyRepeatSettings(ctx.quick);
    const count = (p: BpLambdaPart) =>
      p === 'line-draw' ? ld.horizons.length * (ld.lambdas.length + METHODS.length) : onlyTable(p === 'row-mnist' ? rm : cr, units).tables.reduce((a, t) => a + t.methods.length, 0);
    const progress = ctx.progress?.({ label: 'bp-lambda', total: ctx.seeds.length * parts.reduce((a, p) => a + count(p), 0), unit: 'runs' });
    let finished = 0;
    const done = () => progress?.update(++finished, {});
    const result: Record<string, unknown> = { seeds: ctx.seeds };
    const tables: string[] = [];
    let headline: Record<string, unknown> = {};
    for (const part of parts) {
      const r = part === 'line-draw' ? await lineDrawPart(ctx, resume, runs, done) : part === 'row-mnist' ? await rowMnistPart(ctx, resume, runs, done, units) : await copyRepeatPart(ctx, resume, runs, done, units);
      const { table, headline: h, ...rest } = r;
      result[part] = rest;
      tables.push(...table, '');
      headline = { ...headline, ...h };
    }
    progress?.finish();
    const wallSeconds = (performance.now() - started) / 1000;
    result.wallSeconds = wallSeconds;
    writeFileAtomic(`${ctx.outDir}/result.json`, JSON.stringify(result, null, 1));
    writeFileAtomic(`${ctx.outDir}/tables.md`, `${tables.join('\n')}\n`);
    return { ...headline, parts, seeds: ctx.seeds.length, wallSeconds };
  },
};

export default example;
