import { Microcircuit } from '../circuits/microcircuit.ts';
import { InputError } from '../core/input-error.ts';
import type { Frame, ObservableSystem } from './frame.ts';

/**
 * What to read from a frame: a population, a variable and optionally some indices (all by default).
 * Layers are numbered as in the paper: pyramidal 1…N (N = output), interneurons 1…N−1.
 */
export type ProbeSpec =
  | { population: 'pyramidal'; layer: number; variable: 'soma' | 'basal' | 'apical' | 'rate'; indices?: number[] }
  | { population: 'interneuron'; layer: number; variable: 'soma' | 'dendrite' | 'rate'; indices?: number[] }
  | { population: 'input'; variable: 'rate'; indices?: number[] }
  | { population: 'target'; variable: 'potential'; indices?: number[] }
  | SegmentProbeSpec;

/** Any declared segment of a system's state by its name (segment-layout.ts), e.g. `trace of W^up_1`. */
export interface SegmentProbeSpec {
  segment: string;
  indices?: number[];
  population?: never;
}

/** A probe resolved against a system: reads `width` numbers from a frame without allocating. */
export class Probe {
  readonly width: number;
  readonly label: string;
  private readonly indices: Int32Array;
  private readonly arrayOf: (frame: Frame) => Float64Array;
  private readonly offset: number;

  constructor(
    readonly spec: ProbeSpec,
    system: ObservableSystem,
    field = 'probe',
  ) {
    if (spec.population === undefined) {
      const segment = system.segments.segments.find((s) => s.name === spec.segment);
      if (segment === undefined) {
        throw new InputError(`${field}.segment`, `expected one of ${system.segments.segments.map((s) => `"${s.name}"`).join(', ')}; got "${spec.segment}"`);
      }
      this.arrayOf = (f) => f.state;
      [this.offset, this.indices] = [segment.offset, checkedIndices(spec.indices, segment.length, field)];
      this.width = this.indices.length;
      this.label = spec.segment;
      return;
    }
    if (!(system instanceof Microcircuit)) {
      throw new InputError(`${field}.population`, 'populations are a microcircuit\'s; probe this system by { segment: name }');
    }
    const circuit = system;
    const L = circuit.layout;
    const s = circuit.observedSignals;
    const N = circuit.shape.depth;
    const checkLayer = (layer: number, max: number, what: string) => {
      if (!Number.isInteger(layer) || layer < 1 || layer > max) {
        throw new InputError(`${field}.layer`, `expected a ${what} layer from 1 to ${max}, got ${layer}`);
      }
    };
    let size: number;
    let offset = 0;
    switch (spec.population) {
      case 'pyramidal': {
        checkLayer(spec.layer, N, 'pyramidal');
        const l = spec.layer - 1;
        size = L.pyramidal[l].length;
        const v = spec.variable;
        if (v === 'apical' && spec.layer === N) {
          throw new InputError(`${field}.variable`, 'output pyramidal cells have no apical compartment; probe a hidden layer');
        }
        if (v === 'soma') {
          this.arrayOf = (f) => f.state;
          offset = L.pyramidal[l].offset;
        }
        else if (v === 'basal') this.arrayOf = (f) => (f.ensureSignals(), s.basal[l]);
        else if (v === 'apical') this.arrayOf = (f) => (f.ensureSignals(), s.apical[l]);
        else if (v === 'rate') this.arrayOf = (f) => (f.ensureSignals(), s.rates[l]);
        else throw new InputError(`${field}.variable`, `expected soma, basal, apical or rate, got ${String(v)}`);
        break;
      }
      case 'interneuron': {
        checkLayer(spec.layer, N - 1, 'hidden (interneuron)');
        const h = spec.layer - 1;
        size = L.interneuron[h].length;
        const v = spec.variable;
        if (v === 'soma') {
          this.arrayOf = (f) => f.state;
          offset = L.interneuron[h].offset;
        }
        else if (v === 'dendrite') this.arrayOf = (f) => (f.ensureSignals(), s.interneuronDendrite[h]);
        else if (v === 'rate') this.arrayOf = (f) => (f.ensureSignals(), s.interneuronRates[h]);
        else throw new InputError(`${field}.variable`, `expected soma, dendrite or rate, got ${String(v)}`);
        break;
      }
      case 'input':
        size = L.input.length;
        this.arrayOf = (f) => f.state;
        offset = L.input.offset;
        break;
      case 'target':
        size = L.target.length;
        this.arrayOf = (f) => f.state;
        offset = L.target.offset;
        break;
      default:
        throw new InputError(`${field}.population`, `expected pyramidal, interneuron, input or target, got ${String((spec as { population: unknown }).population)}`);
    }
    this.offset = offset;
    this.indices = checkedIndices(spec.indices, size, field);
    this.width = this.indices.length;
    const where = 'layer' in spec ? ` ${spec.layer}` : '';
    this.label = `${spec.population}${where} ${spec.variable}`;
  }

  /** out[off + j] = the variable at indices[j], for the frame's time. */
  read(frame: Frame, out: Float64Array, off: number): void {
    const array = this.arrayOf(frame);
    const idx = this.indices;
    const base = this.offset;
    for (let j = 0; j < idx.length; j++) out[off + j] = array[base + idx[j]];
  }
}

/** The indices a probe reads (all of a segment of `size` by default), each checked. */
function checkedIndices(indices: readonly number[] | undefined, size: number, field: string): Int32Array {
  const idx = indices ?? Array.from({ length: size }, (_, i) => i);
  idx.forEach((i, j) => {
    if (!Number.isInteger(i) || i < 0 || i >= size) {
      throw new InputError(`${field}.indices[${j}]`, `expected an index from 0 to ${size - 1}, got ${i}`);
    }
  });
  return Int32Array.from(idx);
}
