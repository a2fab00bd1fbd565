/**
 * Self-prediction emerges (MODEL.md, Fig. S1 row): a 30-20-10 circuit from random weights
 * U(−1, 1), no targets, noise σ = 0.1, only the lateral weights plastic (η_IP = 0.0002375,
 * η_PI = 0.0005). The interneurons learn to predict the layer above (W^IP → c·W^up_2) and the
 * apical potentials fall silent (W^PI → −W^down). Tracked against patterns seen:
 *   ‖W^PI + W^down‖/‖W^down‖,  ‖W^IP − c·W^up_2‖/‖c·W^up_2‖,  RMS apical potential,
 * the last beside its noise floor: the same circuit set directly into the self-predicting state.
 *
 *   npm run example -- self-prediction [--seeds N] [--quick]
 */
import { existsSync } from 'node:fs';
import { CircuitShape } from '../src/circuits/circuit-shape.ts';
import { lateralMismatch } from '../src/circuits/lateral-mismatch.ts';
import { Microcircuit } from '../src/circuits/microcircuit.ts';
import { setSelfPredicting } from '../src/circuits/self-predicting.ts';
import { initUniformWeights } from '../src/circuits/weight-init.ts';
import type { WeightSet } from '../src/circuits/weight-set.ts';
import { createProgress } from '../src/cli/progress.ts';
import type { Example, ExampleContext } from '../src/experiments/example.ts';
import { createIntegrator } from '../src/integrators/create-integrator.ts';
import { readCheckpoint, writeCheckpoint } from '../src/io/checkpoint-file.ts';
import { InputError } from '../src/io/input-error.ts';
import { writeFileAtomic } from '../src/io/write-file-atomic.ts';
import { PAPER_NEURON_PARAMETERS, type NeuronParameters } from '../src/neurons/neuron-parameters.ts';
import type { PlasticityConfig } from '../src/plasticity/plasticity-config.ts';
import { lineChart } from '../src/plot/line-chart.ts';
import { writeSvg } from '../src/plot/render-svg.ts';
import { Random, type RandomState } from '../src/random/random.ts';
import { captureSimulation, restoreSimulation } from '../src/simulation/simulation-checkpoint.ts';
import { Simulation } from '../src/simulation/simulation.ts';
import { Probe } from '../src/streams/probe.ts';

const dims = [30, 20, 10];
const neuron: NeuronParameters = { ...PAPER_NEURON_PARAMETERS, noise: 0.1 };
const timing = { tPattern: 100, outputLag: 0 };
/** The paper's Fig. S1 rates (MODEL.md table); W^up and W^down stay fixed. */
const PAPER_RATES = { ip: 0.0002375, pi: 0.0005 };

interface Trace {
  patterns: number[];
  piRatio: number[];
  ipRatio: number[];
  apicalRms: number[];
}

/** RMS of the layer-1 apical potentials over each pattern, sampled every 1 ms from the time now on. */
function trackApical(sim: Simulation, circuit: Microcircuit): () => number {
  const probe = new Probe({ population: 'pyramidal', layer: 1, variable: 'apical' }, circuit);
  const row = new Float64Array(probe.width);
  let sum = 0;
  let count = 0;
  // Frames on the grid k·1 ms; a resumed run starts after the frame its checkpoint already counted.
  const firstIndex = sim.patternCount === 0 ? 0 : Math.round(sim.t) + 1;
  sim.frames(1, { origin: 0, firstIndex }).subscribe((frame) => {
    probe.read(frame, row, 0);
    for (const v of row) sum += v * v;
    count += row.length;
  });
  return () => {
    const rms = Math.sqrt(sum / Math.max(1, count));
    sum = 0;
    count = 0;
    return rms;
  };
}

/** Saves the run every `every` patterns (a multiple of the trace spacing) and resumes from it. */
interface SeedCheckpoint {
  readonly path: string;
  readonly every: number;
  readonly resume: boolean;
}

function run(
  seed: number,
  patterns: number,
  weights: WeightSet,
  plasticity: PlasticityConfig | null,
  every: number,
  onPattern: () => void,
  checkpoint?: SeedCheckpoint,
): Trace {
  const shape = new CircuitShape(dims);
  const circuit = new Microcircuit({ dims, neuron, weights, plasticity });
  const sim = new Simulation(circuit, createIntegrator({ method: 'euler', dt: 0.1 }), { seed });
  const rng = new Random(seed, 'inputs');
  let trace: Trace = { patterns: [], piRatio: [], ipRatio: [], apicalRms: [] };
  if (checkpoint?.resume && existsSync(checkpoint.path)) {
    const { extras } = restoreSimulation(sim, readCheckpoint(checkpoint.path), checkpoint.path);
    trace = extras.trace as Trace;
    rng.setState(extras.inputs as RandomState);
    for (let p = 0; p < sim.patternCount; p++) onPattern();
  }
  const apicalRms = trackApical(sim, circuit);
  const input = new Float64Array(dims[0]);
  let rmsSum = 0;
  for (let p = sim.patternCount + 1; p <= patterns; p++) {
    for (let i = 0; i < input.length; i++) input[i] = rng.uniform();
    if (p === 1) circuit.setFilteredInput(input, null);
    sim.present({ input, target: null }, timing);
    rmsSum += apicalRms();
    onPattern();
    if (p % every === 0) {
      const m = lateralMismatch(shape, circuit.weights(), neuron);
      trace.patterns.push(p);
      trace.piRatio.push(m.pi[0]);
      trace.ipRatio.push(m.ip[0]);
      trace.apicalRms.push(rmsSum / every);
      rmsSum = 0;
      if (checkpoint !== undefined && checkpoint.every > 0 && p % checkpoint.every === 0 && p < patterns) {
        writeCheckpoint(checkpoint.path, captureSimulation(sim, { trace, inputs: rng.getState() }));
      }
    }
  }
  return trace;
}

/** First pattern count at which `values` fall to `threshold` or below and stay there. */
function crossing(patterns: number[], values: number[], threshold: number): number | null {
  let at: number | null = null;
  values.forEach((v, i) => {
    if (v > threshold) at = null;
    else if (at === null) at = patterns[i];
  });
  return at;
}

const example: Example = {
  name: 'self-prediction',
  description: 'Self-predicting state emerging from random weights (Fig. S1)',
  async run(ctx: ExampleContext) {
    const rateMultiplier = 1;
    const patterns = ctx.quick ? 200 : 30_000;
    const floorPatterns = ctx.quick ? 20 : 300;
    const every = ctx.quick ? 20 : 250;
    const plasticity: PlasticityConfig = {
      tauW: 30,
      learningLag: 0,
      eta: { up: [0, 0], ip: [PAPER_RATES.ip * rateMultiplier], pi: [PAPER_RATES.pi * rateMultiplier], down: [0] },
    };
    const progress = createProgress({ label: 'self-prediction', total: ctx.seeds.length * (patterns + floorPatterns), unit: 'patterns', quiet: ctx.quiet });
    let done = 0;
    const tick = () => progress.update(++done);
    const shape = new CircuitShape(dims);
    const seeds = ctx.seeds.map((seed) => {
      const weights = initUniformWeights(shape, { up: 1, down: 1, ip: 1, pi: 1 }, seed);
      const cp = ctx.checkpoint;
      if (cp !== undefined && cp.every % every !== 0) throw new InputError('--checkpoint-every', `expected a multiple of ${every} patterns (the trace spacing), got ${cp.every}`);
      const learning = run(seed, patterns, weights, plasticity, every, tick, cp && { path: `${ctx.outDir}/seed-${seed}.ckpt`, every: cp.every, resume: cp.resume });
      setSelfPredicting(shape, weights, neuron);
      const floorTrace = run(seed, floorPatterns, weights, null, floorPatterns, tick);
      const floor = floorTrace.apicalRms[0];
      return {
        seed,
        ...learning,
        apicalNoiseFloor: floor,
        patternsToPiBelow01: crossing(learning.patterns, learning.piRatio, 0.1),
        patternsToIpBelow01: crossing(learning.patterns, learning.ipRatio, 0.1),
        patternsToApicalWithin15xFloor: crossing(learning.patterns, learning.apicalRms, 1.5 * floor),
      };
    });
    progress.finish();

    const result = { settings: { dims, neuron, plasticity, timing, rateMultiplier, patterns, init: 'U(-1,1)' }, seeds };
    writeFileAtomic(`${ctx.outDir}/result.json`, JSON.stringify(result));
    const first = seeds[0];
    await writeSvg(
      `${ctx.outDir}/self-prediction.svg`,
      lineChart({
        title: 'Self-prediction emerging from random weights (30-20-10, σ = 0.1)',
        x: { label: 'patterns seen' },
        y: { label: 'ratio / RMS potential', scale: 'log' },
        series: [
          { name: '‖W^PI + W^down‖ / ‖W^down‖', x: first.patterns, y: first.piRatio },
          { name: '‖W^IP − c·W^up‖ / ‖c·W^up‖', x: first.patterns, y: first.ipRatio },
          { name: 'RMS apical potential', x: first.patterns, y: first.apicalRms },
          { name: 'noise floor (self-predicting start)', x: first.patterns, y: first.patterns.map(() => first.apicalNoiseFloor) },
        ],
      }),
    );
    const mean = (xs: (number | null)[]) => (xs.some((x) => x === null) ? null : xs.reduce<number>((a, b) => a + (b as number), 0) / xs.length);
    return {
      rates: rateMultiplier === 1 ? 'paper (Fig. S1)' : `${rateMultiplier}x paper`,
      seeds: seeds.length,
      patterns,
      piRatio: mean(seeds.map((s) => s.piRatio[s.piRatio.length - 1])),
      ipRatio: mean(seeds.map((s) => s.ipRatio[s.ipRatio.length - 1])),
      apicalRms: mean(seeds.map((s) => s.apicalRms[s.apicalRms.length - 1])),
      apicalNoiseFloor: mean(seeds.map((s) => s.apicalNoiseFloor)),
      patternsToPiBelow01: seeds.map((s) => s.patternsToPiBelow01),
      patternsToIpBelow01: seeds.map((s) => s.patternsToIpBelow01),
      patternsToApicalWithin15xFloor: seeds.map((s) => s.patternsToApicalWithin15xFloor),
    };
  },
};
export default example;
