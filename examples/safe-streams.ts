import { take, toArray } from 'rxjs';
import { CircuitShape, createIntegrator, initUniformWeights, Microcircuit, PAPER_NEURON_PARAMETERS, sampleSim, Simulation } from 'dendritic-microcircuits';

const dims = [3, 4, 2];
const circuit = new Microcircuit({ dims, neuron: PAPER_NEURON_PARAMETERS, weights: initUniformWeights(new CircuitShape(dims), { up: 0.5, down: 0.5, ip: 0.5, pi: 0.5 }, 1) });
const sim = new Simulation(circuit, createIntegrator({ method: 'euler', dt: 0.1 }), { seed: 1 });

// Snapshots are fresh copies, which rxjs may keep; sampleSim(1) takes one per simulated ms.
sim.snapshots(0.1).pipe(sampleSim(1), take(3), toArray()).subscribe((s) => console.log(s.map((x) => x.t))); // [ 0, 1, 2 ]
sim.run([{ input: [0.2, 0.5, 0.8] }], { tPattern: 5, outputLag: 0 });
