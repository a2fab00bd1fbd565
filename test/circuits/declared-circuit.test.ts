import { describe, expect, it } from 'vitest';
import { DeclaredCircuit } from '../../src/circuits/declared-circuit.ts';
import { NonFiniteStateError } from '../../src/circuits/non-finite-state-error.ts';
import { createIntegrator, type IntegratorSpec } from '../../src/integrators/create-integrator.ts';
import { Simulation } from '../../src/simulation/simulation.ts';
import { Probe } from '../../src/streams/probe.ts';
import { Recorder } from '../../src/streams/recorder.ts';
import { convergenceOrder } from '../helpers/single-population-system.ts';

/**
 * A damped rotation of two one-unit populations, ẋ = −a·x − ω·y, ẏ = ω·x − a·y, whose solution is
 * x(t) = e^{−at}(x₀ cos ωt − y₀ sin ωt), y(t) = e^{−at}(x₀ sin ωt + y₀ cos ωt).
 */
class DampedRotation extends DeclaredCircuit {
  constructor(readonly a: number, readonly omega: number, noise = 0) {
    super(
      [
        { name: 'excitatory', decay: a, noisy: true },
        { name: 'inhibitory', decay: a, noisy: true },
      ],
      [
        { name: 'x', group: 'excitatory', length: 1 },
        { name: 'y', group: 'inhibitory', length: 1 },
      ],
      noise,
    );
  }

  derivative(y: Float64Array, dydt: Float64Array): void {
    dydt[0] = -this.a * y[0] - this.omega * y[1];
    dydt[1] = this.omega * y[0] - this.a * y[1];
  }
}

const A = 0.05;
const OMEGA = 0.2;
const exact = (t: number) => [Math.exp(-A * t) * Math.cos(OMEGA * t), Math.exp(-A * t) * Math.sin(OMEGA * t)];

/** Runs from (1, 0) to t = 20 ms, recording x and y every 1 ms through probes on the named segments. */
function run(spec: IntegratorSpec): { circuit: DampedRotation; recorder: Recorder } {
  const circuit = new DampedRotation(A, OMEGA);
  circuit.view('x')[0] = 1;
  const sim = new Simulation(circuit, createIntegrator(spec), { seed: 1 });
  const recorder = new Recorder([new Probe({ segment: 'x' }, circuit), new Probe({ segment: 'y' }, circuit)]);
  sim.frames(1).subscribe(recorder);
  sim.advanceTo(20);
  return { circuit, recorder };
}

describe('DeclaredCircuit: a circuit from declarations and a right-hand side', () => {
  it('lays out its declared segments and groups', () => {
    const c = new DampedRotation(A, OMEGA);
    expect(c.segments.size).toBe(2);
    expect(c.segments.segment('y').offset).toBe(1);
    expect(Array.from(c.segments.bounds)).toEqual([0, 1, 2]);
  });

  it('is integrated by every method to the analytic solution, and probes read the named segments', () => {
    const specs: [IntegratorSpec, number][] = [
      [{ method: 'euler', dt: 0.01 }, 2e-3],
      [{ method: 'expEuler', dt: 0.01 }, 2e-3],
      [{ method: 'rk4', dt: 0.1 }, 1e-8],
      [{ method: 'odex', rtol: 1e-10, atol: 1e-12, maxDt: 0 }, 1e-8],
    ];
    for (const [spec, tolerance] of specs) {
      const { circuit, recorder } = run(spec);
      const [x, y] = exact(20);
      expect(Math.abs(circuit.state[0] - x), spec.method).toBeLessThan(tolerance);
      expect(Math.abs(circuit.state[1] - y), spec.method).toBeLessThan(tolerance);
      const times = recorder.times();
      expect(times.length).toBe(21);
      for (let k = 0; k < times.length; k++) {
        const [xk, yk] = exact(times[k]);
        expect(Math.abs(recorder.values(0)[k] - xk)).toBeLessThan(tolerance);
        expect(Math.abs(recorder.values(1)[k] - yk)).toBeLessThan(tolerance);
      }
    }
  });

  it('converges at order 1 under Euler and order 4 under RK4', () => {
    const dts = [0.4, 0.2, 0.1, 0.05];
    const error = (method: 'euler' | 'rk4') =>
      dts.map((dt) => {
        const { circuit } = run({ method, dt });
        const [x, y] = exact(20);
        return Math.hypot(circuit.state[0] - x, circuit.state[1] - y);
      });
    expect(convergenceOrder(dts, error('euler'))).toBeCloseTo(1, 1);
    expect(convergenceOrder(dts, error('rk4'))).toBeCloseTo(4, 1);
  });

  it('refuses a population probe and an unknown segment, naming the declared ones', () => {
    const c = new DampedRotation(A, OMEGA);
    expect(() => new Probe({ population: 'pyramidal', layer: 1, variable: 'soma' }, c)).toThrow(/probe this system by \{ segment: name \}/);
    expect(() => new Probe({ segment: 'z' }, c)).toThrow(/expected one of "x", "y"; got "z"/);
  });

  it('stops at a non-finite state, naming the segment', () => {
    const c = new DampedRotation(-50, 0);
    c.view('y')[0] = 1;
    const sim = new Simulation(c, createIntegrator({ method: 'euler', dt: 1 }), { seed: 1 });
    expect(() => sim.advanceTo(1000)).toThrow(NonFiniteStateError);
    expect(() => sim.advanceTo(1000)).toThrow(/in y;/);
  });

  it('adds noise of intensity σ to its noisy groups: Euler–Maruyama variance σ²·t for pure noise', () => {
    const c = new DampedRotation(0, 0, 0.5);
    const sim = new Simulation(c, createIntegrator({ method: 'euler', dt: 0.1 }), { seed: 4 });
    const samples: number[] = [];
    sim.frames(2).subscribe((f) => samples.push(f.state[0]));
    sim.advanceTo(4000);
    // increments over 2 ms are independent N(0, σ²·2)
    const inc = samples.slice(1).map((v, i) => v - samples[i]);
    const variance = inc.reduce((s, d) => s + d * d, 0) / inc.length;
    // 2,000 increments: the sample variance is within ±4·√(2/n) of 0.5 relative (≈ ±13 %)
    expect(Math.abs(variance / (0.25 * 2) - 1)).toBeLessThan(4 * Math.sqrt(2 / inc.length));
  });
});
