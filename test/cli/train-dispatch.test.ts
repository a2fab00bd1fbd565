import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/input-error.ts';
import { chooseTrainer } from '../../src/cli/train-dispatch.ts';

/** commander's defaults of `npm run train`. */
const defaults = { mode: 'steady', lrDecay: '1', seed: '0' };

describe('chooseTrainer', () => {
  it('sends the sequence tasks to the recurrent trainer and the rest to the feed-forward one', () => {
    expect(chooseTrainer({ ...defaults, data: 'row-mnist', units: '10', clip: '1' })).toBe('recurrent');
    expect(chooseTrainer({ ...defaults, data: 'seq-mnist', checkpointEvery: '5' })).toBe('recurrent');
    expect(chooseTrainer({ ...defaults, data: 'brown' })).toBe('recurrent');
    expect(chooseTrainer({ ...defaults, data: 'mnist', upLrScale: '30,1' })).toBe('feedforward');
    expect(chooseTrainer({ ...defaults, data: undefined })).toBe('feedforward');
  });

  it.each([
    [{ data: 'row-mnist', mode: 'full' }, '--mode'],
    [{ data: 'row-mnist', lrDecay: '0.5' }, '--lr-decay'],
    [{ data: 'seq-mnist', upLrScale: '2' }, '--up-lr-scale'],
    [{ data: 'mnist', units: '10' }, '--units'],
    [{ data: 'yinyang', clip: '1' }, '--clip'],
    [{ data: 'idx:x', checkpointEvery: '2' }, '--checkpoint-every'],
    [{ data: 'mnist', layers: '2' }, '--layers'],
    [{ data: 'mnist', bptt: '35' }, '--bptt'],
  ])('refuses an option the chosen trainer does not read: %o', (raw, flag) => {
    expect(() => chooseTrainer({ ...defaults, ...raw })).toThrow(InputError);
    expect(() => chooseTrainer({ ...defaults, ...raw })).toThrow(new RegExp(`^${flag}:`));
  });
});
