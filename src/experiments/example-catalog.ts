import type { Example } from './example.ts';
import { BP_LAMBDA_VARIANTS, isBpLambdaTableVariant } from './bp-lambda-parts.ts';
import { DSA_CURRICULUM_VARIANTS, parseCurriculumVariant } from './dsa-curriculum-settings.ts';
import { DSA_OPTIMIZERS } from './dsa-lorenz-settings.ts';
import { REGRESSION_SETTINGS } from './regression-settings.ts';
import { DEFAULT_SELF_PREDICTION_VARIANT, SELF_PREDICTION_VARIANTS } from './self-prediction-variants.ts';
import { SUBLSTM_VARIANTS } from './sublstm-settings.ts';

/** One runnable experiment of `npm run example`: how to load it and the variants it accepts. */
export interface CatalogEntry {
  /** Loads the experiment on demand (its imports take seconds; `--help` needs none of them). */
  readonly load: () => Promise<{ default: Example }>;
  /** Its `--variant` names, the default first; empty when it has no variants. */
  readonly variants: readonly string[];
  /** Variants with a parameter (listed in `variants` as e.g. `row-mnist:<units>`): whether `variant` is one. */
  readonly accepts?: (variant: string) => boolean;
}

/** The default first, then the other names in their declared order. */
const defaultFirst = (names: readonly string[], first: string) => [first, ...names.filter((n) => n !== first)];

/**
 * Every experiment of `npm run example`, by name. The variant lists are read from the settings
 * each experiment itself checks `--variant` against, so `--help` lists exactly what runs.
 */
export const EXAMPLE_CATALOG: Readonly<Record<string, CatalogEntry>> = {
  'self-prediction': {
    load: () => import('./self-prediction.ts'),
    variants: defaultFirst(Object.keys(SELF_PREDICTION_VARIANTS), DEFAULT_SELF_PREDICTION_VARIANT),
  },
  association: { load: () => import('./association.ts'), variants: [] },
  regression: { load: () => import('./regression.ts'), variants: Object.keys(REGRESSION_SETTINGS) },
  similarity: { load: () => import('./similarity.ts'), variants: Object.keys(REGRESSION_SETTINGS) },
  replay: { load: () => import('./replay.ts'), variants: [] },
  'dsa-lorenz': { load: () => import('./dsa-lorenz.ts'), variants: Object.keys(DSA_OPTIMIZERS) },
  'bp-lambda': { load: () => import('./bp-lambda.ts'), variants: BP_LAMBDA_VARIANTS, accepts: isBpLambdaTableVariant },
  sublstm: { load: () => import('./sublstm.ts'), variants: SUBLSTM_VARIANTS },
  'dsa-curriculum': { load: () => import('./dsa-curriculum.ts'), variants: DSA_CURRICULUM_VARIANTS, accepts: (v) => parseCurriculumVariant(v) !== undefined },
};
