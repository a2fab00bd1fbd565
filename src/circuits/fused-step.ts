import type { CircuitShape, Connection } from '../anatomy/circuit-shape.ts';
import type { CircuitSignals } from '../anatomy/circuit-signals.ts';
import type { StateLayout } from '../anatomy/state-layout.ts';
import type { DenseKernels } from '../kernels/dense-kernels.ts';
import type { HiddenPyramidalPopulation } from '../neurons/hidden-pyramidal.ts';
import type { InterneuronPopulation } from '../neurons/interneuron.ts';
import type { NeuronParameters } from '../neurons/neuron-parameters.ts';
import type { OutputPyramidalPopulation } from '../neurons/output-pyramidal.ts';
import type { RateFunctionSpec } from '../neurons/rate-function.ts';
import type { DendriticPlasticity } from '../plasticity/dendritic-plasticity.ts';
import type { Random } from '../random/random.ts';

/** Operation codes of assembly/fused-step.ts. */
const OP = {
  end: 0,
  phi: 1,
  matVec: 2,
  matVecAdd: 3,
  copy: 4,
  skipUnlessPlastic: 5,
  predictionError: 6,
  negate: 7,
  filteredUpdate: 8,
  somaHidden: 9,
  somaInterneuron: 10,
  somaOutput: 11,
  relax: 12,
  integral: 13,
  groupStep: 14,
  noise: 15,
} as const;

/** Indices into the parameter block (assembly/fused-step.ts, P_…). */
const P_PHI_KIND = 0;
const P_GAMMA = 1;
const P_NUDGED = 4;
const P_AVERAGING = 5;
const P_PLASTIC = 6;
const P_TAU_W = 7;
const P_TRACE_GROUP = 8;
const P_WEIGHT_GROUP = 9;
const P_RNG = 10;
const P_GROUPS = 20;
/** Doubles of the constant table after the groups' parameters (assembly/fdlibm.ts, TWO_LANE_CONSTANT_BYTES / 8, rounded up). */
export const CONSTANT_TABLE_DOUBLES = 80;

/** The rate functions the fused step computes exactly as rate-function.ts does (tanh is not among them). */
const PHI_KINDS: Partial<Record<RateFunctionSpec['kind'], number>> = { softplus: 0, logistic: 1, relu: 2, linear: 3 };

/** A matrix of the circuit as the kernels address it: inside the state vector or its own array. */
export interface FusedMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
  readonly offset: number;
}

/** What the fused step reads and writes: the circuit's arrays, all inside one kernel memory. */
export interface FusedStepParts {
  readonly shape: CircuitShape;
  readonly layout: StateLayout;
  readonly neuron: NeuronParameters;
  readonly tau0: number;
  readonly state: Float64Array;
  readonly signals: CircuitSignals;
  readonly matrices: Record<Connection, FusedMatrix[]>;
  readonly hidden: readonly HiddenPyramidalPopulation[];
  readonly output: OutputPyramidalPopulation;
  readonly interneurons: readonly InterneuronPopulation[];
  readonly plasticity: DendriticPlasticity | null;
  readonly inputDrive: Float64Array;
  readonly targetDrive: Float64Array;
  /** The first group the plasticity advances itself (traces), then the weights' group. */
  readonly traceGroup: number;
  readonly weightGroup: number;
}

/**
 * One whole step of a one-stage explicit method (forward or exponential Euler) of the microcircuit
 * in a single WebAssembly call (assembly/fused-step.ts): the same evaluation as the circuit's
 * `evaluateForStep` (rates, dendrites, somatic derivatives, errors, the fused plastic update), the
 * integrator's group update y ← y + h_g·f and its noise A_g·N(0,1) from the run's random stream, in
 * the same order with the same arithmetic, so that the result is bit for bit that of the separate
 * calls. At 30-50-10 a step is a few thousand multiply-adds, and the calls between JavaScript and
 * the kernels cost more than the arithmetic; here one call does it all.
 *
 * The program lists operations over byte addresses in the kernels' memory; it is built once, from
 * the circuit's arrays, in the order of microcircuit.ts's evaluation.
 */
export class FusedStep {
  private readonly params: Float64Array;
  private readonly program: Int32Array;
  private readonly groups: number;

  private constructor(
    params: Float64Array,
    program: Int32Array,
    private readonly run: (program: Int32Array) => void,
  ) {
    this.params = params;
    this.program = program;
    this.groups = params[P_GROUPS - 1];
  }

  /**
   * Builds the step from the circuit's arrays, taking its own from `allocate`; null when the
   * kernels cannot run it (the JavaScript kernels, or a rate function the fused step lacks).
   * `allocate` is called the same way whatever `kernels` is (kernel-memory.ts's two passes).
   */
  static build(parts: FusedStepParts, allocate: (n: number) => Float64Array, kernels: DenseKernels): FusedStep | null {
    const phiKind = PHI_KINDS[parts.neuron.phi.kind];
    if (phiKind === undefined) return null;
    const segments = parts.layout.segments;
    const groups = segments.groupCount;
    const params = allocate(P_GROUPS + 2 * groups + CONSTANT_TABLE_DOUBLES);
    const words: number[] = [0];
    const constants: number[] = [];
    const at = (a: Float64Array, off = 0): number => a.byteOffset + 8 * off;
    /** A constant's address: a negative placeholder until the constants' array is allocated. */
    const constant = (...values: number[]): number => {
      constants.push(...values);
      return -(constants.length - values.length + 1);
    };
    const emit = (...w: number[]) => words.push(...w);
    const { shape, layout: L, state: y, signals: s, matrices: M } = parts;
    const N = shape.depth;
    const rate = allocate(segments.bounds[parts.traceGroup]);

    // Rates and dendritic potentials (microcircuit.ts, evaluateSignals).
    for (let l = 0; l < N; l++) emit(OP.phi, at(y, L.pyramidal[l].offset), at(s.rates[l]), s.rates[l].length);
    for (let h = 0; h < N - 1; h++) emit(OP.phi, at(y, L.interneuron[h].offset), at(s.interneuronRates[h]), s.interneuronRates[h].length);
    for (let l = 0; l < N; l++) {
      const b = M.up[l];
      emit(OP.matVec, at(b.data, b.offset), b.rows, b.cols, l === 0 ? at(y, L.input.offset) : at(s.rates[l - 1]), at(s.basal[l]));
    }
    for (let h = 0; h < N - 1; h++) {
      const down = M.down[h];
      emit(OP.matVec, at(down.data, down.offset), down.rows, down.cols, at(s.rates[h + 1]), at(s.topDown[h]));
      emit(OP.copy, at(s.topDown[h]), at(s.apical[h]), s.apical[h].length);
      const pi = M.pi[h];
      emit(OP.matVecAdd, at(pi.data, pi.offset), pi.rows, pi.cols, at(s.interneuronRates[h]), at(s.apical[h]));
      const ip = M.ip[h];
      emit(OP.matVec, at(ip.data, ip.offset), ip.rows, ip.cols, at(s.rates[h]), at(s.interneuronDendrite[h]));
    }
    // Somatic derivatives, filters and the output integral (microcircuit.ts, potentialsDerivative).
    const p = parts.neuron;
    for (let h = 0; h < N - 1; h++) {
      const off = L.pyramidal[h].offset;
      emit(OP.somaHidden, at(y, off), at(s.basal[h]), at(s.apical[h]), at(rate, off), parts.hidden[h].size, constant(p.gb, p.ga, parts.hidden[h].decayRate));
      const io = L.interneuron[h].offset;
      const inter = parts.interneurons[h];
      emit(OP.somaInterneuron, at(y, io), at(s.interneuronDendrite[h]), at(y, L.pyramidal[h + 1].offset), at(rate, io), inter.size, constant(p.gd, p.gsom, inter.decayRate));
    }
    const out = L.pyramidal[N - 1].offset;
    const o = parts.output;
    emit(OP.somaOutput, at(y, out), at(s.basal[N - 1]), at(y, L.target.offset), at(rate, out), o.size, constant(p.gb, p.gsom, o.decayRate(true), o.decayRate(false)));
    const k0 = 1 / parts.tau0;
    emit(OP.relax, at(parts.inputDrive), at(y, L.input.offset), at(rate, L.input.offset), parts.inputDrive.length, constant(k0));
    emit(OP.relax, at(parts.targetDrive), at(y, L.target.offset), at(rate, L.target.offset), parts.targetDrive.length, constant(k0));
    emit(OP.integral, at(y, out), at(rate, L.outputIntegral.offset), parts.targetDrive.length);
    // Errors and the fused trace-and-weight update while plasticity is on (dendritic-plasticity.ts).
    const plastic = parts.plasticity;
    if (plastic !== null) {
      const skip = words.length + 1;
      emit(OP.skipUnlessPlastic, 0);
      const errors = plastic.errors;
      plastic.slots.forEach((slot, m) => {
        const k = slot.index;
        const e = errors[m];
        switch (slot.connection) {
          case 'up':
            emit(OP.predictionError, at(s.rates[k]), at(s.basal[k]), constant(plastic.attenuation.basal[k]), at(e), slot.rows);
            break;
          case 'ip':
            emit(OP.predictionError, at(s.interneuronRates[k]), at(s.interneuronDendrite[k]), constant(plastic.attenuation.interneuron), at(e), slot.rows);
            break;
          case 'pi':
            emit(OP.negate, at(s.apical[k]), at(e), slot.rows);
            break;
          case 'down':
            emit(OP.predictionError, at(s.rates[k]), at(s.topDown[k]), 0, at(e), slot.rows);
            break;
        }
      });
      plastic.slots.forEach((slot, m) => {
        const k = slot.index;
        const pre =
          slot.connection === 'up' ? (k === 0 ? at(y, L.input.offset) : at(s.rates[k - 1])) : slot.connection === 'ip' ? at(s.rates[k]) : slot.connection === 'pi' ? at(s.interneuronRates[k]) : at(s.rates[k + 1]);
        emit(OP.filteredUpdate, at(y, slot.trace), at(y, slot.weight), slot.rows, slot.cols, at(errors[m]), pre, at(plastic.eta, m));
      });
      words[skip] = words.length;
    }
    // The integrator's group update and noise (group-update.ts: explicitGroupStep, addGroupNoise).
    const bounds = segments.bounds;
    for (let g = 0; g < parts.traceGroup; g++) emit(OP.groupStep, at(y, bounds[g]), at(rate, bounds[g]), bounds[g + 1] - bounds[g], g);
    let largestNoisy = 0;
    for (let g = 0; g < groups; g++) if (segments.groups[g].noisy) largestNoisy = Math.max(largestNoisy, bounds[g + 1] - bounds[g]);
    const noiseScratch = allocate(largestNoisy + 3 * ((largestNoisy >> 1) + 1));
    for (let g = 0; g < groups; g++) if (segments.groups[g].noisy) emit(OP.noise, at(y, bounds[g]), bounds[g + 1] - bounds[g], g, at(noiseScratch));
    emit(OP.end);

    const constantArray = allocate(constants.length);
    constantArray.set(constants);
    for (let i = 0; i < words.length; i++) if (words[i] < 0) words[i] = at(constantArray, -words[i] - 1);
    const programDoubles = allocate(Math.ceil(words.length / 2));
    const program = new Int32Array(programDoubles.buffer, programDoubles.byteOffset, words.length);
    words[0] = at(params);
    program.set(words);

    params[P_PHI_KIND] = phiKind;
    if (p.phi.kind === 'softplus') params.set([p.phi.gamma, p.phi.beta, p.phi.theta], P_GAMMA);
    params[P_TAU_W] = plastic?.tauW ?? 1;
    params[P_TRACE_GROUP] = parts.traceGroup;
    params[P_WEIGHT_GROUP] = parts.weightGroup;
    params[P_GROUPS - 1] = groups;
    return kernels.runStep === undefined ? null : new FusedStep(params, program, kernels.runStep);
  }

  /**
   * One step: h_g and A_g of every group from the integrator, the gates from the circuit; draws
   * the noise from `rng` and leaves it where the separate calls would have.
   */
  step(h: Float64Array, noise: Float64Array, rng: Random, nudged: boolean, averaging: boolean, plastic: boolean): void {
    const p = this.params;
    const G = this.groups;
    for (let g = 0; g < G; g++) {
      p[P_GROUPS + g] = h[g];
      p[P_GROUPS + G + g] = noise[g];
    }
    p[P_NUDGED] = nudged ? 1 : 0;
    p[P_AVERAGING] = averaging ? 1 : 0;
    p[P_PLASTIC] = plastic ? 1 : 0;
    rng.writeState(p, P_RNG);
    this.run(this.program);
    rng.readState(p, P_RNG);
  }
}
