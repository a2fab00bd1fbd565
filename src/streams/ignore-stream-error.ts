/**
 * The error handler of a frame subscription that only watches the run (progress): a failed run
 * ends its streams with the error and also throws it from the call that ran the simulation, where
 * it is handled. Without a handler rxjs would rethrow it later as an uncaught exception, turning a
 * clean exit 3 into a crash.
 */
export function ignoreStreamError(): void {}
