import { readdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../core/input-error.ts';
import { isSpecialFile, lstatOrNull, makeFolder, realTarget, statOrNull } from './output-path.ts';

/**
 * Writes a whole file or nothing: the content goes to a temporary file `<name>.<pid>.tmp` beside
 * the target, which is then renamed over it, so a failed run never leaves a half-written result
 * behind. Temporary files that a killed process left beside the target are removed first (their
 * process id is no longer running). A symbolic link is written through (its target is replaced,
 * the link stays), and a pipe or device (`/dev/stdout`) is written to directly: neither is ever
 * replaced by a regular file.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const fail = (e: unknown) => new InputError(path, `cannot write the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  const stats = statOrNull(path);
  if (stats !== null && stats.isDirectory()) throw new InputError(path, 'is a folder; expected a file path');
  if (stats !== null && isSpecialFile(stats)) {
    try {
      writeFileSync(path, content);
    } catch (e) {
      throw fail(e);
    }
    return;
  }
  const link = lstatOrNull(path);
  const target = link !== null && link.isSymbolicLink() ? realTarget(path) : path;
  makeFolder(dirname(target), path);
  sweepStaleTemporaries(target);
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, target);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Nothing was created (the folder is unusable): the write's own error is the one to report.
    }
    throw fail(e);
  }
}

/** Removes `<name>.<pid>.tmp` files beside `target` whose process no longer runs. */
export function sweepStaleTemporaries(target: string): void {
  const folder = dirname(target);
  const prefix = `${basename(target)}.`;
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length, -'.tmp'.length));
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || isRunning(pid)) continue;
    try {
      unlinkSync(join(folder, name));
    } catch {
      // Another process removed it first, or it is not ours to remove: either way it is not in the way.
    }
  }
}

/** True if a process with this id runs (EPERM: it runs under another user). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
