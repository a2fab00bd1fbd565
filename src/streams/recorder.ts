import type { Observer } from 'rxjs';
import type { Frame } from './frame.ts';
import type { Probe } from './probe.ts';

/**
 * Records probes from a frame stream into typed arrays: `times` and, per probe, a row-major
 * (frames × width) block. Storage doubles when full, so appending is amortised O(1) and frames
 * never become objects. Use as an observer: `simulation.frames(1).subscribe(recorder)`.
 */
export class Recorder implements Observer<Frame> {
  private timeBuffer: Float64Array;
  private readonly valueBuffers: Float64Array[];
  private count = 0;
  private finished = false;
  private failedWith: unknown = null;

  constructor(
    readonly probes: readonly Probe[],
    initialCapacity = 1024,
  ) {
    const cap = Math.max(1, Math.floor(initialCapacity));
    this.timeBuffer = new Float64Array(cap);
    this.valueBuffers = probes.map((p) => new Float64Array(cap * p.width));
  }

  next(frame: Frame): void {
    if (this.count === this.timeBuffer.length) this.grow();
    const n = this.count;
    this.timeBuffer[n] = frame.t;
    for (let p = 0; p < this.probes.length; p++) {
      const probe = this.probes[p];
      probe.read(frame, this.valueBuffers[p], n * probe.width);
    }
    this.count = n + 1;
  }

  error(err: unknown): void {
    this.failedWith = err;
    this.finished = true;
  }

  complete(): void {
    this.finished = true;
  }

  /** Number of frames recorded. */
  get length(): number {
    return this.count;
  }

  /** True once the stream completed or failed. */
  get done(): boolean {
    return this.finished;
  }

  /** The error the stream ended with, if any. */
  get failure(): unknown {
    return this.failedWith;
  }

  /** Frame times (a view, valid until the next append). */
  times(): Float64Array {
    return this.timeBuffer.subarray(0, this.count);
  }

  /** Values of probe p, (frames × width) row-major (a view, valid until the next append). */
  values(p: number): Float64Array {
    return this.valueBuffers[p].subarray(0, this.count * this.probes[p].width);
  }

  /** Probe p's column j over time (a copy). */
  series(p: number, j: number): Float64Array {
    const w = this.probes[p].width;
    const v = this.valueBuffers[p];
    const out = new Float64Array(this.count);
    for (let i = 0; i < this.count; i++) out[i] = v[i * w + j];
    return out;
  }

  /** Replace the contents with earlier recordings (a checkpoint): times and one block per probe. */
  restore(times: Float64Array, values: readonly Float64Array[]): void {
    if (values.length !== this.probes.length) throw new RangeError(`expected ${this.probes.length} value blocks, got ${values.length}`);
    this.count = 0;
    while (this.timeBuffer.length < times.length) this.grow();
    this.timeBuffer.set(times);
    values.forEach((v, p) => this.valueBuffers[p].set(v));
    this.count = times.length;
  }

  private grow(): void {
    const cap = this.timeBuffer.length * 2;
    const t = new Float64Array(cap);
    t.set(this.timeBuffer);
    this.timeBuffer = t;
    for (let p = 0; p < this.valueBuffers.length; p++) {
      const v = new Float64Array(cap * this.probes[p].width);
      v.set(this.valueBuffers[p]);
      this.valueBuffers[p] = v;
    }
  }
}
