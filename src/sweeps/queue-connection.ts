import type { ConnectionOptions } from 'bullmq';
import { InputError } from '../core/input-error.ts';

/** The BullMQ queue sweeps use unless told otherwise (`--queue-name`). */
export const DEFAULT_QUEUE_NAME = 'dendritic-sweep-points';

/**
 * BullMQ connection options from a Redis URL: `redis://[user:password@]host:port[/db]`, or
 * `rediss://…` for TLS (ioredis reads user, password, database and TLS from the URL itself).
 * Lost connections are retried by ioredis with a growing delay (50 ms more per attempt, at most
 * 2 s), and every failed attempt is passed to `onRetry` so that it can be reported. After
 * `giveUpAfterMs` of failed attempts in a row (default: never) the connection ends and every
 * pending command fails and `onGiveUp` is called, so that a caller waiting on Redis gets an error
 * instead of a hang.
 */
export function queueConnection(
  url: string,
  onRetry: (attempt: number, delayMs: number) => void = () => {},
  giveUpAfterMs = Infinity,
  onGiveUp: () => void = () => {},
): ConnectionOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError('--queue', `expected a Redis URL such as redis://127.0.0.1:6379, got ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new InputError('--queue', `expected a redis:// or rediss:// URL, got ${JSON.stringify(url)}`);
  }
  return {
    url,
    // BullMQ's workers block on Redis; ioredis must not give up on their commands.
    maxRetriesPerRequest: null,
    retryStrategy: (attempt: number) => {
      // ioredis counts attempts from 1 after each successful connection; their delays sum to the outage so far.
      const waited = Array.from({ length: attempt - 1 }, (_, i) => Math.min((i + 1) * 50, 2000)).reduce((a, b) => a + b, 0);
      if (waited >= giveUpAfterMs) {
        onGiveUp();
        return null;
      }
      const delayMs = Math.min(attempt * 50, 2000);
      onRetry(attempt, delayMs);
      return delayMs;
    },
  };
}
