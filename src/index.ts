/**
 * The public entry point: `import { Microcircuit, Simulation, Probe, … } from 'dendritic-microcircuits'`.
 *
 * - Model: {@link Microcircuit} (Sacramento et al. 2018) built from a {@link CircuitShape}, neuron
 *   parameters, weights and a plasticity configuration; {@link DeclaredCircuit} for circuit
 *   families of your own (groups, segments and a right-hand side).
 * - Integration: {@link createIntegrator} (`euler`, `expEuler`, `rk4`, `odex`) and
 *   {@link Simulation}, which runs a system on simulation time with exact events.
 * - Observation: `Simulation.frames(every)` (rxjs), {@link Probe}, {@link Recorder}, {@link ReplayBuffer}.
 * - Experiment files: {@link loadExperiment} and {@link runExperiment}, as `npm run simulate` does.
 * - Baselines and analysis: {@link FeedforwardNetwork}, and the similarity metrics (CKA,
 *   Procrustes, DSA).
 */
export { CircuitShape, CONNECTIONS, type Connection } from './anatomy/circuit-shape.ts';
export { StateLayout, type PlasticSlot } from './anatomy/state-layout.ts';
export { cloneWeights, type WeightSet } from './anatomy/weight-set.ts';
export type { CircuitSignals } from './anatomy/circuit-signals.ts';
export { Microcircuit, type MicrocircuitConfig } from './circuits/microcircuit.ts';
export { DeclaredCircuit, type DeclaredGroup } from './circuits/declared-circuit.ts';
export { NonFiniteStateError } from './circuits/non-finite-state-error.ts';
export { setSelfPredicting } from './circuits/self-predicting.ts';
export { initUniformWeights, type InitScales } from './circuits/weight-init.ts';
export { lateralMismatch, lateralMismatchByUnit } from './circuits/lateral-mismatch.ts';
export { SegmentLayout, type PlacedSegment, type SegmentDeclaration, type StateGroup } from './model/segment-layout.ts';
export { PAPER_NEURON_PARAMETERS, type NeuronParameters, type NoiseScaling } from './neurons/neuron-parameters.ts';
export { createRateFunction, RATE_FUNCTION_KINDS, type RateFunction, type RateFunctionSpec } from './neurons/rate-function.ts';
export { PAPER_REGRESSION_PLASTICITY, type PlasticityConfig } from './plasticity/plasticity-config.ts';
export { createIntegrator, type IntegratorSpec } from './integrators/create-integrator.ts';
export type { Integrator, IntegratorMethod } from './integrators/integrator.ts';
export type { IntegrableSystem, StepObserver } from './integrators/integrable-system.ts';
export { Simulation, type Pattern, type PatternResult, type PatternTiming, type SimulatedSystem, type SimulationOptions } from './simulation/simulation.ts';
export { Frame, type ObservableSystem } from './streams/frame.ts';
export { Probe, type ProbeSpec, type SegmentProbeSpec } from './streams/probe.ts';
export { Recorder } from './streams/recorder.ts';
export { ReplayBuffer } from './replay/replay-buffer.ts';
export { loadExperiment, parseExperiment, type Experiment } from './experiment-file/load-experiment.ts';
export { openExperiment, runExperiment, type ExperimentResult, type ExperimentRun, type RunOptions } from './experiment-file/run-experiment.ts';
export { FeedforwardNetwork, type FeedforwardConfig, type LearningRule } from './baselines/feedforward-network.ts';
export { adam, sgd, type CheckpointableOptimizer, type Optimizer } from './core/optimizer.ts';
export { InputError } from './core/input-error.ts';
export { noProgress, type Progress, type ProgressFactory } from './core/progress.ts';
export { Random } from './random/random.ts';
export { readNpy, writeNpy } from './io/npy.ts';
export { readCsv, writeCsv } from './io/csv.ts';
export { dsaDistance, dsaDistanceMatrix, linearCka, procrustesDistance, procrustesScore } from './analysis/index.ts';
export { probeSamples, snapshot, type FrameSnapshot, type ProbeSample } from './streams/snapshot.ts';
export { bufferSim, sampleSim, throttleSim, type Timed } from './streams/simulation-time.ts';
export { SubLstmCircuit, type SubLstmCircuitOptions, type SubLstmWeights } from './circuits/sublstm-circuit.ts';
export { loadSweep, parseSweep, type Sweep, type SweepPoint } from './sweeps/expand-sweep.ts';
export { runSweep, type SweepReport, type SweepRunOptions } from './sweeps/run-sweep.ts';
export type { PointRecord } from './sweeps/point-record.ts';
export type { PointRunner } from './sweeps/point-runner.ts';
export { LocalPool } from './sweeps/local-pool.ts';
export { QueueRunner, type QueueRunnerOptions } from './sweeps/queue-runner.ts';
export { startQueueWorker, type QueueWorker, type QueueWorkerOptions } from './sweeps/queue-worker.ts';
export { LiveRunner, type LiveRunnerOptions, type LiveRunState } from './live/live-runner.ts';
export { serveLive, type LiveOptions, type LiveServer, type LiveStatus } from './live/serve-live.ts';
export { defaultLiveSeries, type LiveSeries } from './live/live-series.ts';
export { runLive, type RunLiveOptions } from './live/run-live.ts';
export { startLiveHost, type LiveHost, type LiveHostOptions } from './live/live-host.ts';
export { serveRuns, type RunsServer, type ServeRunsOptions } from './live/serve-runs.ts';
export {
  RecurrentNetwork,
  LanguageModel,
  classifyInContinuousTime,
  clipGlobalNorm,
  matchedFixSubLstmUnits,
  type CellKind,
  type LanguageModelOptions,
  type LossSpec,
  type RecurrentNetworkOptions,
} from './recurrent/index.ts';
export { compareRecordings, type CompareResult, type CompareSettings } from './experiments/compare-recordings.ts';
export { continuousSubLstm, subLstmCircuitWeights } from './recurrent/continuous-sublstm.ts';
export { rmsprop } from './core/rmsprop.ts';
