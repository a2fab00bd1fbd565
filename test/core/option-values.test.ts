import { describe, expect, it } from 'vitest';
import { choiceOption, integerOption, positiveOption } from '../../src/core/option-values.ts';
import { messageThrownBy } from '../helpers/thrown.ts';

const refusal = messageThrownBy;

describe('trainer option values', () => {
  it('integerOption: absent is undefined; integers ≥ least pass; blanks, fractions, negatives and overflow are refused naming the option', () => {
    expect(integerOption('--seed', undefined, 0)).toBeUndefined();
    expect(integerOption('--seed', '0', 0)).toBe(0);
    expect(integerOption('--epochs', ' 12 ', 1)).toBe(12);
    expect(refusal(() => integerOption('--epochs', '0', 1))).toBe('--epochs: expected a positive integer, got "0"');
    expect(refusal(() => integerOption('--seed', '-1', 0))).toBe('--seed: expected a non-negative integer, got "-1"');
    for (const bad of ['', '  ', '2.5', 'abc', '1e300']) expect(refusal(() => integerOption('--batch', bad, 1))).toMatch(/^--batch: expected a positive integer, got /);
  });

  it('positiveOption: finite numbers > 0, or ≥ 0 with allowZero', () => {
    expect(positiveOption('--lr', '1e-3', false)).toBe(0.001);
    expect(positiveOption('--clip', '0', true)).toBe(0);
    expect(refusal(() => positiveOption('--lr', '0', false))).toBe('--lr: expected a positive number, got "0"');
    expect(refusal(() => positiveOption('--clip', '-0.5', true))).toBe('--clip: expected a non-negative number, got "-0.5"');
    for (const bad of ['', 'NaN', 'Infinity', '1e400']) expect(refusal(() => positiveOption('--lr', bad, false))).toMatch(/^--lr: expected a positive number/);
  });

  it('choiceOption: one of the allowed values, the fallback when absent, else a refusal listing them', () => {
    expect(choiceOption('--mode', 'full', ['steady', 'full'])).toBe('full');
    expect(choiceOption('--mode', undefined, ['steady', 'full'], 'steady')).toBe('steady');
    expect(refusal(() => choiceOption('--model', undefined, ['lstm', 'sublstm']))).toBe('--model: missing; expected one of lstm, sublstm');
    expect(refusal(() => choiceOption('--model', 'gru', ['lstm', 'sublstm']))).toBe('--model: unknown value "gru"; expected one of lstm, sublstm');
  });
});
