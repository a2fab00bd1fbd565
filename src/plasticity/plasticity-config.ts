import type { Connection } from '../anatomy/circuit-shape.ts';

/**
 * Settings of the online dendritic plasticity (docs/model.md, "Plasticity";
 * docs/experiment-format.md `plasticity`). A matrix is plastic when its learning rate is non-zero;
 * W^down is fixed by default (rate 0).
 */
export interface PlasticityConfig {
  /** τ_w (ms): low-pass of each induction term, τ_w·dΔ/dt = −Δ + (post error)·(pre rate)ᵀ. */
  readonly tauW: number;
  /** ms after each pattern onset during which plasticity is off (the somata settle first). */
  readonly learningLag: number;
  /** η per matrix: `up` one per layer 1…N, the others one per hidden layer. */
  readonly eta: Readonly<Record<Connection, readonly number[]>>;
}

/** The paper's Fig. 2 (nonlinear regression) rates for a 30-50-10 circuit (docs/model.md, "The paper's experiments and their settings"). */
export const PAPER_REGRESSION_PLASTICITY: PlasticityConfig = {
  tauW: 30,
  learningLag: 0,
  eta: { up: [0.0011875, 0.0005], ip: [0.0011875], pi: [0.0059375], down: [0] },
};
