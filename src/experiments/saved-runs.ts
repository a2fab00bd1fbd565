import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../io/write-file-atomic.ts';

/**
 * Resumable lists of runs: runs `compute` and saves its result as dir/<name>.json with `key`
 * beside it, unless `resume` is set and a file of that name holds the same key, in which case the
 * saved result is returned without computing. The key should hold everything the result depends
 * on (settings, seed), so a saved run of other settings is recomputed, never reused. An
 * interrupted sweep of runs thus continues from its last finished run.
 */
export function cachedRun<T>(dir: string, name: string, key: unknown, resume: boolean, compute: () => T): T {
  const file = `${dir}/${name.replace(/[^A-Za-z0-9.=-]+/g, '_')}.json`;
  const keyText = JSON.stringify(key);
  if (resume && existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { key: string; result: T };
    if (saved.key === keyText) return saved.result;
  }
  const result = compute();
  writeFileAtomic(file, JSON.stringify({ key: keyText, result }));
  return result;
}
