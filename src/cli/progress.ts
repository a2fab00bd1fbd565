import type { Progress, ProgressExtra, ProgressFactory } from '../core/progress.ts';

/**
 * Progress of a long run, on stderr only (stdout carries results). On a terminal: a bar redrawn in
 * place with percentage, done/total, rate and ETA. Elsewhere (CI, pipes): a plain line at most
 * every 5 s. Nothing at all before 2 s, so short runs and tests stay quiet.
 */

/** Where progress goes; `process.stderr` by default. */
export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  label: string;
  /** Units of work in the whole run; finite and positive. */
  total: number;
  /** Plural name of a unit, e.g. `patterns`. */
  unit: string;
  stream?: ProgressStream;
  /** No output at all; so is the environment variable `NO_PROGRESS=1`. */
  quiet?: boolean;
  /** Monotonic clock in milliseconds, injected by tests; `performance.now` by default. */
  now?: () => number;
}


/** Silence before the first output. */
const FIRST_OUTPUT_MS = 2000;
/** Least time between plain lines. */
const LINE_INTERVAL_MS = 5000;
/** Least time between redraws of the terminal bar. */
const REDRAW_INTERVAL_MS = 100;
/** Wanted time between clock reads, which sets how many `update` calls are skipped in between. */
const CHECK_INTERVAL_MS = 50;
/** Most `update` calls between clock reads, so a sudden slow-down delays output by at most this many calls. */
const MAX_STRIDE = 1000;
const BAR_WIDTH = 24;

const SILENT: Progress = { update() {}, finish() {} };

/** The command-line tools' progress: a terminal bar (or plain lines) on stderr; nothing with `quiet`. */
export function terminalProgress(quiet: boolean): ProgressFactory {
  return (request) => createProgress({ ...request, quiet });
}

export function createProgress(options: ProgressOptions): Progress {
  const { label, total, unit, stream = process.stderr, quiet = false, now = () => performance.now() } = options;
  if (!(Number.isFinite(total) && total > 0)) throw new RangeError(`createProgress: total must be finite and positive, got ${total}`);
  if (silenced(quiet)) return SILENT;
  return new Reporter(label, total, unit, stream, now);
}

/** True with `--quiet` or the environment variable `NO_PROGRESS` set (to anything but '' or '0'). */
function silenced(quiet: boolean): boolean {
  const disabled = process.env.NO_PROGRESS;
  return quiet || (disabled !== undefined && disabled !== '' && disabled !== '0');
}

/**
 * One line about the run on stderr, with the progress and silenced with it: what a run is about to
 * do when that explains a slow start or a result that would otherwise look like failure.
 */
export function progressNote(quiet: boolean, text: string, stream: ProgressStream = process.stderr): void {
  if (!silenced(quiet)) stream.write(`${text}\n`);
}

class Reporter implements Progress {
  private done = 0;
  private extra: ProgressExtra | undefined;
  private calls = 0;
  private stride = 1;
  private lastCheck: number;
  private nextOutput: number;
  private shown = false;
  private finished = false;
  private readonly start: number;
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly unit: string,
    private readonly stream: ProgressStream,
    private readonly now: () => number,
  ) {
    this.start = this.lastCheck = now();
    this.nextOutput = this.start + FIRST_OUTPUT_MS;
    this.tty = stream.isTTY === true;
  }

  update(done: number, extra?: ProgressExtra): void {
    if (this.finished) return;
    this.done = done;
    if (extra !== undefined) this.extra = extra;
    if (++this.calls < this.stride) return;

    const t = this.now();
    const dt = t - this.lastCheck;
    const stride = dt > 0 ? Math.round((this.calls * CHECK_INTERVAL_MS) / dt) : this.stride * 2;
    this.stride = Math.min(Math.max(stride, 1), MAX_STRIDE);
    this.calls = 0;
    this.lastCheck = t;
    if (t < this.nextOutput) return;

    this.nextOutput = t + (this.tty ? REDRAW_INTERVAL_MS : LINE_INTERVAL_MS);
    this.shown = true;
    const seconds = (t - this.start) / 1000;
    const rate = this.done / seconds;
    const fraction = Math.min(Math.max(this.done / this.total, 0), 1);
    const eta = rate > 0 ? formatDuration(Math.max(this.total - this.done, 0) / rate) : '?';
    const counts = `${Math.floor(fraction * 100)}% (${formatDone(this.done)}/${this.total} ${this.unit})`;
    const status = `${counts}, ${formatRate(rate)} ${this.unit}/s, ETA ${eta}${formatExtra(this.extra)}`;
    if (this.tty) {
      const filled = Math.round(fraction * BAR_WIDTH);
      this.redraw(`${this.label} ${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${status}`);
    } else {
      this.stream.write(`${this.label}: ${status}\n`);
    }
  }

  finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (!this.shown) return;
    const seconds = (this.now() - this.start) / 1000;
    const rate = formatRate(this.done / seconds);
    const summary = `${this.label}: ${this.done}/${this.total} ${this.unit} in ${formatDuration(seconds)}, ${rate} ${this.unit}/s`;
    const line = summary + formatExtra(this.extra);
    if (this.tty) {
      this.redraw(line);
      this.stream.write('\n');
    } else {
      this.stream.write(`${line}\n`);
    }
  }

  /** Overwrites the terminal line, cut to the terminal width so that it never wraps. */
  private redraw(line: string): void {
    const width = this.stream.columns;
    this.stream.write(`\r${width !== undefined && width > 1 ? line.slice(0, width - 1) : line}\x1b[K`);
  }
}

/** Whole units as they are; a fraction (progress within a slow unit) to one decimal: `3`, `2.4`. */
function formatDone(done: number): string {
  return Number.isInteger(done) ? String(done) : done.toFixed(1);
}

/** `45 s`, `3 min 05 s`, `2 h 07 min`. */
function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (s < 3600) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${pad(Math.floor(s / 60) % 60)} min`;
}

/** Whole units from 100 up, else three significant digits: `120`, `12.5`, `0.250`. */
function formatRate(rate: number): string {
  return rate >= 100 ? String(Math.round(rate)) : rate.toPrecision(3);
}

/** `, loss=0.01235, epoch=3`: integers as they are, other numbers to four significant digits. */
function formatExtra(extra: ProgressExtra | undefined): string {
  let text = '';
  for (const key in extra) {
    const value = extra[key];
    text += `, ${key}=${typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(4)) : value}`;
  }
  return text;
}
