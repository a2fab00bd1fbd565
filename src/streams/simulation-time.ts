import { Observable, type MonoTypeOperatorFunction, type OperatorFunction } from 'rxjs';
import { InputError } from '../core/input-error.ts';
import { Frame } from './frame.ts';

/** Anything stamped with a simulation time t (ms): frame snapshots, probe samples, frames. */
export interface Timed {
  readonly t: number;
}

/**
 * Simulation-time counterparts of rxjs's wall-clock operators (`throttleTime`, `sampleTime`,
 * `bufferTime`). A simulation runs synchronously, so wall-clock operators see no time pass between
 * frames (sampleTime emits nothing, throttleTime only the first); these count the items' own
 * simulation time instead. Operators that keep an item for later (`sampleSim`, `bufferSim`) refuse
 * raw frames, which are reused: pipe `snapshot()` or `probeSamples()` first.
 */
function checkPeriod(name: string, period: number): void {
  if (!(period > 0) || !Number.isFinite(period)) throw new InputError(`${name}(period)`, `expected a positive simulation time in ms, got ${period}`);
}

/** The error for a raw frame given to an operator that keeps items, or null. */
function keptFrameError(name: string, item: Timed): InputError | null {
  return item instanceof Frame
    ? new InputError(name, 'keeps items for later, but frames are reused from one emission to the next; pipe snapshot() or probeSamples() before it')
    : null;
}

/** The first item, then none until `period` ms of simulation time have passed since the last one let through. */
export function throttleSim<T extends Timed>(period: number): MonoTypeOperatorFunction<T> {
  checkPeriod('throttleSim', period);
  return (source) =>
    new Observable<T>((subscriber) => {
      let next = -Infinity;
      return source.subscribe({
        next(item) {
          if (item.t < next) return;
          next = item.t + period;
          subscriber.next(item);
        },
        error: (e) => subscriber.error(e),
        complete: () => subscriber.complete(),
      });
    });
}

/** Slack, in units of the period, when an item's time is compared with a grid time (frame times carry rounding). */
const GRID_SLACK = 1e-9;

/**
 * At each grid time t₀ + k·period (t₀: the first item's time), the latest item at or before it, if
 * one arrived since the last emission (rxjs `sampleTime` on simulation time). An item on a grid
 * time is emitted at once; otherwise the latest is emitted when a later item shows that the grid
 * time has passed.
 */
export function sampleSim<T extends Timed>(period: number): MonoTypeOperatorFunction<T> {
  checkPeriod('sampleSim', period);
  const eps = GRID_SLACK * period;
  return (source) =>
    new Observable<T>((subscriber) => {
      let origin = Number.NaN;
      let k = 0;
      let latest: T | null = null;
      return source.subscribe({
        next(item) {
          const refused = keptFrameError('sampleSim', item);
          if (refused !== null) return subscriber.error(refused);
          if (Number.isNaN(origin)) origin = item.t;
          while (item.t > origin + k * period + eps) {
            if (latest !== null) subscriber.next(latest);
            latest = null;
            k = Math.max(k + 1, Math.ceil((item.t - origin - eps) / period));
          }
          if (item.t >= origin + k * period - eps) {
            subscriber.next(item);
            latest = null;
            k++;
          } else {
            latest = item;
          }
        },
        error: (e) => subscriber.error(e),
        complete: () => subscriber.complete(),
      });
    });
}

/** Items in windows [t₀ + k·period, t₀ + (k+1)·period) of simulation time, as arrays (rxjs `bufferTime`); the last window on completion. */
export function bufferSim<T extends Timed>(period: number): OperatorFunction<T, T[]> {
  checkPeriod('bufferSim', period);
  const eps = GRID_SLACK * period;
  return (source) =>
    new Observable<T[]>((subscriber) => {
      let origin = Number.NaN;
      let k = 0;
      let buffer: T[] = [];
      return source.subscribe({
        next(item) {
          const refused = keptFrameError('bufferSim', item);
          if (refused !== null) return subscriber.error(refused);
          if (Number.isNaN(origin)) origin = item.t;
          while (item.t >= origin + (k + 1) * period - eps) {
            subscriber.next(buffer);
            buffer = [];
            k++;
          }
          buffer.push(item);
        },
        error: (e) => subscriber.error(e),
        complete: () => {
          if (buffer.length > 0) subscriber.next(buffer);
          subscriber.complete();
        },
      });
    });
}
