/** The state became NaN or ±Infinity: the run stops, naming when and where. */
export class NonFiniteStateError extends Error {
  constructor(
    /** Simulated time (ms) of the first step that produced a non-finite value. */
    readonly time: number,
    /** The population, e.g. `layer 2 pyramidal somata`. */
    readonly population: string,
  ) {
    super(
      `state became non-finite at t = ${Number(time.toFixed(6))} ms in ${population}; ` +
        'reduce dt, the weight scale or the learning rates, or use a bounded rate function',
    );
    this.name = 'NonFiniteStateError';
  }
}
