/**
 * `npm run view -- out/ [--port P] [--host A]`: a browser over the finished runs in a folder
 * (serve-runs.ts): settings, JSON lines, figures and files, and runs of one experiment overlaid.
 * Prints the address with its access token on stderr and serves until interrupted.
 */
import { Command } from 'commander';
import { serveRuns } from '../live/serve-runs.ts';
import { liveAddress } from './live-option.ts';
import { parseCommandLine, runCommand } from './run-command.ts';

const program = new Command()
  .name('view')
  .description('Browse the finished runs in a folder (result.json, line.json, figures): settings, figures, and runs of one experiment overlaid')
  .argument('[folder]', 'folder of runs', 'out')
  .option('--port <port>', 'port (default: a free one)')
  .option('--host <address>', 'address to listen on (default 127.0.0.1, loopback only)')
  .showHelpAfterError(false);

parseCommandLine(program);
const [folder] = program.args;
const options = program.opts<{ port?: string; host?: string }>();

await runCommand(async () => {
  const address = liveAddress({ ...options, live: true })!;
  const server = await serveRuns(folder ?? 'out', address);
  process.stderr.write(`run browser: ${server.url}\n(serving ${folder ?? 'out'}; Ctrl-C to stop)\n`);
  await new Promise<void>((done) => process.once('SIGINT', () => done()));
  await server.close();
});
