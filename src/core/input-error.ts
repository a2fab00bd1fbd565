/**
 * Bad input from a user: an experiment field, a file, a command-line option. The command-line
 * entry points print `message` as one line and exit non-zero, without a stack trace, so the
 * message must name where the problem is (`field`: a field path such as `weights.up[1]`, a file
 * path, or an option) and what was expected.
 */
export class InputError extends Error {
  constructor(
    /** Where the problem is: a field path, a file path or an option name. */
    readonly field: string,
    /** What is wrong and what is expected, e.g. `expected 10×50 matrix, got 10×49`. */
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'InputError';
  }
}
