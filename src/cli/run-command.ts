import { NonFiniteStateError } from '../circuits/non-finite-state-error.ts';
import { InputError } from '../core/input-error.ts';

/**
 * Runs a command-line entry point: bad input and a run that became non-finite end with one line
 * on stderr and a non-zero exit code, never a stack trace (set DEBUG=1 to see one).
 */
export async function runCommand(main: () => Promise<void> | void): Promise<void> {
  try {
    await main();
  } catch (err) {
    if (process.env.DEBUG) console.error(err);
    // By name as well as class: errors from worker threads arrive rebuilt as plain Errors.
    const name = err instanceof Error ? err.name : '';
    if (err instanceof InputError || name === 'InputError') {
      process.stderr.write(`error: ${(err as Error).message}\n`);
      process.exitCode = 2;
    } else if (err instanceof NonFiniteStateError || name === 'NonFiniteStateError') {
      process.stderr.write(`error: ${(err as Error).message}\n`);
      process.exitCode = 3;
    } else {
      const message = err instanceof Error ? err.message : String(err);
      process.stderr.write(`internal error: ${message.split('\n')[0]} (rerun with DEBUG=1 for details, and please report it)\n`);
      process.exitCode = 1;
    }
  }
}
