import { join } from 'node:path';
import { InputError } from '../../core/input-error.ts';
import { noProgress } from '../../core/progress.ts';
import { RunFailure } from '../../core/run-failure.ts';
import { loadBrownLanguageModel } from '../../data/brown-corpus.ts';
import { LanguageModelBatches } from '../../data/language-model-batches.ts';
import { writeFileAtomic } from '../../io/write-file-atomic.ts';
import { lineChart } from '../../plot/line-chart.ts';
import { writeSvg } from '../../plot/render-svg.ts';
import { clipGlobalNorm } from '../clip.ts';
import { LanguageModel } from '../language-model.ts';
import { recurrentParameterCount } from '../parameter-matching.ts';
import { perplexity, scoreStream, unigramPerplexity } from './perplexity.ts';
import { nonNegativeField, writeRecurrentCheckpoint, type EpochRecordBase, type Fail } from './recurrent-checkpoint.ts';
import { makeRecurrentOptimizer, recurrentOptimizerConstants } from './recurrent-optimizer.ts';
import type { RecurrentTrainOptions } from './recurrent-train-options.ts';
import { runRecurrentEpochs, type RecurrentTrainingHooks } from './recurrent-epochs.ts';
import { resumeRecurrentRun } from './resume-recurrent-run.ts';

/** One epoch of a language-model run. */
export interface LanguageModelEpochRecord extends EpochRecordBase {
  /** Mean cross-entropy (nats per word) over the epoch's training windows, as they were trained. */
  readonly trainLoss: number;
  /** exp(trainLoss). */
  readonly trainPerplexity: number;
  /** Perplexity on the validation split after the epoch. */
  readonly validPerplexity: number;
}

/** result.json of a language-model run (and, in part, its stdout line). */
export interface LanguageModelTrainingResult {
  readonly data: 'brown';
  readonly model: string;
  readonly units: number;
  readonly layers: number;
  readonly embedding: number;
  readonly seed: number;
  readonly epochs: number;
  /** Vocabulary size: the most frequent training words, `<unk>` and `<eos>`. */
  readonly vocabulary: number;
  readonly bptt: number;
  /** Tokens of each stream used (after --limit-train / --limit-test). */
  readonly trainTokens: number;
  readonly validTokens: number;
  readonly testTokens: number;
  /** All parameters (embedding, recurrent layers, softmax readout). */
  readonly parameters: number;
  /** Parameters of the recurrent layers only (what the fix-subLSTM's sizes are matched on). */
  readonly recurrentParameters: number;
  readonly settings: { readonly batch: number; readonly lr: number; readonly optimizer: string; readonly clip: number; readonly evalBatch: number; readonly rho?: number; readonly momentum?: number; readonly eps?: number };
  readonly history: readonly LanguageModelEpochRecord[];
  /** Training perplexity of consecutive groups of `curveEvery` windows, against the words trained on before the group ends. */
  readonly curve: { readonly every: number; readonly words: readonly number[]; readonly perplexity: readonly number[] };
  readonly validPerplexity: number;
  readonly testPerplexity: number;
  /** The add-one unigram model of the training tokens on the test tokens: what word frequencies alone score. */
  readonly unigramTestPerplexity: number;
  /** Training words per wall second, over every epoch (also across resumed segments). */
  readonly wordsPerSecond: number;
  /** Test words per wall second of the final evaluation (forward only). */
  readonly inferenceWordsPerSecond: number;
}

/** Rows of the validation and test passes, as PyTorch's word_language_model (eval_batch_size 10). */
export const EVAL_BATCH = 10;
/** Windows per point of the training curve at most (fewer for short epochs: about 30 points per epoch). */
export const CURVE_EVERY = 50;
/** The document split of the corpus: one seed for every run, so runs of any seed share the split. */
export const BROWN_SPLIT_SEED = 0;
/** Above this mean cross-entropy (nats; ln 10,002 ≈ 9.2 is a uniform guess) the weights have blown up. */
const LOSS_LIMIT = 1e3;

function checkRecord(r: Record<string, unknown>, i: number, fail: Fail): Omit<LanguageModelEpochRecord, 'trainSeconds'> {
  return { epoch: i + 1, trainLoss: nonNegativeField(r, i, 'trainLoss', fail), trainPerplexity: nonNegativeField(r, i, 'trainPerplexity', fail), validPerplexity: nonNegativeField(r, i, 'validPerplexity', fail) };
}

/**
 * `npm run train -- --data brown --model lstm|sublstm|fix-sublstm`: a word-level language model
 * (recurrent/language-model.ts) on the Brown corpus (data/brown-corpus.ts; standing in for the Penn
 * Treebank), trained as Zaremba et al. 2014 and PyTorch's word_language_model do: the training
 * stream cut into `batch` rows, windows of `bptt` steps in order with each row's state carried
 * across windows (truncated BPTT), the mean cross-entropy of the next word at every step, the
 * gradient clipped to global norm `clip`, RMSProp with momentum or Adam. After each epoch:
 * validation perplexity and a sealed checkpoint (also every `checkpointEvery` windows, with the
 * carried states, so `resume` continues bit for bit); at the end test perplexity, result.json and
 * learning-curve.svg.
 */
export async function runLanguageModelTraining(options: RecurrentTrainOptions, hooks: RecurrentTrainingHooks = {}): Promise<LanguageModelTrainingResult> {
  if (options.data !== 'brown') throw new InputError('--data', `runLanguageModelTraining trains brown, got ${options.data}`);
  const corpus = loadBrownLanguageModel({ seed: BROWN_SPLIT_SEED });
  const V = corpus.vocabulary.length;
  const cut = (s: Int32Array, limit: number | undefined) => s.subarray(0, Math.min(s.length, limit ?? s.length));
  const train = cut(corpus.train, options.limitTrain);
  const valid = cut(corpus.valid, options.limitTest);
  const test = cut(corpus.test, options.limitTest);
  const { model: cell, units, layers, embedding, seed, batch, lr, clip, bptt, limitTrain, limitTest } = options;
  if (train.length < 2 * batch) throw new InputError('--limit-train', `${train.length} training tokens give rows of fewer than 2 words at batch ${batch}; use more tokens or a smaller --batch`);
  for (const [name, s] of [['validation', valid], ['test', test]] as const) {
    if (s.length < 2 * EVAL_BATCH) throw new InputError('--limit-test', `${s.length} ${name} tokens are fewer than 2 per row of ${EVAL_BATCH}; use at least ${2 * EVAL_BATCH}`);
  }
  const batches = new LanguageModelBatches(train, V, { batchSize: batch, window: bptt });
  const precision = options.precision ?? 'float64';
  const model = new LanguageModel({ cell, vocabulary: V, embedding, hidden: Array.from({ length: layers }, () => units), seed, precision });
  const optimizer = makeRecurrentOptimizer(options);
  // float64 runs keep the identity they had before precision existed (their checkpoints still resume)
  const identity = JSON.stringify({ data: 'brown', model: cell, units, layers, embedding, bptt, seed, batch, lr, optimizer: options.optimizer, clip, limitTrain: limitTrain ?? null, limitTest: limitTest ?? null, ...(precision === 'float32' ? { precision } : {}) });

  const resumed = resumeRecurrentRun(options, { identity, batchCount: batches.batchCount, parameters: model.parameters, optimizer }, checkRecord);
  const { history, epoch: startEpoch, batches: startBatch } = resumed;
  let lossSum = resumed.lossSum;
  /** Curve points as (epoch, words of the epoch so far, loss sum so far) triples. */
  const curve = Array.from(resumed.extra.curve ?? []);
  if (curve.length % 3 !== 0) throw new InputError(options.out, 'extra.curve: expected (epoch, words, loss sum) triples; restart without --resume');
  if (startBatch > 0) {
    const states = model.network.layers.map((layer, l) => {
      const s = resumed.extra[`carried${l}`];
      if (s === undefined || s.length !== batch * layer.stateSize) throw new InputError(options.out, `extra.carried${l}: expected ${batch * layer.stateSize} carried state values; restart without --resume`);
      return s;
    });
    model.restoreCarriedStates(states);
  }

  const save = (epoch: number, done: number, partialSeconds: number) => {
    const extra: Record<string, Float64Array> = { curve: Float64Array.from(curve) };
    if (done > 0) model.carriedStates().forEach((s, l) => (extra[`carried${l}`] = s));
    writeRecurrentCheckpoint(options.out, { identity, epoch, batches: done, lossSum: done === 0 ? 0 : lossSum, history, parameters: model.parameters, optimizer: optimizer.saveState(), partialSeconds, extra });
  };
  const wordsPerEpoch = batches.targetCount;
  const curveEvery = Math.max(1, Math.min(CURVE_EVERY, Math.round(batches.batchCount / 30)));
  const total = (options.epochs - startEpoch + 1) * wordsPerEpoch;
  const progress = (hooks.progress ?? noProgress)({ label: `train brown ${cell} ${units}×${layers}`, total: Math.max(total, 1), unit: 'words' });
  const extraShown: { epoch: number; perplexity: number; lastValid?: string } = { epoch: startEpoch, perplexity: 0 };
  if (history.length > 0) extraShown.lastValid = history[history.length - 1].validPerplexity.toFixed(1);
  let doneWords = 0;
  let epochWords = 0;
  runRecurrentEpochs(resumed, { epochs: options.epochs, batchCount: batches.batchCount, checkpointEvery: options.checkpointEvery, unit: 'window' }, {
    beginEpoch(epoch, first) {
      extraShown.epoch = epoch;
      if (first === 0) lossSum = 0;
      epochWords = first === 0 ? 0 : first * batch * bptt;
    },
    trainBatch(epoch, i) {
      const b = batches.batch(i);
      if (b.inputs.kind !== 'tokens' || b.targets.kind !== 'classes') throw new Error('language-model batches hold tokens and classes');
      model.forward(b.inputs.ids, b.batch, b.steps, { carryState: i > 0 });
      const loss = model.loss(b.targets.labels);
      if (!(loss <= LOSS_LIMIT)) {
        throw new RunFailure(`training diverged in epoch ${epoch} at window ${i + 1} of ${batches.batchCount}: loss ${Number(loss.toPrecision(3))}; use a smaller learning rate (--lr) or clip the gradient (--clip)`);
      }
      model.backward();
      if (clip > 0) clipGlobalNorm(model.gradients, clip);
      optimizer.step(model.parameters, model.gradients, 0);
      const words = b.batch * b.steps;
      lossSum += loss * words;
      epochWords += words;
      doneWords += words;
      if ((i + 1) % curveEvery === 0) curve.push(epoch, epochWords, lossSum);
      extraShown.perplexity = Number(Math.exp(loss).toFixed(1));
      progress.update(doneWords, extraShown);
    },
    endEpoch(epoch, trainSeconds) {
      if (!model.parameters.every(Number.isFinite)) throw new RunFailure(`training diverged in epoch ${epoch}: the weights are not finite; use a smaller learning rate (--lr)`);
      const validPerplexity = perplexity(scoreStream(model, valid, EVAL_BATCH, bptt));
      const trainLoss = lossSum / wordsPerEpoch;
      history.push({ epoch, trainLoss, trainPerplexity: Math.exp(trainLoss), validPerplexity, trainSeconds });
      extraShown.lastValid = validPerplexity.toFixed(1);
    },
    save,
  }, hooks);
  progress.finish();

  const testStart = performance.now();
  const testScore = scoreStream(model, test, EVAL_BATCH, bptt);
  const inferenceWordsPerSecond = testScore.words / ((performance.now() - testStart) / 1000);
  const last = history[history.length - 1];
  const seconds = history.reduce((s, h) => s + h.trainSeconds, 0);
  const settings = { batch, lr, optimizer: options.optimizer, clip, evalBatch: EVAL_BATCH, ...recurrentOptimizerConstants(options) };
  const curveWords: number[] = [];
  const curvePerplexity: number[] = [];
  for (let k = 0; k < curve.length; k += 3) {
    const sameEpoch = k >= 3 && curve[k - 3] === curve[k];
    const w0 = sameEpoch ? curve[k - 2] : 0;
    const l0 = sameEpoch ? curve[k - 1] : 0;
    curveWords.push((curve[k] - 1) * wordsPerEpoch + curve[k + 1]);
    curvePerplexity.push(Math.exp((curve[k + 2] - l0) / (curve[k + 1] - w0)));
  }
  const result: LanguageModelTrainingResult = {
    data: 'brown',
    model: cell,
    units,
    layers,
    embedding,
    seed,
    epochs: options.epochs,
    vocabulary: V,
    bptt,
    trainTokens: train.length,
    validTokens: valid.length,
    testTokens: test.length,
    parameters: model.parameters.length,
    recurrentParameters: recurrentParameterCount(cell, units, layers, embedding),
    settings,
    history,
    curve: { every: curveEvery, words: curveWords, perplexity: curvePerplexity },
    validPerplexity: last.validPerplexity,
    testPerplexity: perplexity(testScore),
    unigramTestPerplexity: unigramPerplexity(train, test, V),
    wordsPerSecond: (history.length * wordsPerEpoch) / seconds,
    inferenceWordsPerSecond,
  };
  writeFileAtomic(join(options.out, 'result.json'), `${JSON.stringify(result, null, 1)}\n`);
  await writeSvg(
    join(options.out, 'learning-curve.svg'),
    lineChart({
      title: `brown, ${cell} ${layers}×${units} units, seed ${seed}`,
      x: { label: 'words trained on' },
      y: { label: 'perplexity', scale: 'log' },
      series: [
        { name: `train (per ${curveEvery} windows)`, x: curveWords, y: curvePerplexity },
        { name: 'validation (per epoch)', x: history.map((h) => h.epoch * wordsPerEpoch), y: history.map((h) => h.validPerplexity) },
      ],
    }),
  );
  return result;
}
