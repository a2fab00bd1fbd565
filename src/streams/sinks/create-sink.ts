import { InputError } from '../../core/input-error.ts';
import type { Probe } from '../probe.ts';
import { CsvSink } from './csv-sink.ts';
import type { FrameSink } from './frame-sink.ts';
import { NdjsonSink } from './ndjson-sink.ts';
import { NpySink } from './npy-sink.ts';

export const SINK_FORMATS = ['npy', 'csv', 'ndjson'] as const;
export type SinkFormat = (typeof SINK_FORMATS)[number];

/** The sink for a format name, as the experiment file's `record.sink.format` spells it. */
export function createSink(format: SinkFormat, path: string, probes: readonly Probe[]): FrameSink {
  switch (format) {
    case 'npy':
      return new NpySink(path, probes);
    case 'csv':
      return new CsvSink(path, probes);
    case 'ndjson':
      return new NdjsonSink(path, probes);
    default:
      throw new InputError('format', `expected one of ${SINK_FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
  }
}
