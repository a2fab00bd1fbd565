/**
 * Typed access to odex 3.0.0-rc.4 (Hairer–Wanner ODEX, Gragg–Bulirsch–Stoer extrapolation).
 *
 * odex ships raw TypeScript without declarations, and its sources do not type-check as this
 * project's ES modules under `verbatimModuleSyntax`. Loading it through `createRequire` keeps tsc
 * away from its sources; the few signatures used here are declared below. The 3.0 prerelease is
 * pinned because its `rawFunction` option lets the derivative write into odex's own buffer
 * instead of returning a fresh array on every evaluation (2.0.4 allocates one per call).
 */
import { createRequire } from 'node:module';

/** With `rawFunction: true`: write y'(x) into `yp`. */
export type OdexDerivative = (x: number, y: number[], yp: number[]) => void;
export type OdexDense = (component: number, x: number) => number;
export type OdexObserver = (xOld: number, x: number, y: number[], dense: OdexDense) => void;

export interface OdexOptions {
  maxSteps: number;
  initialStepSize: number;
  maxStepSize: number;
  denseOutput: boolean;
  relativeTolerance: number;
  absoluteTolerance: number;
  rawFunction: true;
}

export interface OdexResult {
  y: number[];
  nStep: number;
  nAccept: number;
  nReject: number;
  nEval: number;
}

export interface OdexSolver {
  solve(x0: number, y0: number[], xEnd: number, observer?: OdexObserver): OdexResult;
}

interface OdexModule {
  Solver: new (f: OdexDerivative, n: number, options: Partial<OdexOptions>) => OdexSolver;
}

const odex = createRequire(import.meta.url)('odex') as OdexModule;

export function createOdexSolver(f: OdexDerivative, n: number, options: Partial<OdexOptions>): OdexSolver {
  return new odex.Solver(f, n, options);
}
