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
 */
import { join } from 'node:path';
import { Command } from 'commander';
import { writeFileAtomic } from '../io/write-file-atomic.ts';
import { checkOutputFolder } from '../io/output-path.ts';
import { runRecurrentTraining } from '../recurrent/training/run-recurrent-training.ts';
import { parseRecurrentTrainOptions, type RawRecurrentTrainOptions } from '../recurrent/training/recurrent-train-options.ts';
import { runTraining } from '../training/run-training.ts';
import { parseTrainOptions, type RawTrainOptions } from '../training/train-options.ts';
import { terminalProgress } from './progress.ts';
import { chooseTrainer } from './train-dispatch.ts';
import { addLiveOptions, liveAddress, withLiveView, type LiveFlags } from './live-option.ts';
import { parseCommandLine, runCommand } from './run-command.ts';

const program = new Command()
  .name('train')
  .description('Train a microcircuit or a feed-forward baseline on a classification or regression data set.')
  .option('--data <name>', 'mnist, yinyang, teacher (30-20-10 regression), idx:PATH (an MNIST-style folder); seq-mnist (784 steps × 1 pixel) or row-mnist (28 steps × 28 pixels) for recurrent models')
  .option('--model <name>', 'microcircuit, backprop, fa (feedback alignment) or shallow (output layer only); lstm, sublstm or fix-sublstm on seq-mnist/row-mnist')
  .option('--units <n>', 'recurrent models: units of the recurrent layer (default 100)')
  .option('--clip <c>', 'recurrent models: clip the gradient to this global norm, 0 = never (default 1)')
  .option('--checkpoint-every <k>', 'recurrent models: also checkpoint every k batches within an epoch (default 20 for seq-mnist, else 0 = per epoch only)')
  .option('--mode <mode>', 'steady (two-pass steady state; the feed-forward map for baselines) or full (continuous-time dynamics)', 'steady')
  .option('--epochs <n>', 'passes over the training set')
  .option('--seed <s>', 'seed of the data split, initial weights, order and noise', '0')
  .option('--batch <n>', 'samples per update (default: 10 microcircuit, 32 MNIST / 20 Yin-Yang baselines, 1 teacher, 50 recurrent)')
  .option('--lr <x>', 'learning rate (full dynamics: a multiplier of every η)')
  .option('--lr-decay <factor>', 'multiply the learning rate by this after every epoch', '1')
  .option('--up-lr-scale <list>', 'learning-rate multiplier of each layer\'s forward weights, e.g. 30,1 (default: 30 for Yin-Yang\'s hidden layer, else 1; not in full dynamics)')
  .option('--optimizer <name>', 'sgd or adam; rmsprop (with momentum, the default) or adam for recurrent models')
  .option('--out <dir>', 'output folder (default out/train/<data>-<model>-<mode>-seed<s>)')
  .option('--resume', 'continue from the checkpoint in the output folder')
  .option('--limit-train <n>', 'use only the first n training samples')
  .option('--limit-test <n>', 'use only the first n test samples')
  .option('--quiet', 'no progress output')
  .showHelpAfterError(false);
addLiveOptions(program, 'the training loss as it is computed, the samples done and an ETA; in --mode full also the simulation (apical RMS per hidden layer, outputs against targets)');

parseCommandLine(program);

/** Prints the run's JSON line, and writes it beside the results for `npm run view`. */
function writeLine(out: string, line: Record<string, unknown>): void {
  const text = `${JSON.stringify(line)}\n`;
  writeFileAtomic(join(out, 'line.json'), text);
  process.stdout.write(text);
}

type Raw = RawTrainOptions & RawRecurrentTrainOptions & LiveFlags & { quiet?: boolean };

/** A recurrent run: the sequence tasks with the recurrent trainer. */
async function trainRecurrent(raw: Raw): Promise<void> {
  const options = parseRecurrentTrainOptions(raw);
  checkOutputFolder(options.out, '--out');
  liveAddress(raw);
  const r = await withLiveView(raw, terminalProgress(raw.quiet === true), `train ${raw.data} ${raw.model}`, (progress) => runRecurrentTraining(options, { progress }));
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
  writeLine(options.out, line);
}

await runCommand(async () => {
  const raw = program.opts<Raw>();
  if (chooseTrainer(raw) === 'recurrent') return trainRecurrent(raw);
  const options = parseTrainOptions(raw);
  checkOutputFolder(options.out, '--out', options.data.kind === 'idx' ? [{ path: options.data.path, what: 'the data folder' }] : []);
  liveAddress(raw);
  const r = await withLiveView(raw, terminalProgress(raw.quiet === true), `train ${raw.data} ${raw.model} (${options.mode})`, (progress) => runTraining(options, progress));
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
  writeLine(options.out, line);
});
