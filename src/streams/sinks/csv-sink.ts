import type { Frame } from '../frame.ts';
import type { Probe } from '../probe.ts';
import { FrameSink } from './frame-sink.ts';
import { encodeText, TextChunkWriter, type TextSinkOptions } from './text-chunk-writer.ts';

const COMMA = encodeText(',');
const NEWLINE = encodeText('\n');

/**
 * Records probes into a CSV file (readable by `readCsv`): a header `t,<probe key>[i],…`, then one
 * line per frame. Numbers are the shortest text that reads back to the same double (NaN and
 * ±Infinity as `NaN`, `Infinity`). On `error` the file is closed with every whole line written.
 */
export class CsvSink extends FrameSink {
  private readonly writer: TextChunkWriter;
  private readonly row: Float64Array;

  constructor(path: string, probes: readonly Probe[], options: TextSinkOptions = {}) {
    super(path, probes);
    this.row = new Float64Array(this.rowLength);
    this.writer = new TextChunkWriter(path, options.bufferBytes);
    this.writer.bytes(encodeText(`${this.columns.join(',')}\n`));
  }

  protected writeFrame(frame: Frame): void {
    const row = this.row;
    const w = this.writer;
    this.readRow(frame, row, 0);
    w.number(row[0]);
    for (let i = 1; i < row.length; i++) {
      w.bytes(COMMA);
      w.number(row[i]);
    }
    w.bytes(NEWLINE);
  }

  protected closeFile(): void {
    this.writer.close();
  }
}
