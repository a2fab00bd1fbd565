/**
 * The timing loops shared by bench/recurrent.ts and bench/compare-recurrent.ts: one recurrent
 * network on a fixed window (batch 20, input 28, windows of 100 steps, 10 classes), its inference
 * (forward only) and training step (forward, cross-entropy at the last step, backward, Adam), and
 * their rate in sequence steps (one sequence advancing one step) per second of this process's CPU
 * time (process.cpuUsage; on a shared machine wall time mostly measures the other processes); and
 * the training step and backward pass of pixel-by-pixel MNIST as `npm run train -- --data
 * seq-mnist` runs them (pixelMnistCase).
 */
import { classifyAtEndStep } from '../src/recurrent/training/classify-at-end-step.ts';
import { RECURRENT_DEFAULTS } from '../src/recurrent/training/recurrent-train-options.ts';

export const BATCH = 20;
export const INPUT = 28;
export const STEPS = 100;
export const CLASSES = 10;

/** The parts of RecurrentNetwork the loop uses (structural, so a network from another checkout fits). */
export interface TimedNetwork {
  parameters: Float64Array;
  gradients: Float64Array;
  forward(batch: { inputs: Float64Array; batchSize: number; steps: number }): void;
  loss(spec: { kind: 'cross-entropy'; at: 'last'; targets: Int32Array }): number;
  backward(): void;
}

/** An optimizer factory of the shape of src/core/optimizer.ts's adam. */
export type AdamFactory = (rate: number) => { step(p: Float64Array, g: Float64Array, t: number): void };

/** Inference and training step of one network on the fixed window; both run once (warm-up) before they are returned. */
export interface TimedCase {
  infer(): void;
  train(): void;
}

/** CPU seconds (user + system) this process has used. */
export function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** The fixed window: inputs sin(1.7·i) (deterministic, in [−1, 1]) and targets b mod 10. */
export function timingWindow(): { inputs: Float64Array; batchSize: number; steps: number; targets: Int32Array } {
  const inputs = new Float64Array(BATCH * STEPS * INPUT);
  for (let i = 0; i < inputs.length; i++) inputs[i] = Math.sin(1.7 * i);
  return { inputs, batchSize: BATCH, steps: STEPS, targets: Int32Array.from({ length: BATCH }, (_, b) => b % CLASSES) };
}

/** The inference and training closures of `net` (Adam, lr 1e-4), each run once. */
export function timedCase(net: TimedNetwork, adam: AdamFactory): TimedCase {
  const { targets, ...batch } = timingWindow();
  const opt = adam(1e-4);
  const infer = () => net.forward(batch);
  const train = () => {
    net.forward(batch);
    net.loss({ kind: 'cross-entropy', at: 'last', targets });
    net.backward();
    opt.step(net.parameters, net.gradients, 0);
  };
  infer();
  train();
  return { infer, train };
}

/** [per CPU second, per wall second] calls of `run`, called at least once and until ≥ minSeconds of CPU time. */
export function callRate(run: () => void, minSeconds: number): [number, number] {
  const start = cpuSeconds();
  const wallStart = performance.now();
  let calls = 0;
  let elapsed = 0;
  do {
    run();
    calls++;
    elapsed = cpuSeconds() - start;
  } while (elapsed < minSeconds);
  const wall = (performance.now() - wallStart) / 1000;
  return [calls / elapsed, calls / wall];
}

/** [per CPU second, per wall second] sequence steps of `run` (one window per call) over ≥ minSeconds of CPU time. */
export function seqStepRate(run: () => void, minSeconds: number): [number, number] {
  const [cpu, wall] = callRate(run, minSeconds);
  return [cpu * BATCH * STEPS, wall * BATCH * STEPS];
}

/** Pixel-by-pixel MNIST as `npm run train -- --data seq-mnist` trains it by default: batches of 50 digits, 784 steps of one pixel, 100 units. */
export const PIXEL_MNIST = { batch: RECURRENT_DEFAULTS.batch, steps: 784, input: 1, units: RECURRENT_DEFAULTS.units } as const;

/** One batch of digits as a network window and the class of each digit. */
export interface LabelledWindow {
  input: { inputs: Float64Array; batchSize: number; steps: number };
  labels: Int32Array;
}

/** Training step and backward pass of one network on pixel-by-pixel MNIST batches. */
export interface PixelMnistCase {
  /** The trainer's step on the next of the windows in turn: forward, cross-entropy at the last step, backward, clipping to global norm 1, the optimizer. */
  train(): void;
  /** Backpropagation alone through the last trained window (784 steps). */
  backward(): void;
}

/** The cases of `net` on `windows` with `optimizer` (RMSProp with momentum, as the trainer's); both run once (warm-up) before they are returned. */
export function pixelMnistCase(net: TimedNetwork, windows: readonly LabelledWindow[], optimizer: { step(p: Float64Array, g: Float64Array, t: number): void }): PixelMnistCase {
  let next = 0;
  const train = () => {
    const window = windows[next];
    next = (next + 1) % windows.length;
    classifyAtEndStep(net, window, optimizer, RECURRENT_DEFAULTS.clip);
  };
  const backward = () => net.backward();
  train();
  backward();
  return { train, backward };
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  return values.slice().sort((x, y) => x - y)[values.length >> 1];
}
