/**
 * The discrete recurrent core: batched LSTM, subLSTM, fix-subLSTM, leaky rate RNN, leaky GRU and
 * rate GRU (the update-gated rate RNN of Guilhot et al. 2024) cells, stacked, with a linear
 * readout, trained by full or truncated BPTT.
 *
 *   network:    RecurrentNetwork (forward, loss, backward, parameters, gradients, views,
 *               snapshot/restore); batches are batch-first SequenceBatch with optional lengths
 *   losses:     LossSpec (softmax cross-entropy, mse, bce-with-logits; at the last or every step)
 *   online:     net.layers[l].stateJacobian / stateVjp / stateJvp / parameterVjp for step t of
 *               the last forward window; one-step windows with { carryState: true } step online
 *   training:   clipGlobalNorm here; adam and sgd in core/optimizer.ts, rmsprop in
 *               core/rmsprop.ts, all acting on net.parameters / net.gradients (slot 0)
 *   online/:    OnlineLearner (step / endOfSequence) with BpLambda, TruncatedBptt, BpttSynthetic,
 *               the LinearSynthesiser and alignment to the true future gradient (issue 16)
 *   tokens:     TokenEmbedding (x_t = E[id]) below the network, its gradient from
 *               net.backward({ inputGradient: true }) by scatter-add
 *   language model: LanguageModel (embedding → stacked cells → softmax over the vocabulary at
 *               every step, one flat parameter vector); matchedFixSubLstmUnits and
 *               recurrentParameterCount for the fix-subLSTM's parameter-matched sizes
 *   continuous time: continuousSubLstm / classifyInContinuousTime run a trained one-layer subLSTM
 *               as the E-I circuit of circuits/sublstm-circuit.ts at any integration step
 *   training:   runRecurrentTraining (sequential MNIST) and runLanguageModelTraining (Brown) in
 *               training/, not re-exported here, behind `npm run train -- --data row-mnist|seq-mnist|brown`
 *   cells:      makeCell and the RecurrentCell interface, for a new cell type
 */
export { RecurrentNetwork } from './network.ts';
export type { ParameterView, RecurrentNetworkOptions, RecurrentSnapshot, SequenceBatch } from './network.ts';
export { RecurrentLayer } from './layer.ts';
export { TokenEmbedding } from './embedding.ts';
export { LanguageModel } from './language-model.ts';
export type { LanguageModelOptions } from './language-model.ts';
export { matchedFixSubLstmUnits, recurrentParameterCount } from './parameter-matching.ts';
export { continuousSubLstm, subLstmCircuitWeights } from './continuous-sublstm.ts';
export { classifyInContinuousTime } from './continuous-sublstm-classifier.ts';
export type { ContinuousClassification, ContinuousRunOptions } from './continuous-sublstm-classifier.ts';
export { sequenceLoss } from './losses.ts';
export type { LossSpec } from './losses.ts';
export { clipGlobalNorm } from './clip.ts';
export { makeCell } from './cells/index.ts';
export type { CellOptions } from './cells/index.ts';
export type { CellKind, RateActivation, RecurrentCell, ExtraParameter } from './cells/cell.ts';
export { gemmNN, gemmNT, gemmTN } from './gemm.ts';
export { BpLambda, BpttSynthetic, LinearSynthesiser, NetworkWindow, TruncatedBptt, backpropagateWindow, cosine, futureGradients, gradientAlignment, runSequence, stepLoss, syntheticGradientAlignment } from './online/index.ts';
export type { BpLambdaOptions, BpttSyntheticOptions, FutureGradients, OnlineLearner } from './online/index.ts';
