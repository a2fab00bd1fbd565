import { z } from 'zod';
import { InputError } from '../core/input-error.ts';
import { parseTrainOptions, type RawTrainOptions, type TrainOptions } from '../training/train-options.ts';

/**
 * A sweep base that trains instead of simulating: `{"train": {…}}` with the options of
 * `npm run train` as JSON fields (`limitTrain` for `--limit-train`, numbers as numbers,
 * `upLrScale` as a list). Axes address them as `/train/lr`, `/train/seed`, …
 */
export const trainConfigSchema = z.strictObject({
  data: z.string().min(1),
  model: z.string().min(1),
  mode: z.string().default('steady'),
  epochs: z.number().int().positive(),
  seed: z.number().int().nonnegative().default(0),
  batch: z.number().int().positive().optional(),
  lr: z.number().positive().optional(),
  lrDecay: z.number().positive().max(1).default(1),
  upLrScale: z.array(z.number().positive()).min(1).optional(),
  optimizer: z.string().optional(),
  limitTrain: z.number().int().positive().optional(),
  limitTest: z.number().int().positive().optional(),
});

export const trainBaseSchema = z.strictObject({ train: trainConfigSchema });

export type TrainBase = z.output<typeof trainBaseSchema>;

/** Whether a sweep base or point document is a training configuration. */
export function isTrainDocument(doc: unknown): boolean {
  return doc !== null && typeof doc === 'object' && !Array.isArray(doc) && Object.hasOwn(doc, 'train');
}

/** `--lr-decay` → `train.lrDecay`: the command line's option names as the sweep file's fields. */
function fieldOf(option: string): string {
  return option.startsWith('--') ? `train.${option.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())}` : option;
}

/** The checked options of `npm run train` for a resolved training base, writing to `out`. */
export function trainOptionsOf(base: TrainBase, out: string): TrainOptions {
  const t = base.train;
  const text = (v: number | undefined) => (v === undefined ? undefined : String(v));
  const raw: RawTrainOptions = {
    data: t.data,
    model: t.model,
    mode: t.mode,
    epochs: String(t.epochs),
    seed: String(t.seed),
    batch: text(t.batch),
    lr: text(t.lr),
    lrDecay: String(t.lrDecay),
    upLrScale: t.upLrScale?.join(','),
    optimizer: t.optimizer,
    out,
    limitTrain: text(t.limitTrain),
    limitTest: text(t.limitTest),
  };
  try {
    return parseTrainOptions(raw);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(fieldOf(e.field), e.problem);
    throw e;
  }
}
