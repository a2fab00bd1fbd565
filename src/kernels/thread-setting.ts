import { InputError } from '../core/input-error.ts';

/**
 * How many threads a circuit's kernels run on: 1, 2, or 'auto' (2 from AUTO_MIN_SYNAPSES synapses
 * on, 1 below). Two threads need the wasm kernels and WebAssembly threads; where either is
 * missing the kernels run on one thread, without a word (kernel-memory.ts).
 */
export type ThreadSetting = 1 | 2 | 'auto';

/**
 * 'auto' chooses two threads from this many synapses (all weight matrices' entries) on. The
 * 30-50-10 circuit has 4,000 (a step of a few microseconds: a hand-over per kernel would cost
 * more than it saves), 784-500-500-10 has 1.16 million (bench/threads.ts measures both). The
 * threshold lies between these two sizes; it is not a measured crossover.
 */
export const AUTO_MIN_SYNAPSES = 100000;

/** The thread count a setting asks for, given the circuit's synapse count; `field` names the setting in errors. */
export function requestedThreads(setting: unknown, synapses: number, field = 'threads'): 1 | 2 {
  if (setting === 1 || setting === 2) return setting;
  if (setting === 'auto') return synapses >= AUTO_MIN_SYNAPSES ? 2 : 1;
  throw new InputError(field, `expected 1, 2 or "auto", got ${JSON.stringify(setting)}`);
}
