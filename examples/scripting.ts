import {
  CircuitShape,
  createIntegrator,
  initUniformWeights,
  Microcircuit,
  PAPER_NEURON_PARAMETERS,
  PAPER_REGRESSION_PLASTICITY,
  Probe,
  Random,
  Recorder,
  setSelfPredicting,
  Simulation,
} from 'dendritic-microcircuits';

const dims = [30, 50, 10];
const shape = new CircuitShape(dims);
const weights = initUniformWeights(shape, { up: 0.1, down: 0.3, ip: 0.1, pi: 0.1 }, /* seed */ 1);
setSelfPredicting(shape, weights, PAPER_NEURON_PARAMETERS);
const circuit = new Microcircuit({ dims, neuron: { ...PAPER_NEURON_PARAMETERS, noise: 0.1 }, weights, plasticity: PAPER_REGRESSION_PLASTICITY });
const sim = new Simulation(circuit, createIntegrator({ method: 'euler', dt: 0.1 }), { seed: 1 });

// Observe on simulation time: apical potentials of hidden layer 1, every 1 ms, into typed arrays.
const recorder = new Recorder([new Probe({ population: 'pyramidal', layer: 1, variable: 'apical' }, circuit)]);
sim.frames(1).subscribe(recorder);
sim.patternEnds$.subscribe((r) => console.log(r.index, r.output[0]));

const rng = new Random(1, 'inputs'); // seeded: the same digits on every run
const input = Array.from({ length: 30 }, () => rng.uniform());
const target = Array.from({ length: 10 }, () => 0.5);
sim.run([{ input, target }, { input, target: null, learn: false }], { tPattern: 100, outputLag: 30 });
sim.complete();
console.log(recorder.times().length, recorder.series(0, 0).slice(0, 5));
