import { InputError } from '../core/input-error.ts';

/**
 * How many threads a circuit's kernels run on: 1, 2, or 'auto' (the faster of the two for this
 * circuit on this machine, measured when the circuit is built: circuits/thread-choice.ts). Two
 * threads need the wasm kernels and WebAssembly threads; where either is missing the kernels run
 * on one thread, without a word (kernel-memory.ts). Results are bit-identical whichever runs.
 */
export type ThreadSetting = 1 | 2 | 'auto';

/** The setting, checked; `field` names it in errors. */
export function requestedThreads(setting: unknown, field = 'threads'): ThreadSetting {
  if (setting === 1 || setting === 2 || setting === 'auto') return setting;
  throw new InputError(field, `expected 1, 2 or "auto", got ${JSON.stringify(setting)}`);
}
