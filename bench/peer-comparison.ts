/**
 * `npm run bench -- --peer`: this simulator against the public NumPy reference on the same two
 * circuits, in one run, in alternating rounds (so both see the same load):
 *
 *     NEURO_BACKPROP_DIR=/path/to/Neuro-Backprop npm run bench -- --peer
 *
 * The reference is github.com/phll/Neuro-Backprop, fetched by the user (`git clone`); its
 * `backprop/PyraLNet.py` is timed by bench/peer/pyralnet_speed.py with one OpenBLAS thread (its
 * fastest setting here), under `python3` (or $PYTHON). This simulator's figures are
 * bench/run-case.ts's for the learning + noise rows: step by step, with a plasticity window of
 * 16, in float32, and at 784-500-500-10 with threads "auto" (float64 and float32). Prints a table:
 * medians over the rounds and the ratios.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { CIRCUIT_CASES } from './circuit-cases.ts';

const folder = process.env.NEURO_BACKPROP_DIR;
if (folder === undefined || !existsSync(join(folder, 'backprop', 'PyraLNet.py'))) {
  process.stderr.write(
    `--peer needs NEURO_BACKPROP_DIR: the folder of a checkout of https://github.com/phll/Neuro-Backprop (with backprop/PyraLNet.py); got ${folder === undefined ? 'nothing' : JSON.stringify(folder)}\n` +
      'e.g. git clone https://github.com/phll/Neuro-Backprop /tmp/Neuro-Backprop && NEURO_BACKPROP_DIR=/tmp/Neuro-Backprop npm run bench -- --peer\n',
  );
  process.exit(2);
}
const python = process.env.PYTHON ?? 'python3';
const rounds = 3;

const caseIndex = (name: string) => CIRCUIT_CASES.findIndex((c) => c.name === name);
const circuits = [
  { dims: '30-50-10', patterns: 20, ours: [2, 8, 12] },
  {
    dims: '784-500-500-10',
    patterns: 2,
    ours: [5, 11, 13, caseIndex('784-500-500-10 learning + noise, threads auto'), caseIndex('784-500-500-10 learning + noise, float32, threads auto')],
  },
];
const median = (a: number[]) => a.slice().sort((x, y) => x - y)[a.length >> 1];
const loadBefore = loadavg()[0];
process.stdout.write('| circuit (learning + noise, dt 0.1 ms) | NumPy reference (float32, OpenBLAS 1 thread) | this simulator (float64 unless named) | ratio |\n|---|---:|---:|---:|\n');
for (const c of circuits) {
  const peer: number[] = [];
  const ours: number[][] = c.ours.map(() => []);
  const threads: number[] = c.ours.map(() => 1);
  for (let r = 0; r < rounds; r++) {
    const out = execFileSync(python, ['bench/peer/pyralnet_speed.py', c.dims, String(c.patterns)], {
      encoding: 'utf8',
      env: { ...process.env, OPENBLAS_NUM_THREADS: '1' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    peer.push((JSON.parse(out.trim().split('\n').pop()!) as { simulatedMsPerWallSecond: number }).simulatedMsPerWallSecond);
    c.ours.forEach((index, k) => {
      const line = execFileSync(process.execPath, ['--import', 'tsx', 'bench/run-case.ts', String(index)], { encoding: 'utf8' });
      const row = JSON.parse(line.trim().split('\n').pop()!) as { simulatedMsPerWallSecond: number; threads: number };
      ours[k].push(row.simulatedMsPerWallSecond);
      threads[k] = row.threads;
    });
  }
  const p = median(peer);
  c.ours.forEach((index, k) => {
    const o = median(ours[k]);
    const name = `${CIRCUIT_CASES[index].name}${CIRCUIT_CASES[index].threads === 'auto' ? ` (chose ${threads[k]})` : ''}`;
    process.stdout.write(`| ${name} | ${p.toFixed(1)} | ${o.toFixed(o < 100 ? 1 : 0)} | ${(o / p).toFixed(1)}× |\n`);
  });
}
process.stdout.write(`\nMedians of ${rounds} alternating rounds; load average ${loadBefore.toFixed(2)} → ${loadavg()[0].toFixed(2)}. The reference adds its noise as σ·dt·N(0, 1) per step, this simulator as σ·√dt·N(0, 1); the work per step is the same.\n`);
