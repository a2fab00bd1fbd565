import { InputError } from '../core/input-error.ts';

/** The three parts of the bp-lambda example (issue 16's tasks). */
export const BP_LAMBDA_PARTS = ['line-draw', 'row-mnist', 'copy-repeat'] as const;
export type BpLambdaPart = (typeof BP_LAMBDA_PARTS)[number];

/**
 * The `--variant` names of bp-lambda, the default first: `all` runs the three parts, a part's name
 * runs that part, and `row-mnist:<units>` / `copy-repeat:<units>` one table of it.
 */
export const BP_LAMBDA_VARIANTS = ['all', ...BP_LAMBDA_PARTS, 'row-mnist:<units>', 'copy-repeat:<units>'] as const;

/** Whether `variant` names a single table, `row-mnist:<units>` or `copy-repeat:<units>` with whole units. */
export const isBpLambdaTableVariant = (variant: string): boolean => /^(row-mnist|copy-repeat):[1-9]\d*$/.test(variant);

/** The parts a `--variant` selects and the table size it names (null for every size); an InputError otherwise. */
export function bpLambdaSelection(variant: string | undefined): { parts: readonly BpLambdaPart[]; units: number | null } {
  if (variant === undefined || variant === 'all') return { parts: BP_LAMBDA_PARTS, units: null };
  if ((BP_LAMBDA_PARTS as readonly string[]).includes(variant)) return { parts: [variant as BpLambdaPart], units: null };
  if (isBpLambdaTableVariant(variant)) {
    const [part, units] = variant.split(':');
    return { parts: [part as BpLambdaPart], units: Number(units) };
  }
  throw new InputError('--variant', `expected all, ${BP_LAMBDA_PARTS.join(', ')}, row-mnist:<units> or copy-repeat:<units>, got "${variant}"`);
}
