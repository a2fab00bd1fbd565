import { basename } from 'node:path';
import type { NpyFloatDtype } from '../../io/npy.ts';
import { NpyStreamWriter } from '../../io/npy-stream-writer.ts';
import { writeFileAtomic } from '../../io/write-file-atomic.ts';
import type { Frame } from '../frame.ts';
import type { Probe } from '../probe.ts';
import { FrameSink } from './frame-sink.ts';

export interface NpySinkOptions {
  /** '<f8' (float64, default) or '<f4' (float32). */
  dtype?: NpyFloatDtype;
  /** Bytes of rows gathered before they go to the file (default 64 KiB; at least one row). */
  bufferBytes?: number;
}

const DEFAULT_BUFFER_BYTES = 1 << 16;

/**
 * Records probes into one 2-d `.npy` array, frames × (1 + Σ widths), loadable by `numpy.load`,
 * with a sidecar `<name>.columns.json` naming the columns and probes. Rows are gathered in a
 * fixed block and handed to an NpyStreamWriter a block at a time. On `error` (as on `complete`)
 * the file is closed and its header rewritten with the rows written so far, so a failed run
 * leaves a valid array of every frame before the failure.
 */
export class NpySink extends FrameSink {
  /** Where the column names went. */
  readonly columnsPath: string;
  private readonly writer: NpyStreamWriter;
  private readonly block: Float64Array;
  private rowsInBlock = 0;

  constructor(path: string, probes: readonly Probe[], options: NpySinkOptions = {}) {
    super(path, probes);
    const dtype = options.dtype ?? '<f8';
    const rows = Math.max(1, Math.floor((options.bufferBytes ?? DEFAULT_BUFFER_BYTES) / (8 * this.rowLength)));
    this.block = new Float64Array(rows * this.rowLength);
    this.writer = NpyStreamWriter.open(path, this.rowLength, dtype, rows * this.rowLength * (dtype === '<f8' ? 8 : 4));
    this.columnsPath = `${path.replace(/\.npy$/, '')}.columns.json`;
    let start = 1;
    const sidecar = {
      file: basename(path),
      dtype,
      columns: this.columns,
      probes: probes.map((p, k) => {
        const entry = { key: this.probeKeys[k], spec: p.spec, start, width: p.width };
        start += p.width;
        return entry;
      }),
    };
    try {
      writeFileAtomic(this.columnsPath, `${JSON.stringify(sidecar, null, 2)}\n`);
    } catch (err) {
      this.writer.close();
      throw err;
    }
  }

  protected writeFrame(frame: Frame): void {
    this.readRow(frame, this.block, this.rowsInBlock * this.rowLength);
    if (++this.rowsInBlock * this.rowLength === this.block.length) this.writeBlock();
  }

  protected closeFile(): void {
    this.writeBlock();
    this.writer.close();
  }

  private writeBlock(): void {
    if (this.rowsInBlock === 0) return;
    const n = this.rowsInBlock;
    this.rowsInBlock = 0;
    this.writer.appendRows(this.block.subarray(0, n * this.rowLength));
  }
}
