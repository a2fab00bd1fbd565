/**
 * Losses on the readout y_t of a batch of sequences, and their gradients dL/dy.
 *
 * `at: 'last'` scores step lengths[b] − 1 of each sequence (the class at the end of sequential
 * MNIST); `at: 'every'` scores every valid step (language modelling). Steps at or beyond a
 * sequence's length never count. Targets are batch-first: per sequence (`last`) or per sequence
 * and step (`every`).
 * - softmax cross-entropy: integer class targets; a negative target skips that step. The loss is
 *   the mean over scored steps of −log softmax(y)[target] (PyTorch's CrossEntropyLoss, mean).
 * - mse: real targets, O per scored step; the mean over scored steps and outputs of (y − target)²
 *   (PyTorch's MSELoss, mean).
 * - bce-logits: targets in [0, 1], O per scored step; the mean over scored steps and outputs of
 *   −[t·log σ(y) + (1 − t)·log(1 − σ(y))], computed stably (PyTorch's BCEWithLogitsLoss, mean).
 */
export type LossSpec =
  | {
      readonly kind: 'cross-entropy';
      readonly at: 'last' | 'every';
      readonly targets: Int32Array;
      /**
       * Optional weight per target (same layout, ≥ 0): the loss becomes Σ w·ℓ / Σ w over the scored
       * steps, a cost mask such as the decision-period weighting of Yang et al. (2019, gyyang/multitask
       * `c_mask`). Absent: every scored step weighs 1 (the plain mean).
       */
      readonly weights?: Float64Array;
    }
  | { readonly kind: 'mse' | 'bce-logits'; readonly at: 'last' | 'every'; readonly targets: Float64Array };

/**
 * Softmax cross-entropy rows held elsewhere (the float32 readout, readout-float32.ts): `clear`
 * zeroes its dL/dy, `score(r, target, ws)` writes ws·(softmax(y_r) − onehot(target)) into dL/dy
 * row r and returns −log softmax(y_r)[target].
 */
export interface CrossEntropyRows {
  clear(): void;
  score(row: number, target: number, ws: number): number;
}

/**
 * The loss of outputs y (time-major: row (t, b) at (t·B + b)·O) and its gradient dY (same layout,
 * overwritten; zero at steps that do not count). Returns NaN-free 0 when no step counts. With
 * `rows` (cross-entropy only), the rows' softmax runs there and y and dY are not touched.
 */
export function sequenceLoss(y: Float64Array, batch: number, steps: number, outputs: number, lengths: Int32Array | null, spec: LossSpec, dY: Float64Array, rows: CrossEntropyRows | null = null): number {
  const o = outputs;
  if (rows !== null && spec.kind !== 'cross-entropy') throw new Error(`sequenceLoss: rows held elsewhere serve cross-entropy only, not ${spec.kind}`);
  if (rows === null) dY.fill(0, 0, batch * steps * o);
  else rows.clear();
  const expected = (spec.at === 'last' ? batch : batch * steps) * (spec.kind === 'cross-entropy' ? 1 : o);
  if (spec.targets.length !== expected) throw new RangeError(`${spec.kind} at '${spec.at}' needs ${expected} targets, got ${spec.targets.length}`);
  const weights = spec.kind === 'cross-entropy' ? (spec.weights ?? null) : null;
  if (weights !== null && weights.length !== expected) throw new RangeError(`cross-entropy weights need ${expected} entries like the targets, got ${weights.length}`);
  // first pass: count (or weigh) the scored steps (the mean's denominator)
  let count = 0;
  for (let b = 0; b < batch; b++) {
    const len = lengths === null ? steps : Math.min(steps, lengths[b]);
    if (spec.at === 'last') {
      if (len > 0 && (spec.kind !== 'cross-entropy' || spec.targets[b] >= 0)) count += weights === null ? 1 : weightAt(weights, b);
    } else {
      for (let t = 0; t < len; t++) if (spec.kind !== 'cross-entropy' || spec.targets[b * steps + t] >= 0) count += weights === null ? 1 : weightAt(weights, b * steps + t);
    }
  }
  if (count === 0) return 0;
  const scale = spec.kind === 'cross-entropy' ? 1 / count : 1 / (count * o);
  let total = 0;
  for (let b = 0; b < batch; b++) {
    const len = lengths === null ? steps : Math.min(steps, lengths[b]);
    const t0 = spec.at === 'last' ? len - 1 : 0;
    for (let t = Math.max(t0, 0); t < len; t++) {
      const row = (t * batch + b) * o;
      const tIndex = spec.at === 'last' ? b : b * steps + t;
      if (spec.kind === 'cross-entropy') {
        const target = spec.targets[tIndex];
        if (target < 0) continue;
        if (target >= o) throw new RangeError(`class target ${target} ≥ output size ${o}`);
        const w = weights === null ? 1 : weights[tIndex];
        if (rows !== null) {
          total += w * rows.score(t * batch + b, target, w * scale);
          continue;
        }
        let max = -Infinity;
        for (let k = 0; k < o; k++) if (y[row + k] > max) max = y[row + k];
        // one exp per output (the cost of a 10,000-word softmax): e^{y − max} kept in dY, then scaled
        let sum = 0;
        for (let k = 0; k < o; k++) {
          const e = Math.exp(y[row + k] - max);
          dY[row + k] = e;
          sum += e;
        }
        total += w * (max + Math.log(sum) - y[row + target]);
        const ws = w * scale;
        const toGradient = ws / sum;
        for (let k = 0; k < o; k++) dY[row + k] *= toGradient;
        dY[row + target] -= ws;
      } else {
        const tgt = spec.targets;
        const tRow = tIndex * o;
        for (let k = 0; k < o; k++) {
          const v = y[row + k];
          const target = tgt[tRow + k];
          if (spec.kind === 'mse') {
            const d = v - target;
            total += d * d;
            dY[row + k] = 2 * scale * d;
          } else {
            // −[t·log σ(v) + (1 − t)·log(1 − σ(v))] = max(v, 0) − t·v + log(1 + e^{−|v|})
            total += Math.max(v, 0) - target * v + Math.log1p(Math.exp(-Math.abs(v)));
            dY[row + k] = scale * (1 / (1 + Math.exp(-v)) - target);
          }
        }
      }
    }
  }
  return total * scale;
}

/** A loss weight, refused when negative or not finite. */
function weightAt(weights: Float64Array, k: number): number {
  const w = weights[k];
  if (!(w >= 0 && Number.isFinite(w))) throw new RangeError(`cross-entropy weight ${w} at index ${k} must be finite and ≥ 0`);
  return w;
}
