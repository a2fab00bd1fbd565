/**
 * Scheduled actions at exact simulation times (pattern onsets, target on/off, learning on/off).
 * The simulation integrates up to the next event time, runs every action due then, and goes on,
 * so no integrator ever steps across an event. Actions at equal times run in scheduling order.
 */
interface ScheduledAction {
  readonly time: number;
  readonly order: number;
  readonly action: () => void;
}

export class EventQueue {
  private readonly heap: ScheduledAction[] = [];
  private counter = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Time of the earliest pending event, Infinity when none. */
  get nextTime(): number {
    return this.heap.length === 0 ? Infinity : this.heap[0].time;
  }

  schedule(time: number, action: () => void): void {
    if (!Number.isFinite(time)) throw new RangeError(`event time must be finite, got ${time}`);
    const heap = this.heap;
    heap.push({ time, order: this.counter++, action });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  /** Remove and return the earliest action (check `nextTime` first). */
  pop(): () => void {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l], heap[m])) m = l;
        if (r < heap.length && before(heap[r], heap[m])) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
    return top.action;
  }

  clear(): void {
    this.heap.length = 0;
  }
}

function before(a: ScheduledAction, b: ScheduledAction): boolean {
  return a.time < b.time || (a.time === b.time && a.order < b.order);
}
