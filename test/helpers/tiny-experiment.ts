/**
 * A small plastic experiment for sweep tests: a 4-5-3 circuit with noise, three patterns of 20 ms
 * (Euler, dt 0.1 ms), a few milliseconds of work per run.
 */
export function tinyExperiment(): Record<string, any> {
  return {
    dims: [4, 5, 3],
    neuron: { noise: 0.1 },
    plasticity: { eta: { up: [0.05, 0.05], ip: [0.05], pi: [0.05] } },
    weights: { init: { up: 0.5, down: 0.5, ip: 0.5, pi: 0.5 }, selfPredicting: true },
    integrator: { method: 'euler', dt: 0.1 },
    protocol: {
      tPattern: 20,
      outputLag: 5,
      patterns: [
        { input: [0.1, 0.9, 0.4, 0.6], target: [0.2, -0.3, 0.5] },
        { input: [0.8, 0.2, 0.7, 0.1], target: [-0.4, 0.1, 0.3] },
        { input: [0.5, 0.5, 0.5, 0.5], target: null, learn: false },
      ],
    },
    seed: 1,
  };
}
