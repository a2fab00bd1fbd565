/**
 * A run that was started on valid input and could not go on: a solver that cannot advance, a
 * training run whose loss diverged. The command-line entry points print the message as one line
 * and exit with code 3 (as for a non-finite state), never as an internal error.
 */
export class RunFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunFailure';
  }
}
