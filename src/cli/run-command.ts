import { Command, CommanderError } from 'commander';
import { NonFiniteStateError } from '../circuits/non-finite-state-error.ts';
import { oneLine } from '../core/excerpt.ts';
import { InputError } from '../core/input-error.ts';

/** Exit codes of every command (README "Reliability"). */
export const EXIT = { ok: 0, internal: 1, badInput: 2, runFailed: 3 } as const;

/** Longest message printed: a message quotes user text, and stderr gets one readable line. */
const MESSAGE_LENGTH = 600;

/**
 * Parses the command line; a usage error (unknown option, missing argument or required option)
 * prints commander's message as one line and exits with code 2, like any other bad input. Help
 * and version exit 0.
 */
export function parseCommandLine(program: Command, argv?: readonly string[]): void {
  program.exitOverride().configureOutput({ outputError: (text, write) => write(`${oneLine(text, MESSAGE_LENGTH)}\n`) });
  try {
    if (argv === undefined) program.parse();
    else program.parse(argv, { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    process.exit(err.exitCode === 0 ? EXIT.ok : EXIT.badInput);
  }
}

/**
 * Runs a command-line entry point: bad input (exit 2), and a run that became non-finite or whose
 * solver could not advance (exit 3), end with one line on stderr, never a stack trace (set
 * DEBUG=1 to see one).
 */
export async function runCommand(main: () => Promise<void> | void): Promise<void> {
  // A reader that stops early (`| head`) closes stdout: not an error of the run.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
    throw e;
  });
  try {
    await main();
  } catch (err) {
    if (process.env.DEBUG) console.error(err);
    // By name as well as class: errors from worker threads arrive rebuilt as plain Errors.
    const name = err instanceof Error ? err.name : '';
    const message = oneLine(err instanceof Error ? err.message : String(err), MESSAGE_LENGTH);
    if (err instanceof InputError || name === 'InputError') {
      process.stderr.write(`error: ${message}\n`);
      process.exitCode = EXIT.badInput;
    } else if (err instanceof NonFiniteStateError || name === 'NonFiniteStateError' || name === 'RunFailure') {
      process.stderr.write(`error: ${message}\n`);
      process.exitCode = EXIT.runFailed;
    } else {
      process.stderr.write(`internal error: ${message} (rerun with DEBUG=1 for details, and please report it)\n`);
      process.exitCode = EXIT.internal;
    }
  }
}
