import { InputError } from '../core/input-error.ts';
import type { Optimizer } from '../core/optimizer.ts';
import type { RecurrentNetwork } from '../recurrent/network.ts';
import { BpLambda } from '../recurrent/online/bp-lambda.ts';
import { BpttSynthetic } from '../recurrent/online/bptt-synthetic.ts';
import type { OnlineLearner } from '../recurrent/online/online-learner.ts';
import { TruncatedBptt } from '../recurrent/online/truncated-bptt.ts';

/** What the synthetic-gradient methods share within one task: w_sg, γ and a fresh synthesiser optimizer. */
export interface SyntheticSettings {
  readonly syntheticWeight: number;
  readonly gamma: number;
  readonly synthesiserOptimizer: () => Optimizer;
}

/**
 * The online learner named by a table label: "BPTT" (full), "BPTT n=3" (truncated), "BPTT+SG n=3"
 * (DNI), "BP(0.5)" (accumulate BP(λ)). The names are the learners' own `name`s, so a table row,
 * a cached run and the learner agree.
 */
export function makeLearner(method: string, net: RecurrentNetwork, s: SyntheticSettings): OnlineLearner {
  if (method === 'BPTT') return new TruncatedBptt(net);
  let m = /^BPTT n=(\d+)$/.exec(method);
  if (m !== null) return new TruncatedBptt(net, Number(m[1]));
  m = /^BPTT\+SG n=(\d+)$/.exec(method);
  if (m !== null) return new BpttSynthetic(net, { truncation: Number(m[1]), syntheticWeight: s.syntheticWeight, gamma: s.gamma, optimizer: s.synthesiserOptimizer() });
  m = /^BP\(([0-9.]+)\)$/.exec(method);
  if (m !== null) return new BpLambda(net, { lambda: Number(m[1]), syntheticWeight: s.syntheticWeight, gamma: s.gamma, optimizer: s.synthesiserOptimizer() });
  throw new InputError('method', `unknown method "${method}"; expected BPTT, "BPTT n=K", "BPTT+SG n=K" or "BP(λ)"`);
}
