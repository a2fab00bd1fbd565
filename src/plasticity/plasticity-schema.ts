import { z } from 'zod';
import { CONNECTIONS, type CircuitShape } from '../anatomy/circuit-shape.ts';
import { InputError } from '../core/input-error.ts';
import type { PlasticityConfig } from './plasticity-config.ts';

/**
 * The plasticity settings as a zod schema: the experiment file's `plasticity` block and the
 * `Microcircuit` constructor check them with the same rules and messages
 * (docs/experiment-format.md, `plasticity`).
 */
const rates = z.array(z.number());

export const plasticitySchema = z.strictObject({
  tauW: z.number().positive().default(30),
  learningLag: z.number().nonnegative().default(0),
  eta: z.strictObject({ up: rates, ip: rates, pi: rates, down: rates.optional() }),
});

/**
 * The checked settings for a circuit of this shape: one learning rate per matrix (W^down fixed,
 * rate 0, when `down` is absent), refused naming the field when a count does not fit.
 */
export function plasticityForShape(config: z.output<typeof plasticitySchema>, shape: CircuitShape): PlasticityConfig {
  const eta = { up: config.eta.up, ip: config.eta.ip, pi: config.eta.pi, down: config.eta.down ?? new Array<number>(shape.hiddenLayers).fill(0) };
  for (const c of CONNECTIONS) {
    const expected = shape.count(c);
    if (eta[c].length !== expected) {
      const what = c === 'up' ? `one per layer 1…${shape.depth}` : 'one per hidden layer';
      throw new InputError(`plasticity.eta.${c}`, `expected ${expected} learning rates (${what}), got ${eta[c].length}`);
    }
  }
  return { tauW: config.tauW, learningLag: config.learningLag, eta };
}
