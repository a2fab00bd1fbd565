import type { Subscriber } from 'rxjs';
import type { StepObserver } from '../integrators/integrable-system.ts';
import { Frame, type ObservableSystem } from '../streams/frame.ts';

/** Slack, in units of a stream's spacing, when deciding that a frame is due. */
const DUE_SLACK = 1e-6;

/** One subscriber of `Simulation.frames(every)`: frames at start + k·every on simulation time. */
class FrameSampler {
  next: number;
  readonly frame: Frame;

  constructor(
    readonly every: number,
    readonly start: number,
    readonly subscriber: Subscriber<Frame>,
    system: ObservableSystem,
    private count: number,
  ) {
    this.next = start + count * every;
    this.frame = new Frame(system);
  }

  isDue(t: number): boolean {
    return t >= this.next - DUE_SLACK * this.every;
  }

  emit(t: number, y: Float64Array): void {
    this.frame.reset(t, this.count++, y);
    this.subscriber.next(this.frame);
    // Next grid time strictly after t (several grid times inside one step give one frame).
    const k = Math.floor((t - this.start) / this.every + DUE_SLACK) + 1;
    this.next = this.start + k * this.every;
  }
}

/**
 * Fans the integrator's samples out to the frame streams. With no subscriber the simulation
 * passes no observer to the integrator at all, so streaming then costs nothing.
 */
export class FrameDispatcher implements StepObserver {
  private samplers: FrameSampler[] = [];
  nextSampleTime = Infinity;

  constructor(private readonly system: ObservableSystem) {}

  get active(): boolean {
    return this.samplers.length > 0;
  }

  /** Frames at start + k·every for k = firstIndex, firstIndex + 1, …; returns the unsubscribe. */
  add(every: number, start: number, subscriber: Subscriber<Frame>, firstIndex = 0): () => void {
    const sampler = new FrameSampler(every, start, subscriber, this.system, firstIndex);
    this.samplers = [...this.samplers, sampler];
    this.refresh();
    return () => {
      this.samplers = this.samplers.filter((s) => s !== sampler);
      this.refresh();
    };
  }

  sample(t: number, y: Float64Array): void {
    for (const s of this.samplers) if (s.isDue(t)) s.emit(t, y);
    this.refresh();
  }

  complete(): void {
    for (const s of this.samplers) s.subscriber.complete();
  }

  error(err: unknown): void {
    for (const s of this.samplers) s.subscriber.error(err);
  }

  private refresh(): void {
    let next = Infinity;
    for (const s of this.samplers) next = Math.min(next, s.next);
    this.nextSampleTime = next;
  }
}
