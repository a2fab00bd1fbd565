// A circuit family of your own: two rate populations, excitatory E and inhibitory I (Wilson & Cowan 1972),
//   τ_E·du_E/dt = −u_E + w_EE·φ(u_E) − w_EI·φ(u_I) + I_ext,   τ_I·du_I/dt = −u_I + w_IE·φ(u_E),   φ = tanh⁺,
// declared as groups and segments, integrated by every integrator, observed by a Probe.
import { createIntegrator, DeclaredCircuit, Probe, Recorder, Simulation, type IntegratorSpec } from 'dendritic-microcircuits';

const phi = (u: number) => Math.max(0, Math.tanh(u));

class ExcitatoryInhibitoryPair extends DeclaredCircuit {
  constructor(readonly tauE = 10, readonly tauI = 5, readonly input = 1.2, readonly w = { ee: 1.5, ei: 2, ie: 2 }) {
    super(
      [{ name: 'excitatory', decay: 1 / tauE, noisy: false }, { name: 'inhibitory', decay: 1 / tauI, noisy: false }],
      [{ name: 'u_E', group: 'excitatory', length: 1 }, { name: 'u_I', group: 'inhibitory', length: 1 }],
    );
  }

  derivative(y: Float64Array, dydt: Float64Array): void {
    const [uE, uI] = [y[0], y[1]];
    dydt[0] = (-uE + this.w.ee * phi(uE) - this.w.ei * phi(uI) + this.input) / this.tauE;
    dydt[1] = (-uI + this.w.ie * phi(uE)) / this.tauI;
  }
}

const methods: IntegratorSpec[] = [
  { method: 'euler', dt: 0.1 },
  { method: 'expEuler', dt: 0.1 },
  { method: 'rk4', dt: 0.1 },
  { method: 'odex', rtol: 1e-8, atol: 1e-10, maxDt: 0 },
];
for (const spec of methods) {
  const circuit = new ExcitatoryInhibitoryPair();
  const sim = new Simulation(circuit, createIntegrator(spec), { seed: 1 });
  const recorder = new Recorder([new Probe({ segment: 'u_E' }, circuit), new Probe({ segment: 'u_I' }, circuit)]);
  sim.frames(10).subscribe(recorder);
  sim.advanceTo(200);
  console.log(`${spec.method.padEnd(8)} u_E(200 ms) = ${circuit.state[0].toFixed(6)}  u_I = ${circuit.state[1].toFixed(6)}  frames: ${recorder.times().length}`);
}
