import { createTeacher, teacherPatterns } from '../data/teacher-student.ts';
import { oneHotTargets, type Dataset } from '../data/dataset.ts';
import { loadIdxDataset } from '../data/idx.ts';
import { loadMnist } from '../data/mnist.ts';
import { loadYinYang } from '../data/yin-yang.ts';
import { PAPER_NEURON_PARAMETERS } from '../neurons/neuron-parameters.ts';
import { Random } from '../random/random.ts';
import type { DataSpec } from './train-options.ts';

/** Samples of one split: inputs (n × inputSize) and target potentials (n × outputSize), row-major. */
export interface TrainingSet {
  readonly inputs: Float64Array;
  readonly targets: Float64Array;
  /** Class of each sample (classification), or null (regression). */
  readonly labels: Int32Array | null;
  readonly n: number;
}

export interface TrainingData {
  readonly name: string;
  readonly task: 'classification' | 'regression';
  readonly inputSize: number;
  readonly outputSize: number;
  readonly train: TrainingSet;
  readonly test: TrainingSet;
}

/** Target potentials of classification: `high` at the sample's class, `low` elsewhere. */
export interface ClassTargets {
  readonly low: number;
  readonly high: number;
}

export interface Limits {
  readonly train?: number;
  readonly test?: number;
}

/** The teacher of `--data teacher`: the reference's 30-20-10 "mimic" network, softplus, weights U(−1, 1). */
export const TEACHER_DIMS = [30, 20, 10] as const;
export const TEACHER_SIZES = { train: 5000, test: 500 } as const;

function classification(d: Dataset, limit: number | undefined, targets: ClassTargets): TrainingSet {
  const n = Math.min(d.n, limit ?? d.n);
  const labels = d.labels.slice(0, n);
  return { inputs: d.inputs.slice(0, n * d.inputSize), targets: oneHotTargets(labels, d.classes, targets.low, targets.high), labels, n };
}

/**
 * The data set of `spec`, split into train and test, with the first `limits` samples of each kept.
 * MNIST: the built-in 8,000/2,000 split of seed `seed`; Yin-Yang: 5,000/1,000 drawn from `seed`;
 * idx:PATH: the folder's train and t10k files; teacher: 5,000/500 patterns of a fixed teacher
 * (TEACHER_DIMS, seed `seed`), inputs U(0, 1), targets the teacher's output potentials.
 */
export function loadTrainingData(spec: DataSpec, seed: number, limits: Limits, targets: ClassTargets): TrainingData {
  if (spec.kind === 'teacher') {
    const teacher = createTeacher({ dims: TEACHER_DIMS, weightScale: 1, neuron: PAPER_NEURON_PARAMETERS, seed });
    const draw = (label: string, n: number) => {
      const p = teacherPatterns(teacher, n, new Random(seed, label));
      return { inputs: p.inputs, targets: p.targets, labels: null, n };
    };
    return {
      name: 'teacher',
      task: 'regression',
      inputSize: TEACHER_DIMS[0],
      outputSize: TEACHER_DIMS[2],
      train: draw('teacher/train', limits.train ?? TEACHER_SIZES.train),
      test: draw('teacher/test', limits.test ?? TEACHER_SIZES.test),
    };
  }
  const split = spec.kind === 'mnist' ? loadMnist(seed) : spec.kind === 'yinyang' ? loadYinYang(seed) : loadIdxDataset(spec.path);
  return {
    name: spec.kind === 'idx' ? `idx:${spec.path}` : spec.kind,
    task: 'classification',
    inputSize: split.train.inputSize,
    outputSize: split.train.classes,
    train: classification(split.train, limits.train, targets),
    test: classification(split.test, limits.test, targets),
  };
}
