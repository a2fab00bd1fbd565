/**
 * Learning one association (docs/model.md, Fig. 1): a 30-20-10 circuit, weights U(−1, 1) set into
 * the self-predicting state, noise σ = 0.1, the paper's Fig. 1 rates. Before and after learning
 * one input→target pair, the input is shown first without the target (what the circuit predicts)
 * and then with it (plasticity off), recording the output somata against the target, the apical
 * potentials (the error the target causes) and the interneurons against the pyramidal cells
 * they are nudged by.
 *
 *   npm run example -- association [--seeds N] [--quick]
 */
import { noProgress } from '../core/progress.ts';
import { CircuitShape } from '../anatomy/circuit-shape.ts';
import { Microcircuit } from '../circuits/microcircuit.ts';
import { setSelfPredicting } from '../circuits/self-predicting.ts';
import { initUniformWeights } from '../circuits/weight-init.ts';
import { refuseCheckpoints, type Example, type ExampleContext } from './example.ts';
import { createIntegrator } from '../integrators/create-integrator.ts';
import { writeFileAtomic } from '../io/write-file-atomic.ts';
import { PAPER_NEURON_PARAMETERS } from '../neurons/neuron-parameters.ts';
import type { PlasticityConfig } from '../plasticity/plasticity-config.ts';
import { writeSvg } from '../plot/render-svg.ts';
import { tracesChart } from '../plot/traces-chart.ts';
import { Random } from '../random/random.ts';
import { Simulation } from '../simulation/simulation.ts';
import { Probe } from '../streams/probe.ts';
import { Recorder } from '../streams/recorder.ts';

const dims = [30, 20, 10];
const neuron = { ...PAPER_NEURON_PARAMETERS, noise: 0.1 };
const plasticity: PlasticityConfig = { tauW: 30, learningLag: 0, eta: { up: [0.0011875, 0.0005], ip: [0.0011875], pi: [0.0005], down: [0] } };
const timing = { tPattern: 100, outputLag: 30 };

/** Mean |a − b| over all entries. */
const meanAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a, (x, i) => Math.abs(x - b[i])).reduce((s, x) => s + x, 0) / a.length;
const rms = (a: ArrayLike<number>) => Math.sqrt(Array.from(a, (x) => x * x).reduce((s, x) => s + x, 0) / a.length);

const example = {
  name: 'association',
  description: 'Learning one input→target association (Fig. 1)',
  async run(ctx: ExampleContext) {
    refuseCheckpoints(ctx, 'association runs in about a minute and keeps no checkpoints');
    const learningPatterns = ctx.quick ? 20 : 500;
    const progress = (ctx.progress ?? noProgress)({ label: 'association', total: ctx.seeds.length * (learningPatterns + 4), unit: 'patterns' });
    let done = 0;
    const shape = new CircuitShape(dims);
    const seeds: {
      seed: number;
      input: number[];
      target: number[];
      predictionErrorBefore: number;
      predictionErrorAfter: number;
      apicalRmsWithTargetBefore: number;
      apicalRmsWithTargetAfter: number;
    }[] = [];
    let figure: Parameters<typeof tracesChart>[0] | null = null;
    for (const seed of ctx.seeds) {
      const weights = initUniformWeights(shape, { up: 1, down: 1, ip: 1, pi: 1 }, seed);
      setSelfPredicting(shape, weights, neuron);
      const circuit = new Microcircuit({ dims, neuron, weights, plasticity });
      const sim = new Simulation(circuit, createIntegrator({ method: 'euler', dt: 0.1 }), { seed });
      const rng = new Random(seed, 'association');
      const input = Array.from({ length: dims[0] }, () => rng.uniform());
      const target = Array.from({ length: dims[2] }, () => rng.uniformIn(-1, 1));
      const probes = [
        new Probe({ population: 'pyramidal', layer: 2, variable: 'soma' }, circuit),
        new Probe({ population: 'target', variable: 'potential' }, circuit),
        new Probe({ population: 'pyramidal', layer: 1, variable: 'apical' }, circuit),
        new Probe({ population: 'interneuron', layer: 1, variable: 'soma' }, circuit),
      ];
      /** Shows the input without, then with the target (plasticity off); returns the recording and the prediction. */
      const probe = () => {
        const recorder = new Recorder(probes);
        const subscription = sim.frames(0.5).subscribe(recorder);
        const predicted = sim.present({ input, target: null, learn: false }, timing).output;
        sim.present({ input, target, learn: false }, timing);
        subscription.unsubscribe();
        progress.update((done += 2));
        return { recorder, predicted };
      };
      circuit.setFilteredInput(input, target);
      const before = probe();
      for (let p = 0; p < learningPatterns; p++) {
        sim.present({ input, target }, timing);
        progress.update(++done);
      }
      const after = probe();
      const nudgedApical = (r: Recorder) => rms(r.values(2).subarray(r.values(2).length / 2));
      seeds.push({
        seed,
        input,
        target,
        predictionErrorBefore: meanAbs(before.predicted, target),
        predictionErrorAfter: meanAbs(after.predicted, target),
        apicalRmsWithTargetBefore: nudgedApical(before.recorder),
        apicalRmsWithTargetAfter: nudgedApical(after.recorder),
      });
      if (figure === null) {
        const t0 = before.recorder.times()[0];
        const time = Array.from(before.recorder.times(), (t) => t - t0);
        const panel = (title: string, r: Recorder) => ({
          title,
          lines: [
            { name: 'output u₁', values: r.series(0, 0) },
            { name: 'target u₁', values: r.series(1, 0), dashed: true },
            { name: 'apical v_A,1 (hidden 1)', values: r.series(2, 0) },
            { name: 'interneuron u^I₁', values: r.series(3, 0) },
          ],
        });
        figure = {
          title: `One association, before and after ${learningPatterns} presentations (target from t = 100 ms)`,
          time,
          timeLabel: 'time (ms)',
          panels: [panel('before learning', before.recorder), panel('after learning', after.recorder)],
        };
      }
    }
    progress.finish();
    writeFileAtomic(`${ctx.outDir}/result.json`, JSON.stringify({ settings: { dims, neuron, plasticity, timing, learningPatterns }, seeds }));
    await writeSvg(`${ctx.outDir}/association.svg`, tracesChart(figure!));
    type Metric = 'predictionErrorBefore' | 'predictionErrorAfter' | 'apicalRmsWithTargetBefore' | 'apicalRmsWithTargetAfter';
    const mean = (k: Metric) => seeds.reduce((s, x) => s + x[k], 0) / seeds.length;
    return {
      seeds: seeds.length,
      learningPatterns,
      predictionErrorBefore: mean('predictionErrorBefore'),
      predictionErrorAfter: mean('predictionErrorAfter'),
      apicalRmsWithTargetBefore: mean('apicalRmsWithTargetBefore'),
      apicalRmsWithTargetAfter: mean('apicalRmsWithTargetAfter'),
    };
  },
} satisfies Example;
export default example;
