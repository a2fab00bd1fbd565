import { createHash } from 'node:crypto';

/**
 * JSON with the keys of every object sorted, so that two documents that are equal as JSON values
 * give the same text whatever order their fields were written in. Numbers print as JavaScript
 * prints them (the shortest text that reads back to the same double), so equal doubles give equal
 * text.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The identity of a sweep point: the first 16 hex digits (64 bits) of the SHA-256 of its resolved
 * experiment's canonical JSON. Equal experiments hash equal across sweeps, machines and runs, which
 * is what lets a rerun skip the points it already has. (`.npy` weight files are named, not read:
 * the hash covers their paths, not their contents.)
 */
export function pointHash(experiment: unknown): string {
  return createHash('sha256').update(canonicalJson(experiment)).digest('hex').slice(0, 16);
}
