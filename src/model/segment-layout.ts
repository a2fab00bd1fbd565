/**
 * The declarative layout of a system's state vector. A model declares its groups — components that
 * share one linear decay rate and one noise intensity between events (integrable-system.ts) — and
 * its segments: named, contiguous pieces of the state (a population's somata, a filter, a plastic
 * matrix's trace), each in one group. Offsets, group ranges and the state's size are derived here
 * from that one list; nothing else counts them.
 */

/** Components that share one linear decay rate and one noise intensity. */
export interface StateGroup {
  readonly name: string;
  /** Whether white noise may act on this group (its intensity is then the model's σ). */
  readonly noisy: boolean;
}

/** A named piece of the state vector, of `length` components, in the group named `group`. */
export interface SegmentDeclaration {
  readonly name: string;
  readonly group: string;
  readonly length: number;
}

/** A declared segment with its place in the state vector. */
export interface PlacedSegment extends SegmentDeclaration {
  readonly offset: number;
  /** Index of its group in the layout's group order. */
  readonly groupIndex: number;
}

export class SegmentLayout {
  readonly groups: readonly StateGroup[];
  /** Segments in state order: by group, in group order, and within a group in declaration order. */
  readonly segments: readonly PlacedSegment[];
  /** Group g occupies [bounds[g], bounds[g + 1]) of the state vector. */
  readonly bounds: Int32Array;
  readonly size: number;
  private readonly byName: Map<string, PlacedSegment>;

  constructor(groups: readonly StateGroup[], declarations: readonly SegmentDeclaration[]) {
    const groupIndex = new Map<string, number>();
    groups.forEach((g, i) => {
      if (groupIndex.has(g.name)) throw new RangeError(`SegmentLayout: group "${g.name}" declared twice`);
      groupIndex.set(g.name, i);
    });
    this.groups = groups;
    this.bounds = new Int32Array(groups.length + 1);
    this.byName = new Map();
    const placed: PlacedSegment[] = [];
    let offset = 0;
    for (let g = 0; g < groups.length; g++) {
      this.bounds[g] = offset;
      for (const d of declarations) {
        if (d.group !== groups[g].name) continue;
        if (!(Number.isSafeInteger(d.length) && d.length >= 0)) throw new RangeError(`SegmentLayout: segment "${d.name}" has length ${d.length}`);
        if (this.byName.has(d.name)) throw new RangeError(`SegmentLayout: segment "${d.name}" declared twice`);
        const s: PlacedSegment = { ...d, offset, groupIndex: g };
        placed.push(s);
        this.byName.set(d.name, s);
        offset += d.length;
      }
    }
    for (const d of declarations) {
      if (!groupIndex.has(d.group)) throw new RangeError(`SegmentLayout: segment "${d.name}" names an undeclared group "${d.group}"`);
    }
    this.bounds[groups.length] = offset;
    this.segments = placed;
    this.size = offset;
  }

  get groupCount(): number {
    return this.groups.length;
  }

  /** The segment of that name; throws for a name that was not declared. */
  segment(name: string): PlacedSegment {
    const s = this.byName.get(name);
    if (s === undefined) throw new RangeError(`SegmentLayout: no segment "${name}"`);
    return s;
  }

  /** Index of the group of that name; throws for a name that was not declared. */
  groupIndex(name: string): number {
    const g = this.groups.findIndex((x) => x.name === name);
    if (g < 0) throw new RangeError(`SegmentLayout: no group "${name}"`);
    return g;
  }

  /** The name of the first segment of `y` (state order) that holds NaN or ±Infinity, or null. */
  firstNonFinite(y: Float64Array): string | null {
    for (const s of this.segments) {
      for (let i = s.offset; i < s.offset + s.length; i++) if (!Number.isFinite(y[i])) return s.name;
    }
    return null;
  }
}
