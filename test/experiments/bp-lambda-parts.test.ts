import { describe, expect, it } from 'vitest';
import { BP_LAMBDA_PARTS, bpLambdaSelection } from '../../src/experiments/bp-lambda-parts.ts';

describe('bp-lambda --variant', () => {
  it('runs every part for all (the default) and for none given; one part or one table of it otherwise', () => {
    expect(bpLambdaSelection(undefined)).toEqual({ parts: BP_LAMBDA_PARTS, units: null });
    expect(bpLambdaSelection('all')).toEqual({ parts: BP_LAMBDA_PARTS, units: null });
    expect(bpLambdaSelection('copy-repeat')).toEqual({ parts: ['copy-repeat'], units: null });
    expect(bpLambdaSelection('row-mnist:15')).toEqual({ parts: ['row-mnist'], units: 15 });
  });

  it('refuses a part without tables by size, a size that is not a whole number, and unknown names, naming --variant', () => {
    for (const bad of ['line-draw:30', 'row-mnist:1.5', 'row-mnist:0', 'row-mnist:<units>', 'toy']) {
      expect(() => bpLambdaSelection(bad)).toThrow(`--variant: expected all, line-draw, row-mnist, copy-repeat, row-mnist:<units> or copy-repeat:<units>, got "${bad}"`);
    }
  });
});
