import { InputError } from '../core/input-error.ts';

/**
 * How many threads a circuit's kernels run on: 1 or 2. Two threads need the wasm kernels and
 * WebAssembly threads; where either is missing the kernels run on one thread, without a word
 * (kernel-memory.ts). There is no automatic choice: on the machine measured (bench/threads.ts,
 * README "Speed II: both cores") two threads were slower than one at every size.
 */
export type ThreadSetting = 1 | 2;

/** The thread count a setting asks for; `field` names the setting in errors. */
export function requestedThreads(setting: unknown, field = 'threads'): ThreadSetting {
  if (setting === 1 || setting === 2) return setting;
  throw new InputError(field, `expected 1 or 2, got ${JSON.stringify(setting)}`);
}
