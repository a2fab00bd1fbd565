import { InputError } from '../core/input-error.ts';
import type { Random } from '../random/random.ts';

/**
 * The attractor test case of Guilhot, Wójcik, Achterberg & Ponte Costa (2024, arXiv 2410.24070):
 * families of Lorenz systems, their noisy copies and their mixtures, as trials × time × 3 arrays
 * for the similarity metrics (`dsaDistance`, `linearCka`, `procrustesDistance` accept them as they
 * are: `{ data, shape }`).
 *
 * Facts from the authors' code (qglht/RepAL: dsa_analysis/lorenz_class.py, dsa_analysis/combine.py,
 * config.yaml, notebooks/analysis_lorenz_1.ipynb and _2.ipynb):
 * - ẋ = σ(y − x), ẏ = r·x − y − x·z, ż = x·y − b·z with σ = 10, b = 2.667; forward Euler,
 *   s(k+1) = s(k) + f(s(k))·dt, dt 0.01, 200 points per trajectory counting the initial one;
 *   200 initial points from U[0, 1)³.
 * - Scaling is per trajectory over all three coordinates together (one min and one max over the
 *   200 × 3 values, `normalize_within_unit_volume`), not per coordinate: s ← (s − min)/(max − min +
 *   1e-6). The 1e-6 is in the class the notebooks use, so the largest value falls just short of 1;
 *   we keep it (option `scaleEpsilon`).
 * - Each system draws its own 200 initial points (each `Simulation` object draws them on
 *   construction); pass `initialPoints` to share them instead, as the older function in
 *   dsa_analysis/lorenz.py does.
 * - Noise: x′ = √(1 − s²)·x + s·ε, one standard normal ε per trajectory, step and coordinate,
 *   applied to the scaled trajectories, no rescaling after.
 * - Mixing: model3 = noisy A + m·(B − B₀), per trajectory i and step t:
 *   A′[i][t] + m·(B[i][t] − B[i][0]); B is the clean scaled trajectory i of the other system and
 *   B₀ its own first point (so model3 starts where noisy A starts); no rescaling after.
 * - In the mixing experiment each level pairs a mixing weight with a noise scale (config.yaml
 *   "perturbations" by epoch): m = 1 with s = 0.004, m = ½ with s = 0.002, m = ¼ with s = 0.001;
 *   model1, model2 and the noisy A inside model3 are three independent noise draws on A at that s.
 *   The seven systems of that experiment are r = 0.5 ("curve") and the six with two attractors.
 *
 * Our streams are `Random`, not NumPy's, so the numbers differ from the authors' arrays.
 */
export interface LorenzParameters {
  /** σ; default 10. */
  sigma?: number;
  r: number;
  /** b; default 2.667, as in the authors' code (not 8/3). */
  b?: number;
}

/** trials × steps × 3 trajectories, row-major (coordinate fastest). */
export interface Trajectories {
  readonly data: Float64Array;
  readonly shape: readonly [number, number, number];
}

/** The nine systems by family, as in the authors' config.yaml. */
export const LORENZ_FAMILIES = {
  /** r < 1: the origin is the only fixed point and attracts. */
  oneFixedPoint: [0.25, 0.5, 0.75],
  /** 1 < r < 24.74: two stable fixed points C±. */
  twoStableAttractors: [5, 10, 15],
  /** r > 24.74: chaotic. */
  chaotic: [30, 40, 50],
} as const;

/** The seven systems of the mixing experiment (notebooks/analysis_lorenz_2.ipynb). */
export const LORENZ_MIXING_SYSTEMS = [0.5, 5, 10, 15, 30, 40, 50] as const;

/** Mixing weight m and noise scale s of each level of the mixing experiment. */
export const LORENZ_MIXING_LEVELS = [
  { mixing: 1, noise: 0.004 },
  { mixing: 0.5, noise: 0.002 },
  { mixing: 0.25, noise: 0.001 },
] as const;

export const LORENZ_DEFAULTS = { samples: 200, steps: 200, dt: 0.01, sigma: 10, b: 2.667, scaleEpsilon: 1e-6 } as const;

/**
 * Forward Euler from `initial` for `steps` points (the first is `initial`), written to
 * out[offset … offset + 3·steps). Unscaled.
 */
export function lorenzEuler(initial: ArrayLike<number>, params: LorenzParameters, dt: number, steps: number, out: Float64Array, offset = 0): void {
  const sigma = params.sigma ?? LORENZ_DEFAULTS.sigma;
  const b = params.b ?? LORENZ_DEFAULTS.b;
  const r = params.r;
  let x = initial[0];
  let y = initial[1];
  let z = initial[2];
  for (let t = 0; t < steps; t++) {
    const k = offset + 3 * t;
    out[k] = x;
    out[k + 1] = y;
    out[k + 2] = z;
    const dx = sigma * (y - x);
    const dy = r * x - y - x * z;
    const dz = x * y - b * z;
    x += dx * dt;
    y += dy * dt;
    z += dz * dt;
  }
}

/** (v − min)/(max − min + epsilon) over out[offset … offset + length), one min and max for all. */
export function scaleToUnitRange(values: Float64Array, offset: number, length: number, epsilon: number): void {
  let min = Infinity;
  let max = -Infinity;
  for (let k = offset; k < offset + length; k++) {
    if (values[k] < min) min = values[k];
    if (values[k] > max) max = values[k];
  }
  const scale = 1 / (max - min + epsilon);
  for (let k = offset; k < offset + length; k++) values[k] = (values[k] - min) * scale;
}

export interface LorenzTrajectoryOptions extends LorenzParameters {
  /** Trajectories; default 200. */
  samples?: number;
  /** Points per trajectory, the initial one included; default 200. */
  steps?: number;
  /** Euler step; default 0.01. */
  dt?: number;
  /** samples × 3 initial points; default: drawn from `rng` as U[0, 1)³, x, y, z per sample. */
  initialPoints?: Float64Array;
  /** Added to max − min in the scaling; default 1e-6 as in the authors' code. */
  scaleEpsilon?: number;
  /** Skip the per-trajectory scaling (for checking the dynamics). */
  unscaled?: boolean;
}

/** `samples` Euler trajectories of one Lorenz system, each scaled to [0, 1) (see above). */
export function lorenzTrajectories(options: LorenzTrajectoryOptions, rng: Random): Trajectories {
  const samples = options.samples ?? LORENZ_DEFAULTS.samples;
  const steps = options.steps ?? LORENZ_DEFAULTS.steps;
  const dt = options.dt ?? LORENZ_DEFAULTS.dt;
  const epsilon = options.scaleEpsilon ?? LORENZ_DEFAULTS.scaleEpsilon;
  if (!Number.isSafeInteger(samples) || samples < 1) throw new InputError('samples', `expected a positive integer, got ${samples}`);
  if (!Number.isSafeInteger(steps) || steps < 2) throw new InputError('steps', `expected an integer ≥ 2, got ${steps}`);
  if (!(dt > 0)) throw new InputError('dt', `expected a positive step, got ${dt}`);
  if (!Number.isFinite(options.r)) throw new InputError('r', `expected a finite number, got ${options.r}`);
  let initial = options.initialPoints;
  if (initial) {
    if (initial.length !== 3 * samples) throw new InputError('initialPoints', `expected ${samples}×3 values, got ${initial.length}`);
  } else {
    initial = new Float64Array(3 * samples);
    for (let k = 0; k < initial.length; k++) initial[k] = rng.uniform();
  }
  const data = new Float64Array(samples * steps * 3);
  for (let i = 0; i < samples; i++) {
    lorenzEuler(initial.subarray(3 * i, 3 * i + 3), options, dt, steps, data, i * steps * 3);
    if (!options.unscaled) scaleToUnitRange(data, i * steps * 3, steps * 3, epsilon);
  }
  return { data, shape: [samples, steps, 3] };
}

/** x′ = √(1 − s²)·x + s·ε with ε ~ N(0, 1) per element, into a new array. */
export function addDiffusionNoise(trajectories: Trajectories, s: number, rng: Random): Trajectories {
  if (!(s >= 0 && s <= 1)) throw new InputError('noise', `expected 0 ≤ s ≤ 1, got ${s}`);
  const keep = Math.sqrt(1 - s * s);
  const src = trajectories.data;
  const data = new Float64Array(src.length);
  for (let k = 0; k < src.length; k++) data[k] = keep * src[k] + s * rng.normal();
  return { data, shape: trajectories.shape };
}

/** model3 = A′ + m·(B − B₀): per trajectory i, A′[i][t] + m·(B[i][t] − B[i][0]). */
export function mixTrajectories(noisyA: Trajectories, b: Trajectories, m: number): Trajectories {
  const [samples, steps, dims] = noisyA.shape;
  if (b.shape[0] !== samples || b.shape[1] !== steps || b.shape[2] !== dims) {
    throw new InputError('mixing', `A is ${noisyA.shape.join('×')} but B is ${b.shape.join('×')}`);
  }
  const data = new Float64Array(noisyA.data.length);
  for (let i = 0; i < samples; i++) {
    const first = i * steps * dims;
    for (let t = 0; t < steps; t++) {
      for (let c = 0; c < dims; c++) {
        const k = first + t * dims + c;
        data[k] = noisyA.data[k] + m * (b.data[k] - b.data[first + c]);
      }
    }
  }
  return { data, shape: noisyA.shape };
}

export interface LorenzMixingModels {
  mixing: number;
  noise: number;
  /** A with noise. */
  model1: Trajectories;
  /** A with independent noise. */
  model2: Trajectories;
  /** A with a third independent noise draw, plus m·(B − B₀). */
  model3: Trajectories;
}

/** The three models of one mixing level for the ordered pair (A, B) of clean scaled systems. */
export function lorenzMixingModels(a: Trajectories, b: Trajectories, level: { mixing: number; noise: number }, rng: Random): LorenzMixingModels {
  const model1 = addDiffusionNoise(a, level.noise, rng);
  const model2 = addDiffusionNoise(a, level.noise, rng);
  const model3 = mixTrajectories(addDiffusionNoise(a, level.noise, rng), b, level.mixing);
  return { mixing: level.mixing, noise: level.noise, model1, model2, model3 };
}
