import { accessSync, constants, lstatSync, mkdirSync, realpathSync, rmdirSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../core/input-error.ts';

/**
 * Checks of output paths, made before a run does any work, so a bad path costs nothing and never
 * leaves half the outputs behind: the folder can be written (probed by creating and removing an
 * empty folder in the nearest existing ancestor, which catches read-only and pseudo file systems
 * such as /proc as well as permissions), no part of the way is a file, a file path is not a
 * folder, and no output is one of the run's inputs. Pipes, devices and symbolic links are
 * accepted: writes go through them (write-file-atomic.ts), they are never replaced.
 */

/** An input of the run, named for the message (`the experiment file`, `weights.up[0].npy`). */
export interface RunInput {
  readonly path: string;
  readonly what: string;
}

/** lstat of `path` (a link itself, not its target), or null when there is nothing there or it cannot be read. */
export function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

/** stat of `path` (through links), or null when there is nothing there or it cannot be read. */
export function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** True when both paths name one existing file (same device and inode, links followed). */
export function sameFile(a: string, b: string): boolean {
  const sa = statOrNull(a);
  const sb = statOrNull(b);
  return sa !== null && sb !== null && sa.dev === sb.dev && sa.ino === sb.ino;
}

/** True for a FIFO, character or block device or socket: written through, never replaced. */
export function isSpecialFile(s: Stats): boolean {
  return s.isFIFO() || s.isCharacterDevice() || s.isBlockDevice() || s.isSocket();
}

/** The nearest ancestor of `folder` (itself included) that exists; throws if it is not a folder. */
function nearestExisting(folder: string, field: string): string {
  let at = resolve(folder);
  for (;;) {
    const s = statOrNull(at);
    if (s !== null) {
      if (!s.isDirectory()) throw new InputError(field, `cannot write under ${at}: it is a file, not a folder`);
      return at;
    }
    const up = dirname(at);
    if (up === at) return at;
    at = up;
  }
}

/** Throws unless a folder can be created in `folder` (an existing folder). */
function probeWritable(folder: string, field: string): void {
  const probe = resolve(folder, `.write-probe-${process.pid}-${Math.random().toString(36).slice(2)}`);
  try {
    mkdirSync(probe);
  } catch (e) {
    throw new InputError(field, `cannot write in ${folder} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  rmdirSync(probe);
}

function refuseInputs(path: string, field: string, inputs: readonly RunInput[]): void {
  for (const input of inputs) {
    if (resolve(input.path) === resolve(path) || sameFile(path, input.path)) {
      throw new InputError(field, `${path} is ${input.what}, an input of this run; choose another output path`);
    }
  }
}

/** Checks an output file path (see the module comment); `field` names the option or field. */
export function checkOutputFile(path: string, field: string, inputs: readonly RunInput[] = []): void {
  if (path === '') throw new InputError(field, 'expected a file path, got an empty string');
  refuseInputs(path, field, inputs);
  const link = lstatOrNull(path);
  const target = link === null ? null : statOrNull(path);
  if (link !== null && link.isSymbolicLink() && target === null) throw new InputError(field, `${path} is a symbolic link to nothing; remove it or point it at a file`);
  if (target !== null && target.isDirectory()) throw new InputError(field, `${path} is a folder; expected a file path`);
  if (target !== null && isSpecialFile(target)) {
    try {
      accessSync(path, constants.W_OK);
    } catch (e) {
      throw new InputError(field, `cannot write to ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    return;
  }
  // A regular file (or a link to one) is replaced by a rename in its folder: that folder must be writable.
  const folder = dirname(realTarget(path));
  probeWritable(nearestExisting(folder, field), field);
}

/** Checks an output folder: absent (it will be created) or a folder, and writable. */
export function checkOutputFolder(path: string, field: string, inputs: readonly RunInput[] = []): void {
  if (path === '') throw new InputError(field, 'expected a folder path, got an empty string');
  refuseInputs(path, field, inputs);
  const s = statOrNull(path);
  if (s !== null && !s.isDirectory()) throw new InputError(field, `${path} is a file; expected a folder`);
  probeWritable(nearestExisting(path, field), field);
}

/** Where a symbolic link finally points (the file a write through it changes). */
export function realTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Creates `folder` and its missing ancestors, one level at a time. (Node's recursive mkdir loops
 * for ever on a path under /proc, where mkdir answers ENOENT; this stops at the first failure.)
 */
export function makeFolder(folder: string, field: string): void {
  const missing: string[] = [];
  let at = resolve(folder);
  for (;;) {
    const s = statOrNull(at);
    if (s !== null) {
      if (!s.isDirectory()) throw new InputError(field, `cannot create ${folder}: ${at} is a file, not a folder`);
      break;
    }
    missing.push(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  for (let i = missing.length - 1; i >= 0; i--) {
    try {
      mkdirSync(missing[i]);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && statOrNull(missing[i])?.isDirectory()) continue;
      throw new InputError(field, `cannot create the folder ${missing[i]} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
}
