import { spawn, type ChildProcess } from 'node:child_process';

/** A command started with `--live`, as a user would start it. */
export interface LiveCommand {
  readonly child: ChildProcess;
  /** Its exit code. */
  readonly exited: Promise<number | null>;
  /** The address of its live view (with the token), once printed on stderr; rejected if it exits first. */
  readonly url: Promise<string>;
  /** Everything it wrote to stdout so far. */
  stdout(): string;
  /** Everything it wrote to stderr so far. */
  stderr(): string;
}

/** Starts `src/cli/<script>` with `args` (which should include `--live`) under tsx, collecting its output. */
export function startLiveCommand(script: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): LiveCommand {
  const child = spawn(process.execPath, ['--import', 'tsx', `src/cli/${script}`, ...args], { env });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const url = new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const m = /live view: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(stderr);
      if (m) resolve(m[1]);
    });
    child.on('exit', () => reject(new Error(`${script} exited before printing its URL: ${stderr}`)));
  });
  return { child, exited, url, stdout: () => stdout, stderr: () => stderr };
}
