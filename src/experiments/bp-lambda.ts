/**
 * `npm run example -- bp-lambda`: online credit assignment in time on the toy line-draw task
 * (Pemberton & Ponte Costa, "BP(λ): Online Learning via Synthetic Gradients", TMLR 2024; issue 16).
 *
 * (a) Frozen linear RNN of 30 units, only the synthesiser learns (BP(λ), Adam): the cosine
 *     alignment between g(s_t) and the true future gradient (BPTT), mean over steps 0…T−2, against
 *     λ ∈ {0, 0.25, 0.5, 0.75, 1} for each horizon T ∈ {10, 20, 40, 60}. The authors' configuration:
 *     one pattern (K = 1), so every sequence is the same and one sequence per update stands for
 *     their batch of 10 identical ones.
 * (b) Everything learns: the final loss against T for BPTT, truncated BPTT (n = 1, 5), BPTT+SG
 *     (n = 1, 5), BP(0) and BP(1); here K = 4 patterns so that the readout bias alone cannot solve
 *     the task.
 * Writes result.json, alignment-vs-lambda.svg and loss-vs-horizon.svg; returns the alignment per
 * λ at the longest horizon of the run (mean over seeds) and the final losses there.
 */
import { adam, type Optimizer } from '../core/optimizer.ts';
import { lineDrawBatch, lineDrawPatterns, type LineDrawPatterns } from '../data/line-draw.ts';
import { writeFileAtomic } from '../io/write-file-atomic.ts';
import { lineChart } from '../plot/line-chart.ts';
import { writeSvg } from '../plot/render-svg.ts';
import { Random } from '../random/random.ts';
import { clipGlobalNorm } from '../recurrent/clip.ts';
import { RecurrentNetwork } from '../recurrent/network.ts';
import { BpLambda } from '../recurrent/online/bp-lambda.ts';
import { BpttSynthetic } from '../recurrent/online/bptt-synthetic.ts';
import { syntheticGradientAlignment } from '../recurrent/online/future-gradient.ts';
import { runSequence, type OnlineLearner } from '../recurrent/online/online-learner.ts';
import { TruncatedBptt } from '../recurrent/online/truncated-bptt.ts';
import { refuseCheckpoints, type Example, type ExampleContext } from './example.ts';

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
    alignmentSequences: quick ? 40 : 300,
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

/** The methods of (b), by name. */
export const METHODS: Record<string, (net: RecurrentNetwork, s: BpLambdaSettings, opt: () => Optimizer) => OnlineLearner> = {
  BPTT: (net) => new TruncatedBptt(net),
  'BPTT n=1': (net) => new TruncatedBptt(net, 1),
  'BPTT n=5': (net) => new TruncatedBptt(net, 5),
  'BPTT+SG n=1': (net, s, opt) => new BpttSynthetic(net, { truncation: 1, syntheticWeight: s.syntheticWeight, optimizer: opt() }),
  'BPTT+SG n=5': (net, s, opt) => new BpttSynthetic(net, { truncation: 5, syntheticWeight: s.syntheticWeight, optimizer: opt() }),
  'BP(0)': (net, s, opt) => new BpLambda(net, { lambda: 0, syntheticWeight: s.syntheticWeight, optimizer: opt() }),
  'BP(1)': (net, s, opt) => new BpLambda(net, { lambda: 1, syntheticWeight: s.syntheticWeight, optimizer: opt() }),
};

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
  const learner = METHODS[method](net, s, () => adam(s.learningSynthesiserRate));
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

const example: Example = {
  name: 'bp-lambda',
  description: 'BP(λ) synthetic gradients against truncated BPTT and BPTT+SG on line-draw (issue 16)',
  async run(ctx: ExampleContext) {
    refuseCheckpoints(ctx, 'bp-lambda keeps no checkpoints');
    const s = bpLambdaSettings(ctx.quick);
    const started = performance.now();
    const progress = ctx.progress?.({ label: 'bp-lambda', total: ctx.seeds.length * s.horizons.length * (s.lambdas.length + Object.keys(METHODS).length), unit: 'runs' });
    let done = 0;
    // alignment[T][λ] = per seed
    const alignment: Record<number, Record<string, number[]>> = {};
    const losses: Record<string, Record<number, { initial: number[]; final: number[] }>> = {};
    for (const T of s.horizons) {
      alignment[T] = {};
      for (const lambda of s.lambdas) {
        alignment[T][String(lambda)] = ctx.seeds.map((seed) => frozenAlignment(seed, T, lambda, s));
        done += ctx.seeds.length;
        progress?.update(done, { T, lambda });
      }
      for (const method of Object.keys(METHODS)) {
        losses[method] ??= {};
        const runs = ctx.seeds.map((seed) => learnedLoss(seed, T, method, s));
        losses[method][T] = { initial: runs.map((r) => r.initial), final: runs.map((r) => r.final) };
        done += ctx.seeds.length;
        progress?.update(done, { T, method });
      }
    }
    progress?.finish();
    const wallSeconds = (performance.now() - started) / 1000;
    const band = (xs: number[]) => ({ mean: mean(xs), min: Math.min(...xs), max: Math.max(...xs) });
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
        series: Object.keys(METHODS).map((m) => ({ name: m, x: s.horizons, y: s.horizons.map((T) => mean(losses[m][T].final)) })),
      }),
    );
    const longest = s.horizons[s.horizons.length - 1];
    const headline = {
      alignment: Object.fromEntries(s.lambdas.map((l) => [String(l), mean(alignment[longest][String(l)])])),
      horizon: longest,
      finalLoss: Object.fromEntries(Object.keys(METHODS).map((m) => [m, mean(losses[m][longest].final)])),
      seeds: ctx.seeds.length,
      wallSeconds,
    };
    writeFileAtomic(`${ctx.outDir}/result.json`, JSON.stringify({ settings: s, seeds: ctx.seeds, alignment, losses, wallSeconds, left: ['row-MNIST table', 'copy-repeat curriculum'] }, null, 1));
    return headline;
  },
};

export default example;
