import { InputError } from '../core/input-error.ts';

/** A labelled classification data set: n samples of inputSize values, labels in 0…classes−1. */
export interface Dataset {
  name: string;
  /** n × inputSize, row-major. */
  inputs: Float64Array;
  labels: Int32Array;
  n: number;
  inputSize: number;
  classes: number;
}

export interface DatasetSplit {
  train: Dataset;
  test: Dataset;
}

/** How many samples of each class, indexed by label. */
export function classCounts(data: Dataset): number[] {
  const counts = new Array<number>(data.classes).fill(0);
  for (const label of data.labels) counts[label]++;
  return counts;
}

/**
 * Targets for teaching: n × classes row-major, `high` at each sample's label and `low` elsewhere
 * (e.g. low 0.1, high 0.8 to keep output rates inside the transfer function's range).
 */
export function oneHotTargets(labels: Int32Array, classes: number, low: number, high: number): Float64Array {
  if (!Number.isSafeInteger(classes) || classes < 1) throw new InputError('classes', `expected a positive integer, got ${classes}`);
  const out = new Float64Array(labels.length * classes).fill(low);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label < 0 || label >= classes) throw new InputError(`labels[${i}]`, `expected a class in 0…${classes - 1}, got ${label}`);
    out[i * classes + label] = high;
  }
  return out;
}
