import type { Frame } from '../frame.ts';
import type { Probe } from '../probe.ts';
import { FrameSink } from './frame-sink.ts';
import { encodeText, TextChunkWriter, type TextSinkOptions } from './text-chunk-writer.ts';

const START = encodeText('{"t":');
const COMMA = encodeText(',');
const NULL = encodeText('null');
const CLOSE_ARRAY = encodeText(']');
const END = encodeText('}\n');

/**
 * Records probes as newline-delimited JSON, one object per frame:
 * `{"t":0.5,"pyramidal 1 soma":[…],…}` keyed by `probeKeys`. Numbers are the shortest text that
 * reads back to the same double; NaN and ±Infinity, which JSON cannot spell, are written as
 * `null` (as JSON.stringify does). On `error` the file is closed with every whole line written.
 */
export class NdjsonSink extends FrameSink {
  private readonly writer: TextChunkWriter;
  private readonly row: Float64Array;
  /** `,"<key>":[` before each probe's values. */
  private readonly openers: Uint8Array[];

  constructor(path: string, probes: readonly Probe[], options: TextSinkOptions = {}) {
    super(path, probes);
    this.row = new Float64Array(this.rowLength);
    this.openers = this.probeKeys.map((key) => encodeText(`,${JSON.stringify(key)}:[`));
    this.writer = new TextChunkWriter(path, options.bufferBytes);
  }

  protected writeFrame(frame: Frame): void {
    const row = this.row;
    const w = this.writer;
    this.readRow(frame, row, 0);
    w.bytes(START);
    w.number(row[0]);
    let col = 1;
    for (let p = 0; p < this.probes.length; p++) {
      w.bytes(this.openers[p]);
      for (let j = 0; j < this.probes[p].width; j++, col++) {
        if (j > 0) w.bytes(COMMA);
        const x = row[col];
        if (Number.isFinite(x)) w.number(x);
        else w.bytes(NULL);
      }
      w.bytes(CLOSE_ARRAY);
    }
    w.bytes(END);
  }

  protected closeFile(): void {
    this.writer.close();
  }
}
