import { Command, Option } from 'commander';

/**
 * The option setup every command shares, so that each `--help` reads the same way: an option that
 * takes a value says `(required)` or `(default: …)`, and one with a fixed set of values lists them.
 * Usage errors are handled by parseCommandLine (run-command.ts): one line, exit 2.
 */

/** A command with the project's help conventions and the exit codes under its help text. */
export function cliProgram(name: string, description: string): Command {
  return new Command()
    .name(name)
    .description(description)
    .showHelpAfterError(false)
    .configureHelp({ optionDescription: describeOption })
    .addHelpText('afterAll', '\nExit codes: 0 finished, 2 bad input or usage (one line on stderr), 3 the run failed (README "Reliability").');
}

/**
 * An option's help line: `(required)` first if it is, then its description, its choices and its default. A default
 * that depends on other options (or is "none") is given as text with `defaultIs`; commander's own
 * `default: "3"` quoting is dropped so every default reads alike.
 */
export function describeOption(option: Option): string {
  const extra: string[] = [];
  if (option.argChoices !== undefined) extra.push(`one of: ${option.argChoices.join(', ')}`);
  const takesValue = option.required || option.optional;
  if (takesValue && (option.defaultValue !== undefined || option.defaultValueDescription !== undefined)) {
    extra.push(`default: ${option.defaultValueDescription ?? String(option.defaultValue)}`);
  }
  const text = extra.length === 0 ? option.description : `${option.description} (${extra.join('; ')})`;
  return option.mandatory ? `(required) ${text}` : text;
}

/**
 * An option without a value of its own when absent (it stays undefined for the command), whose
 * help still says what absence means, e.g. `defaultIs(new Option('--lr <x>', …), '1e-3 …')`.
 */
export function defaultIs(option: Option, description: string): Option {
  return option.default(undefined, description);
}

/** `--quiet`, which every command with a progress bar takes. */
export function quietOption(): Option {
  return new Option('--quiet', 'no progress output on stderr (NO_PROGRESS=1 does the same)');
}
