import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError } from '../core/input-error.ts';

/**
 * Writes a whole file or nothing: the content goes to a temporary file beside the target, which is
 * then renamed over it, so a failed run never leaves a half-written result behind.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new InputError(path, `cannot write the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}
