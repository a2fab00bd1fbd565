import type { Observer } from 'rxjs';
import { InputError } from '../../core/input-error.ts';
import type { Frame } from '../frame.ts';
import type { Probe } from '../probe.ts';

/**
 * What the file sinks share: one row per frame (time, then every probe's values), the column
 * names, and the observer's life cycle. A sink never throws into the frame stream (rxjs would
 * only rethrow it later, outside the run): a failed write closes the file, later frames are
 * ignored, and the error is kept in `failure` for the owner to raise after the run.
 */
export abstract class FrameSink implements Observer<Frame> {
  /** Values per row: 1 (time) + the probes' widths. */
  readonly rowLength: number;
  /** Column names: `t`, then `<probe key>[i]` with i the neuron index. */
  readonly columns: readonly string[];
  /** One name per probe: its label, with ` (2)`, ` (3)`, … on repeats so that names are unique. */
  readonly probeKeys: readonly string[];
  private count = 0;
  private finished = false;
  private failedWith: unknown = null;

  constructor(
    readonly path: string,
    readonly probes: readonly Probe[],
  ) {
    if (probes.length === 0) throw new InputError('probes', `nothing to record into ${path}: expected at least one probe`);
    const seen = new Map<string, number>();
    this.probeKeys = probes.map((p) => {
      const n = (seen.get(p.label) ?? 0) + 1;
      seen.set(p.label, n);
      return n === 1 ? p.label : `${p.label} (${n})`;
    });
    const columns = ['t'];
    probes.forEach((p, k) => {
      for (let j = 0; j < p.width; j++) columns.push(`${this.probeKeys[k]}[${p.spec.indices?.[j] ?? j}]`);
    });
    this.columns = columns;
    this.rowLength = columns.length;
  }

  next(frame: Frame): void {
    if (this.finished) return;
    try {
      this.writeFrame(frame);
      this.count++;
    } catch (err) {
      this.fail(err);
    }
  }

  /** The stream failed: close the file, which keeps every whole row written so far readable. */
  error(err: unknown): void {
    this.fail(err);
  }

  complete(): void {
    if (this.finished) return;
    this.finished = true;
    try {
      this.closeFile();
    } catch (err) {
      this.failedWith = err;
    }
  }

  /** Frames written. */
  get length(): number {
    return this.count;
  }

  /** True once the stream completed or failed, or a write failed; the file is closed then. */
  get done(): boolean {
    return this.finished;
  }

  /** The stream's error or the failed write, if any. */
  get failure(): unknown {
    return this.failedWith;
  }

  /** out[offset] = t, then each probe's values. */
  protected readRow(frame: Frame, out: Float64Array, offset: number): void {
    out[offset] = frame.t;
    let col = offset + 1;
    for (let p = 0; p < this.probes.length; p++) {
      this.probes[p].read(frame, out, col);
      col += this.probes[p].width;
    }
  }

  /** Appends one row to the buffer (flushing it when full). */
  protected abstract writeFrame(frame: Frame): void;

  /** Flushes the buffered rows and closes the file. */
  protected abstract closeFile(): void;

  private fail(err: unknown): void {
    if (this.finished) return;
    this.finished = true;
    this.failedWith = err;
    try {
      this.closeFile();
    } catch {
      // The first error is the one to report; the file keeps what reached the disk.
    }
  }
}
