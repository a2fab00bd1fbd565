import { InputError } from '../core/input-error.ts';
import { isRecurrentData, type RawRecurrentTrainOptions } from '../recurrent/training/recurrent-train-options.ts';
import type { RawTrainOptions } from '../training/train-options.ts';

/** Options that only one of the two trainers reads; the other refuses them. */
// --precision belongs to both trainers: the recurrent one and --mode full.
const RECURRENT_ONLY = ['units', 'clip', 'checkpointEvery', 'layers', 'bptt', 'embedding'] as const;
const FEEDFORWARD_ONLY = ['upLrScale'] as const;
const flag = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * Which trainer `npm run train` hands the command line to: the recurrent one for the sequence
 * tasks, the feed-forward one otherwise. An option the chosen trainer does not read is an
 * InputError naming it, so no flag is silently ignored. `mode` and `lrDecay` arrive with
 * commander's defaults ('steady', '1'), which are the only values a recurrent run accepts.
 */
export function chooseTrainer(raw: RawTrainOptions & RawRecurrentTrainOptions): 'recurrent' | 'feedforward' {
  if (isRecurrentData(raw.data)) {
    for (const key of FEEDFORWARD_ONLY) if (raw[key] !== undefined) throw new InputError(flag(key), `not an option of recurrent models (--data ${raw.data})`);
    if (raw.mode !== undefined && raw.mode !== 'steady') throw new InputError('--mode', `not an option of recurrent models (--data ${raw.data})`);
    if (raw.lrDecay !== undefined && raw.lrDecay !== '1') throw new InputError('--lr-decay', `not an option of recurrent models (--data ${raw.data})`);
    return 'recurrent';
  }
  for (const key of RECURRENT_ONLY) if (raw[key] !== undefined) throw new InputError(flag(key), 'an option of recurrent models only (--data seq-mnist, row-mnist or brown)');
  return 'feedforward';
}
