/**
 * `npm run train -- --data <mnist|yinyang|teacher|idx:PATH> --model <microcircuit|backprop|fa|shallow>
 * --mode <steady|full> --epochs N --seed S [--batch B] [--lr X] [--lr-decay F] [--up-lr-scale A,B] [--optimizer sgd|adam] [--out DIR]
 * [--resume] [--limit-train N] [--limit-test N]`: trains one learner, with per-epoch train and test
 * error, a progress bar on stderr, a checkpoint per epoch, and result.json plus learning-curve.svg in
 * the output folder; one JSON line of headline numbers goes to stdout.
 *
 * `--data seq-mnist|row-mnist --model lstm|sublstm|fix-sublstm [--units N] [--clip C]
 * [--optimizer rmsprop|adam] [--checkpoint-every K]`: the same for a recurrent network on
 * sequential MNIST (recurrent/training/), with checkpoints also every K batches.
 *
 * `--data brown --model lstm|sublstm|fix-sublstm [--units N] [--layers L] [--bptt K] [--embedding D]`:
 * a word-level language model on the Brown corpus (truncated BPTT with carried state; validation
 * perplexity per epoch, test perplexity at the end).
 */
import { Command } from 'commander';
import { checkOutputFolder } from '../io/output-path.ts';
import { runLanguageModelTraining } from '../recurrent/training/run-language-model-training.ts';
import { runRecurrentTraining } from '../recurrent/training/run-recurrent-training.ts';
import { parseRecurrentTrainOptions, type RawRecurrentTrainOptions } from '../recurrent/training/recurrent-train-options.ts';
import { runTraining } from '../training/run-training.ts';
import { parseTrainOptions, type RawTrainOptions } from '../training/train-options.ts';
import { terminalProgress } from './progress.ts';
import { chooseTrainer } from './train-dispatch.ts';
import { parseCommandLine, runCommand } from './run-command.ts';

const program = new Command()
  .name('train')
  .description('Train a microcircuit or a feed-forward baseline on a classification or regression data set.')
  .option('--data <name>', 'mnist, yinyang, teacher (30-20-10 regression), idx:PATH (an MNIST-style folder); seq-mnist (784 steps × 1 pixel), row-mnist (28 steps × 28 pixels) or brown (word-level language modelling) for recurrent models')
  .option('--model <name>', 'microcircuit, backprop, fa (feedback alignment) or shallow (output layer only); lstm, sublstm or fix-sublstm on seq-mnist/row-mnist/brown')
  .option('--units <n>', 'recurrent models: units of each recurrent layer (default 100)')
  .option('--layers <n>', 'brown: stacked recurrent layers (default 2)')
  .option('--bptt <k>', 'brown: truncated-BPTT window in words (default 35)')
  .option('--embedding <d>', 'brown: word-embedding size (default: --units)')
  .option('--clip <c>', 'recurrent models: clip the gradient to this global norm, 0 = never (default 1)')
  .option('--checkpoint-every <k>', 'recurrent models: also checkpoint every k batches within an epoch (default 20 for seq-mnist, 100 windows for brown, else 0 = per epoch only)')
  .option('--mode <mode>', 'steady (two-pass steady state; the feed-forward map for baselines) or full (continuous-time dynamics)', 'steady')
  .option('--epochs <n>', 'passes over the training set')
  .option('--seed <s>', 'seed of the data split, initial weights, order and noise', '0')
  .option('--batch <n>', 'samples per update (default: 10 microcircuit, 32 MNIST / 20 Yin-Yang baselines, 1 teacher, 50 recurrent MNIST, 20 rows for brown)')
  .option('--lr <x>', 'learning rate (full dynamics: a multiplier of every η)')
  .option('--lr-decay <factor>', 'multiply the learning rate by this after every epoch', '1')
  .option('--up-lr-scale <list>', 'learning-rate multiplier of each layer\'s forward weights, e.g. 30,1 (default: 30 for Yin-Yang\'s hidden layer, else 1; not in full dynamics)')
  .option('--optimizer <name>', 'sgd or adam; rmsprop (with momentum, the default) or adam for recurrent models')
  .option('--out <dir>', 'output folder (default out/train/<data>-<model>-<mode>-seed<s>)')
  .option('--resume', 'continue from the checkpoint in the output folder')
  .option('--limit-train <n>', 'use only the first n training samples (brown: tokens)')
  .option('--limit-test <n>', 'use only the first n test samples (brown: tokens of the validation and of the test split)')
  .option('--quiet', 'no progress output')
  .showHelpAfterError(false);

parseCommandLine(program);

/** A recurrent run: the sequence tasks with the recurrent trainer. */
async function trainRecurrent(raw: RawTrainOptions & RawRecurrentTrainOptions & { quiet?: boolean }): Promise<void> {
  const options = parseRecurrentTrainOptions(raw);
  checkOutputFolder(options.out, '--out');
  if (options.data === 'brown') {
    const r = await runLanguageModelTraining(options, { progress: terminalProgress(raw.quiet === true) });
    const last = r.history[r.history.length - 1];
    const line = {
      data: r.data,
      model: r.model,
      units: r.units,
      layers: r.layers,
      epochs: r.epochs,
      testPerplexity: r.testPerplexity,
      unigramTestPerplexity: r.unigramTestPerplexity,
      validPerplexity: r.validPerplexity,
      trainPerplexity: last.trainPerplexity,
      parameters: r.parameters,
      wordsPerSecond: Math.round(r.wordsPerSecond),
      inferenceWordsPerSecond: Math.round(r.inferenceWordsPerSecond),
      out: options.out,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
    return;
  }
  const r = await runRecurrentTraining(options, { progress: terminalProgress(raw.quiet === true) });
  const last = r.history[r.history.length - 1];
  const line = {
    data: r.data,
    model: r.model,
    units: r.units,
    epochs: r.epochs,
    testAccuracy: r.testAccuracy,
    testError: last.testError,
    trainError: last.trainError,
    trainLoss: last.trainLoss,
    samplesPerSecond: Math.round(r.samplesPerSecond),
    inferenceSamplesPerSecond: Math.round(r.inferenceSamplesPerSecond),
    out: options.out,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

await runCommand(async () => {
  const raw = program.opts<RawTrainOptions & RawRecurrentTrainOptions & { quiet?: boolean }>();
  if (chooseTrainer(raw) === 'recurrent') return trainRecurrent(raw);
  const options = parseTrainOptions(raw);
  checkOutputFolder(options.out, '--out', options.data.kind === 'idx' ? [{ path: options.data.path, what: 'the data folder' }] : []);
  const r = await runTraining(options, terminalProgress(raw.quiet === true));
  const last = r.history[r.history.length - 1];
  const line = {
    data: r.data,
    model: r.model,
    mode: r.mode,
    epochs: r.epochs,
    ...(r.testAccuracy === null ? { testMse: r.testMse } : { testAccuracy: r.testAccuracy, testError: last.testError, trainError: last.trainError }),
    samplesPerSecond: Math.round(r.samplesPerSecond),
    inferenceSamplesPerSecond: Math.round(r.inferenceSamplesPerSecond),
    out: options.out,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
});
