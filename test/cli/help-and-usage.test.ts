import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_CATALOG } from '../../src/experiments/example-catalog.ts';
import { REGRESSION_SETTINGS } from '../../src/experiments/regression-settings.ts';
import { LANGUAGE_MODEL_DEFAULTS, RECURRENT_DATA_NAMES, RECURRENT_DEFAULTS, RECURRENT_MODEL_NAMES } from '../../src/recurrent/training/recurrent-train-options.ts';
import { DATA_NAMES, MODEL_NAMES, type TrainOptions } from '../../src/training/train-options.ts';
import { resolveSetup } from '../../src/training/training-setup.ts';
import { expectRefusal, runCli, type CliRun } from '../helpers/spawn-cli.ts';

/**
 * Every command's `--help` and a table of bad command lines, run as processes: the one option
 * setup (src/cli/cli-program.ts, run-command.ts) must give every help its required marks and
 * defaults, and every usage error exit 2 with one line naming the option.
 */

const COMMANDS = ['main.ts', 'simulate.ts', 'train.ts', 'example.ts', 'sweep.ts', 'sweep-worker.ts', 'classification-table.ts'] as const;

/** Runs the jobs at most `width` at a time (each spawns tsx, about a second of one core). */
async function pool<T, R>(items: readonly T[], width: number, job: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await job(items[i]);
    }
  };
  await Promise.all(Array.from({ length: width }, lane));
  return results;
}

/** The options of a help text: term (`--lr <x>`) → description, continuation lines joined. */
function helpOptions(help: string): Map<string, string> {
  const section = help.split('\nOptions:\n')[1].split('\n\n')[0];
  const options = new Map<string, string>();
  let term = '';
  for (const line of section.split('\n')) {
    const start = /^ {2}(-\S+(?:, --\S+)?(?: <[^>]+>)?)\s+(.*)$/.exec(line);
    if (start !== null) {
      term = start[1];
      options.set(term, start[2]);
    } else options.set(term, `${options.get(term)} ${line.trim()}`);
  }
  return options;
}

/** The help line of the option whose term starts with `flag`. */
function optionHelp(options: Map<string, string>, flag: string): string {
  const found = [...options].find(([term]) => term === flag || term.startsWith(`${flag} `));
  expect(found, `${flag} in the help`).toBeDefined();
  return found![1];
}

const help = new Map<string, CliRun>();
const bad: [string, string[], RegExp][] = [
  // npm start
  ['main.ts', ['--seeds', '0'], /--seeds/],
  ['main.ts', ['--quiet', '--first-seed', '-1'], /--first-seed/],
  ['main.ts', ['--variant', 'nope'], /--variant/],
  ['main.ts', ['--bogus'], /--bogus/],
  // npm run simulate
  ['simulate.ts', ['x.json'], /--out/],
  ['simulate.ts', ['--out', 'r.json'], /experiment/],
  ['simulate.ts', ['x.json', '--out', 'r.json', '--checkpoint-every', 'often'], /--checkpoint-every/],
  ['simulate.ts', ['x.json', '--out', 'r.json', '--threads', '3'], /--threads: expected 1, 2 or auto, got 3/],
  ['simulate.ts', ['x.json', '--out', 'r.json', '--port', '8080'], /--port/],
  // npm run train
  ['train.ts', ['--data', 'mnist', '--model', 'backprop'], /--epochs/],
  ['train.ts', ['--model', 'backprop', '--epochs', '1'], /--data/],
  ['train.ts', ['--data', 'mnist', '--model', 'perceptron', '--epochs', '1'], /--model/],
  ['train.ts', ['--data', 'mnist', '--model', 'backprop', '--epochs', '0'], /--epochs/],
  ['train.ts', ['--data', 'mnist', '--model', 'backprop', '--epochs', '1', '--lr', '-0.1'], /--lr/],
  ['train.ts', ['--data', 'mnist', '--model', 'microcircuit', '--mode', 'full', '--epochs', '1', '--batch', '8'], /--batch/],
  ['train.ts', ['--data', 'row-mnist', '--model', 'lstm', '--epochs', '1', '--optimizer', 'sgd'], /--optimizer/],
  // npm run example
  ['example.ts', ['nope'], /nope/],
  ['example.ts', ['regression', '--variant', 'huge'], /--variant/],
  ['example.ts', ['association', '--variant', 'paper'], /--variant/],
  ['example.ts', ['regression', '--seeds', '1.5'], /--seeds/],
  // npm run sweep, sweep-worker
  ['sweep.ts', ['s.json'], /--out/],
  ['sweep.ts', ['s.json', '--out', 'o', '--workers', '0'], /--workers/],
  ['sweep-worker.ts', [], /--queue/],
  ['sweep-worker.ts', ['--queue', 'redis://127.0.0.1:1', '--concurrency', '-2'], /--concurrency/],
  ['classification-table.ts', ['--speed'], /--speed/],
];
const refusals = new Map<number, CliRun>();

describe('the command line: every --help and a table of bad flags', () => {
  // 4 processes at a time: on an idle 2-core machine each tsx start-up takes about a second
  beforeAll(async () => {
    const jobs = [...COMMANDS.map((c) => ({ script: c, args: ['--help'], help: true, i: -1 })), ...bad.map(([script, args], i) => ({ script, args, help: false, i }))];
    await pool(jobs, 4, async (job) => {
      const r = await runCli(job.script, job.args, 60_000);
      if (job.help) help.set(job.script, r);
      else refusals.set(job.i, r);
    });
  }, 300_000);

  it.each(COMMANDS)('%s --help: exit 0; every option that takes a value is marked (required) or shows its default', (script) => {
    const r = help.get(script)!;
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Usage: (npm (start|run [a-z-]+) --|npx tsx src\/cli\/[a-z-]+\.ts) /);
    expect(r.stdout).toMatch(/Exit codes: 0 finished, 2 bad input or usage/);
    const options = helpOptions(r.stdout);
    expect(options.size).toBeGreaterThan(2);
    for (const [term, text] of options) {
      if (term.includes('<')) expect(text, term).toMatch(/^\(required\) |\(default: [^)]+|; default: /);
    }
    // the commands with a progress bar take --quiet (sweep-worker prints events, classification-table is instant)
    if (!['sweep-worker.ts', 'classification-table.ts'].includes(script)) expect(optionHelp(options, '--quiet')).toMatch(/no progress output/);
  });

  it('simulate marks --out as required; npm start lists its variants with the default', () => {
    expect(optionHelp(helpOptions(help.get('simulate.ts')!.stdout), '--out')).toMatch(/^\(required\) /);
    const variant = optionHelp(helpOptions(help.get('main.ts')!.stdout), '--variant');
    expect(variant).toContain(`one of: ${Object.keys(REGRESSION_SETTINGS).join(', ')}; default: ${Object.keys(REGRESSION_SETTINGS)[0]}`);
  });

  it('train marks --data, --model and --epochs as required, lists every data set and model, and shows the defaults resolveSetup uses', () => {
    const options = helpOptions(help.get('train.ts')!.stdout);
    for (const flag of ['--data', '--model', '--epochs']) expect(optionHelp(options, flag), flag).toMatch(/^\(required\) /);
    const data = optionHelp(options, '--data');
    for (const name of [...DATA_NAMES, 'idx:PATH', ...RECURRENT_DATA_NAMES]) expect(data).toContain(name);
    expect(optionHelp(options, '--model')).toContain(`one of: ${[...MODEL_NAMES, ...RECURRENT_MODEL_NAMES].join(', ')}`);
    // each default, as the trainer resolves it, appears under its kind of run
    const cases: [string, Pick<TrainOptions, 'data' | 'model' | 'mode'>][] = [
      ['microcircuit', { data: { kind: 'mnist' }, model: 'microcircuit', mode: 'steady' }],
      ['teacher baselines', { data: { kind: 'teacher' }, model: 'fa', mode: 'steady' }],
      ['Yin-Yang baselines', { data: { kind: 'yinyang' }, model: 'shallow', mode: 'steady' }],
      ['--mode full', { data: { kind: 'yinyang' }, model: 'microcircuit', mode: 'full' }],
    ];
    for (const [label, run] of cases) {
      const setup = resolveSetup({ ...run, epochs: 1, seed: 0, lrDecay: 1, out: '', resume: false }, 4, 3);
      for (const [flag, value] of [['--lr', setup.lr], ['--optimizer', setup.optimizer], ['--batch', setup.batch]] as const) {
        const entries = optionHelp(options, flag).split('default: ')[1].split('; ');
        expect(entries.find((e) => e.split(' ')[0] === String(value) && e.includes(label)), `${flag} ${value} for ${label}`).toBeDefined();
      }
    }
    expect(optionHelp(options, '--lr')).toContain(`${RECURRENT_DEFAULTS.lr} row-mnist, ${RECURRENT_DEFAULTS.pixelLr} seq-mnist, ${LANGUAGE_MODEL_DEFAULTS.lr} brown recurrent`);
    expect(optionHelp(options, '--batch')).toContain(`${RECURRENT_DEFAULTS.batch} MNIST, ${LANGUAGE_MODEL_DEFAULTS.batch} brown recurrent`);
    expect(optionHelp(options, '--layers')).toContain(`default: ${LANGUAGE_MODEL_DEFAULTS.layers}`);
    expect(optionHelp(options, '--bptt')).toContain(`default: ${LANGUAGE_MODEL_DEFAULTS.bptt}`);
    expect(optionHelp(options, '--optimizer')).toContain(`${RECURRENT_DEFAULTS.optimizer} recurrent`);
    expect(optionHelp(options, '--units')).toContain(`default: ${RECURRENT_DEFAULTS.units}`);
  });

  it('example --help lists every experiment with all its variants, the default first', () => {
    const text = help.get('example.ts')!.stdout;
    const table = text.split('Experiments and their variants:\n')[1];
    for (const [name, entry] of Object.entries(EXAMPLE_CATALOG)) {
      const row = table.split('\n').find((line) => line.trim().split(/\s+/)[0] === name);
      expect(row, name).toBeDefined();
      const listed = row!.trim().slice(name.length).trim();
      if (entry.variants.length === 0) expect(listed).toBe('(no variants)');
      else expect(listed).toBe([`${entry.variants[0]} (default)`, ...entry.variants.slice(1)].join(', '));
    }
  });

  it.each(bad.map(([script, args, names], i) => [i, script, args.join(' '), names] as const))(
    'bad flags #%i: %s %s → exit 2, one line naming %s, nothing on stdout',
    (i, _script, _args, names) => {
      const r = refusals.get(i)!;
      expectRefusal(r, 2, names, 60_000);
    },
  );
});
