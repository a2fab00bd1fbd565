/**
 * `npm run train -- --data <mnist|yinyang|teacher|idx:PATH> --model <microcircuit|backprop|fa|shallow>
 * --mode <steady|full> --epochs N --seed S [--batch B] [--lr X] [--lr-decay F] [--up-lr-scale A,B] [--optimizer sgd|adam] [--out DIR]
 * [--resume] [--limit-train N] [--limit-test N]`: trains one learner, with per-epoch train and test
 * error, a progress bar on stderr, a checkpoint per epoch, and result.json plus learning-curve.svg in
 * the output folder; one JSON line of headline numbers goes to stdout.
 */
import { Command } from 'commander';
import { checkOutputFolder } from '../io/output-path.ts';
import { runTraining } from '../training/run-training.ts';
import { parseTrainOptions, type RawTrainOptions } from '../training/train-options.ts';
import { terminalProgress } from './progress.ts';
import { parseCommandLine, runCommand } from './run-command.ts';

const program = new Command()
  .name('train')
  .description('Train a microcircuit or a feed-forward baseline on a classification or regression data set.')
  .option('--data <name>', 'mnist, yinyang, teacher (30-20-10 regression) or idx:PATH (an MNIST-style folder)')
  .option('--model <name>', 'microcircuit, backprop, fa (feedback alignment) or shallow (output layer only)')
  .option('--mode <mode>', 'steady (two-pass steady state; the feed-forward map for baselines) or full (continuous-time dynamics)', 'steady')
  .option('--epochs <n>', 'passes over the training set')
  .option('--seed <s>', 'seed of the data split, initial weights, order and noise', '0')
  .option('--batch <n>', 'samples per update (default: 10 microcircuit, 32 MNIST / 20 Yin-Yang baselines, 1 teacher)')
  .option('--lr <x>', 'learning rate (full dynamics: a multiplier of every η)')
  .option('--lr-decay <factor>', 'multiply the learning rate by this after every epoch', '1')
  .option('--up-lr-scale <list>', 'learning-rate multiplier of each layer\'s forward weights, e.g. 30,1 (default: 30 for Yin-Yang\'s hidden layer, else 1; not in full dynamics)')
  .option('--optimizer <name>', 'sgd or adam')
  .option('--out <dir>', 'output folder (default out/train/<data>-<model>-<mode>-seed<s>)')
  .option('--resume', 'continue from the checkpoint in the output folder')
  .option('--limit-train <n>', 'use only the first n training samples')
  .option('--limit-test <n>', 'use only the first n test samples')
  .option('--quiet', 'no progress output')
  .showHelpAfterError(false);

parseCommandLine(program);

await runCommand(async () => {
  const raw = program.opts<RawTrainOptions & { quiet?: boolean }>();
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
