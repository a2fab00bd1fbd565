/**
 * `npx tsx bench/language-model-step.ts [--rounds N]` (part of `npm run bench`): training words per
 * CPU second of the Brown language model's step (`npm run train -- --data brown`): a window of 20
 * rows × 35 words through an embedding of `units`, 2 recurrent layers of `units`, the
 * 10,002-word softmax readout, backward, global-norm clipping and RMSProp with momentum — the
 * train command's defaults, on fixed token ids instead of the corpus (the cost does not depend on
 * which words they are). Rows: the LSTM in float64, and the three cells in float32 (float32
 * layers, readout and softmax). Each round runs every row once in alternating order; the rate is
 * the best round. Prints a markdown table, then one JSON line.
 */
import { loadavg } from 'node:os';
import { rmsprop } from '../src/core/rmsprop.ts';
import type { CellKind } from '../src/recurrent/cells/cell.ts';
import { clipGlobalNorm } from '../src/recurrent/clip.ts';
import { LanguageModel } from '../src/recurrent/language-model.ts';
import type { RecurrentPrecision } from '../src/recurrent/layer-float32.ts';
import { LANGUAGE_MODEL_DEFAULTS, RECURRENT_DEFAULTS } from '../src/recurrent/training/recurrent-train-options.ts';
import { cpuSeconds, median } from './recurrent-timing.ts';

const USAGE = 'usage: npx tsx bench/language-model-step.ts [--rounds N]\n';
const args = process.argv.slice(2);
let rounds = 3;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--rounds' && Number.isInteger(Number(args[i + 1])) && Number(args[i + 1]) >= 1) rounds = Number(args[++i]);
  else {
    process.stderr.write(`unknown or incomplete argument ${args[i]}\n${USAGE}`);
    process.exit(2);
  }
}

/** The Brown vocabulary: 10,000 words, <unk> and the end of sentence. */
const VOCABULARY = 10002;
const { batch: BATCH, bptt: STEPS, layers: LAYERS, lr: LR } = LANGUAGE_MODEL_DEFAULTS;

interface Row {
  cell: CellKind;
  precision: RecurrentPrecision;
  units: number;
  rates: number[];
  /** One training window; returns its CPU seconds. */
  step(): number;
}

function row(cell: CellKind, precision: RecurrentPrecision, units: number): Row {
  const model = new LanguageModel({ cell, vocabulary: VOCABULARY, embedding: units, hidden: Array.from({ length: LAYERS }, () => units), seed: 1, precision });
  const optimizer = rmsprop(LR, { rho: RECURRENT_DEFAULTS.rho, momentum: RECURRENT_DEFAULTS.momentum, eps: RECURRENT_DEFAULTS.eps });
  const ids = Int32Array.from({ length: BATCH * STEPS }, (_, i) => (i * 7919) % VOCABULARY);
  const targets = Int32Array.from({ length: BATCH * STEPS }, (_, i) => (i * 104729 + 3) % VOCABULARY);
  let first = true;
  const step = () => {
    const start = cpuSeconds();
    model.forward(ids, BATCH, STEPS, { carryState: !first });
    model.loss(targets);
    model.backward();
    clipGlobalNorm(model.gradients, RECURRENT_DEFAULTS.clip);
    optimizer.step(model.parameters, model.gradients, 0);
    first = false;
    return cpuSeconds() - start;
  };
  step();
  return { cell, precision, units, rates: [], step };
}

const UNITS = [100, 200];
const rows: Row[] = [];
for (const units of UNITS) rows.push(row('lstm', 'float64', units), row('lstm', 'float32', units), row('sublstm', 'float32', units), row('fix-sublstm', 'float32', units));
const loadBefore = loadavg()[0];
const wallStart = performance.now();
for (let r = 0; r < rounds; r++) {
  for (const x of r % 2 === 0 ? rows : rows.slice().reverse()) x.rates.push((BATCH * STEPS) / x.step());
}
const wallSeconds = (performance.now() - wallStart) / 1000;
const load = `${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)}`;
const best = (x: Row) => Math.max(...x.rates);
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
process.stdout.write('| units | cell, precision | training words / CPU s | CPU min per Brown epoch (~1 M words) |\n|---:|---|---:|---:|\n');
for (const x of rows) process.stdout.write(`| ${x.units} | ${x.cell} ${x.precision} | ${fmt(best(x))} | ${(1e6 / best(x) / 60).toFixed(0)} |\n`);
process.stdout.write(`\nRates per CPU second, best of ${rounds} alternating rounds of one window each (${wallSeconds.toFixed(0)} s wall, 1-min load ${load}).\n`);
process.stdout.write(`${JSON.stringify({ vocabulary: VOCABULARY, batch: BATCH, steps: STEPS, layers: LAYERS, rounds, wallSeconds, load, rows: rows.map((x) => ({ cell: x.cell, precision: x.precision, units: x.units, wordsPerCpuSecond: best(x), median: median(x.rates) })) })}\n`);
