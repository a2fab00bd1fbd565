/**
 * One worker's share of the Lorenz test case (run by parallel-map.ts): a list of jobs, each either
 * a pair of the nine family systems (test 1) or an ordered pair (A, B) of the mixing systems at
 * every mixing level. Systems are regenerated from the seed in each worker (cheap next to the
 * metrics) and their DSA operators fitted once per worker.
 *
 * Streams: system r of seed s draws its initial points from Random(s, `dsa-lorenz/system/r=…`);
 * the noise of the mixing pair (A, B) from Random(s, `dsa-lorenz/mixing/A→B`), levels in order,
 * model1, model2, model3 within a level (src/data/lorenz.ts `lorenzMixingModels`).
 */
import type { HavokDmd } from '../analysis/havok-dmd.ts';
import { lorenzMixingModels, lorenzTrajectories } from '../data/lorenz.ts';
import type { Trajectories } from '../data/lorenz.ts';
import { Random } from '../random/random.ts';
import type { DsaLorenzSettings } from './dsa-lorenz-settings.ts';
import { ckaDissimilarity, dsaBetween, dsaOperator, procrustesDissimilarity } from './dsa-lorenz-metrics.ts';
import type { Metric } from './dsa-lorenz-metrics.ts';

export type DsaLorenzJob = { kind: 'family'; seed: number; a: number; b: number } | { kind: 'mixing'; seed: number; a: number; b: number };

export interface FamilyPairResult {
  kind: 'family';
  seed: number;
  a: number;
  b: number;
  d: Record<Metric, number>;
  /** Ranks of the two DSA operators (below the asked rank where the embedding has fewer directions). */
  ranks: [number, number];
}

export interface MixingPairResult {
  kind: 'mixing';
  seed: number;
  a: number;
  b: number;
  /** Per metric, one value per mixing level, in the settings' order. */
  model1VsModel2: Record<Metric, number[]>;
  model2VsModel3: Record<Metric, number[]>;
}

export type DsaLorenzJobResult = FamilyPairResult | MixingPairResult;

export interface DsaLorenzTaskInput {
  settings: DsaLorenzSettings;
  jobs: DsaLorenzJob[];
}

/** The clean scaled trajectories of system r under seed `seed`. */
export function lorenzSystem(settings: DsaLorenzSettings, seed: number, r: number): Trajectories {
  return lorenzTrajectories({ r, samples: settings.samples, steps: settings.steps, dt: settings.dt }, new Random(seed, `dsa-lorenz/system/r=${r}`));
}

/** The noise stream of the ordered mixing pair (A, B). */
export function mixingStream(seed: number, a: number, b: number): Random {
  return new Random(seed, `dsa-lorenz/mixing/${a}→${b}`);
}

const emptyCurves = (): Record<Metric, number[]> => ({ dsa: [], cka: [], procrustes: [] });

export default function runJobs(input: DsaLorenzTaskInput, report: (done: number) => void): DsaLorenzJobResult[] {
  const { settings, jobs } = input;
  const systems = new Map<string, Trajectories>();
  const operators = new Map<string, HavokDmd>();
  const system = (seed: number, r: number) => {
    const key = `${seed}/${r}`;
    let s = systems.get(key);
    if (s === undefined) systems.set(key, (s = lorenzSystem(settings, seed, r)));
    return s;
  };
  const operator = (seed: number, r: number) => {
    const key = `${seed}/${r}`;
    let op = operators.get(key);
    if (op === undefined) operators.set(key, (op = dsaOperator(system(seed, r), settings.dsa)));
    return op;
  };

  const results: DsaLorenzJobResult[] = [];
  for (const job of jobs) {
    const { seed, a, b } = job;
    if (job.kind === 'family') {
      const x = system(seed, a);
      const y = system(seed, b);
      const opA = operator(seed, a);
      const opB = operator(seed, b);
      const d = { dsa: dsaBetween(opA, opB, settings.dsa), cka: ckaDissimilarity(x, y), procrustes: procrustesDissimilarity(x, y) };
      results.push({ kind: 'family', seed, a, b, d, ranks: [opA.rank, opB.rank] });
    } else {
      const rng = mixingStream(seed, a, b);
      const model1VsModel2 = emptyCurves();
      const model2VsModel3 = emptyCurves();
      for (const level of settings.mixingLevels) {
        const models = lorenzMixingModels(system(seed, a), system(seed, b), level, rng);
        const [op1, op2, op3] = [models.model1, models.model2, models.model3].map((x) => dsaOperator(x, settings.dsa));
        model1VsModel2.dsa.push(dsaBetween(op1, op2, settings.dsa));
        model2VsModel3.dsa.push(dsaBetween(op2, op3, settings.dsa));
        model1VsModel2.cka.push(ckaDissimilarity(models.model1, models.model2));
        model2VsModel3.cka.push(ckaDissimilarity(models.model2, models.model3));
        model1VsModel2.procrustes.push(procrustesDissimilarity(models.model1, models.model2));
        model2VsModel3.procrustes.push(procrustesDissimilarity(models.model2, models.model3));
      }
      results.push({ kind: 'mixing', seed, a, b, model1VsModel2, model2VsModel3 });
    }
    report(results.length);
  }
  return results;
}
