/**
 * `djangoflow ui`: serves the page for the folder it runs in until Ctrl-C or SIGTERM. The page
 * does only what the commands do, through the same pipeline; see session.ts and server.ts.
 */
import type { CommandInput } from '../../lib/run/command.js';
import { UserError } from '../../lib/input/errors.js';
import { quoted } from '../../lib/input/text.js';
import { exitCodes } from '../../lib/run/exit-codes.js';
import { isEmptyFolder } from '../../lib/record/project-root.js';
import { loadAssets } from './assets.js';
import { openBrowser } from './browser.js';
import { newToken } from './security.js';
import { startServer } from './server.js';
import { refuseLostRecord } from '../../lib/run/guards.js';
import { Session, notEmpty } from './session.js';
import type { UiOptions } from './spec.js';

function portOf(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) throw new UserError(`--port expects a number from 1 to 65535, got "${value}"`);
  return port;
}

/** Resolves on the first Ctrl-C or SIGTERM; the handlers are removed again. */
function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export async function run(input: CommandInput<UiOptions>): Promise<number> {
  if (input.positionals.length) throw new UserError(`unexpected argument ${quoted(input.positionals[0]!)}; run djangoflow ui inside the project folder`);
  const { force, dryRun, verbose } = input.options;
  const session = new Session(input.cwd, input.templates, Boolean(force), { dryRun, verbose });
  // The same refusals as `djangoflow` in a folder that is neither empty nor a project.
  if (session.data().mode === 'new') {
    await refuseLostRecord(input.cwd, null);
    if (!isEmptyFolder(input.cwd) && !input.options.force) throw new UserError(notEmpty);
  }
  const token = newToken();
  const running = await startServer(session, loadAssets(), token, portOf(input.options.port));
  // Listening for the stop before the URL is out: whoever reads it may stop us at once.
  const stopped = stopSignal();
  input.out(`djangoflow ui: ${running.url}`);
  input.out(`serving ${input.cwd} on 127.0.0.1 only; Ctrl-C stops it`);
  if (dryRun) input.out('--dry-run: Apply prints what it would do and writes nothing');
  if (input.options.open !== false) openBrowser(running.url);
  await stopped;
  await running.close();
  input.out('djangoflow ui: stopped');
  return exitCodes.done;
}
