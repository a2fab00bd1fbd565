import { describe, expect, it } from 'vitest';
import { isRecurrentData, LANGUAGE_MODEL_DEFAULTS, parseRecurrentTrainOptions, PIXEL_CHECKPOINT_EVERY, RECURRENT_DEFAULTS, type RawRecurrentTrainOptions } from '../../../src/recurrent/training/recurrent-train-options.ts';
import { messageThrownBy } from '../../helpers/thrown.ts';

const base: RawRecurrentTrainOptions = { data: 'row-mnist', model: 'sublstm', epochs: '2' };

/** The flag an InputError names (its `field`, or the message's start). */
const refusal = (raw: RawRecurrentTrainOptions): string => messageThrownBy(() => parseRecurrentTrainOptions(raw));

describe('parseRecurrentTrainOptions', () => {
  it('fills the paper\'s defaults (RMSProp with momentum, lr 1e-3, batch 50, clip 1, 100 units)', () => {
    const o = parseRecurrentTrainOptions(base);
    expect(o).toMatchObject({ data: 'row-mnist', model: 'sublstm', epochs: 2, units: 100, batch: 50, lr: 1e-3, optimizer: 'rmsprop', clip: 1, seed: 0, checkpointEvery: 0, resume: false });
    expect(o.out).toBe('out/train-recurrent/row-mnist-sublstm-u100-seed0');
    expect(RECURRENT_DEFAULTS.momentum).toBe(0.9);
    expect(parseRecurrentTrainOptions({ ...base, data: 'seq-mnist' })).toMatchObject({ checkpointEvery: PIXEL_CHECKPOINT_EVERY, lr: 1e-4 });
  });

  it('reads every option', () => {
    const o = parseRecurrentTrainOptions({ ...base, model: 'fix-sublstm', units: '7', seed: '3', batch: '5', lr: '0.01', optimizer: 'adam', clip: '0', checkpointEvery: '4', limitTrain: '30', limitTest: '10', out: 'x', resume: true });
    expect(o).toMatchObject({ model: 'fix-sublstm', units: 7, seed: 3, batch: 5, lr: 0.01, optimizer: 'adam', clip: 0, checkpointEvery: 4, limitTrain: 30, limitTest: 10, out: 'x', resume: true });
  });

  it.each([
    [{ data: undefined }, '--data'],
    [{ data: 'mnist' }, '--data'],
    [{ model: 'gru' }, '--model'],
    [{ model: undefined }, '--model'],
    [{ epochs: undefined }, '--epochs'],
    [{ epochs: '0' }, '--epochs'],
    [{ units: '1.5' }, '--units'],
    [{ units: '0' }, '--units'],
    [{ seed: '-1' }, '--seed'],
    [{ batch: '' }, '--batch'],
    [{ lr: '0' }, '--lr'],
    [{ lr: 'fast' }, '--lr'],
    [{ lr: 'Infinity' }, '--lr'],
    [{ optimizer: 'sgd' }, '--optimizer'],
    [{ clip: '-1' }, '--clip'],
    [{ clip: 'NaN' }, '--clip'],
    [{ checkpointEvery: '2.5' }, '--checkpoint-every'],
    [{ limitTrain: '0' }, '--limit-train'],
    [{ limitTest: 'all' }, '--limit-test'],
    [{ layers: '2' }, '--layers'],
    [{ bptt: '35' }, '--bptt'],
    [{ embedding: '8' }, '--embedding'],
    [{ data: 'brown', layers: '0' }, '--layers'],
    [{ data: 'brown', bptt: '1.5' }, '--bptt'],
    [{ data: 'brown', embedding: '-3' }, '--embedding'],
  ] as [Partial<RawRecurrentTrainOptions>, string][])('refuses %o naming %s', (change, flag) => {
    expect(refusal({ ...base, ...change })).toContain(flag);
  });

  it('fills the language-model defaults for brown: 2 layers, batch 20, BPTT 35, embedding = units', () => {
    const o = parseRecurrentTrainOptions({ ...base, data: 'brown', units: '10' });
    expect(o).toMatchObject({ data: 'brown', units: 10, layers: 2, batch: 20, bptt: 35, embedding: 10, lr: LANGUAGE_MODEL_DEFAULTS.lr, checkpointEvery: 100, optimizer: 'rmsprop', clip: 1 });
    expect(o.out).toBe('out/train-recurrent/brown-sublstm-u10x2-seed0');
    expect(parseRecurrentTrainOptions({ ...base, data: 'brown', layers: '3', bptt: '20', embedding: '16' })).toMatchObject({ layers: 3, bptt: 20, embedding: 16 });
    expect(parseRecurrentTrainOptions(base)).toMatchObject({ layers: 1, bptt: 0, embedding: 0 });
  });

  it('reads --precision: float64 by default, float32 for lstm, sublstm and fix-sublstm (own default folder), refused for unknown values', () => {
    expect(parseRecurrentTrainOptions(base).precision).toBe('float64');
    const o = parseRecurrentTrainOptions({ ...base, model: 'lstm', precision: 'float32' });
    expect(o.precision).toBe('float32');
    expect(o.out).toBe('out/train-recurrent/row-mnist-lstm-u100-f32-seed0');
    expect(parseRecurrentTrainOptions({ ...base, model: 'fix-sublstm', precision: 'float32' }).precision).toBe('float32');
    expect(refusal({ ...base, precision: 'half' })).toContain('--precision');
  });

  it('tells sequence tasks from the feed-forward data sets', () => {
    expect(['seq-mnist', 'row-mnist', 'brown'].map(isRecurrentData)).toEqual([true, true, true]);
    expect(['mnist', 'yinyang', 'idx:x', undefined].map(isRecurrentData)).toEqual([false, false, false, false]);
  });
});
