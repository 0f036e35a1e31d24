/**
 * The bin's shell: `djangoflow [options]` runs the main generator, `djangoflow <command> ...`
 * a sub-generator; both run the same command modules as the Yeoman generators in generators/.
 * The template set is loaded here, once per run, and handed to the command.
 */
import { commonOptions } from '../generators/options.js';
import { typedOptions } from '../lib/run/command.js';
import { UserError } from '../lib/input/errors.js';
import { exitCodes } from '../lib/run/exit-codes.js';
import { generatorVersion, templatesDir } from '../lib/template-set/paths.js';
import { findProjectRoot, hasRecord, isEmptyFolder } from '../lib/record/project-root.js';
import { beginProjectRun } from '../lib/reconcile/session.js';
import { interruption, signalExitCode } from '../lib/reconcile/signals.js';
import { loadTemplateSet } from '../lib/template-set/index.js';
import { didYouMean } from '../lib/input/suggest.js';
import { quoted } from '../lib/input/text.js';
import { parseArgs } from './args.js';
import { allOptions, commands, findCommand } from './commands.js';
import { describeFailure } from './failure.js';
import { commandHelp, commandLine, mainHelp } from './help.js';
import { inquirerPrompter } from './prompt.js';

/**
 * Where a run works and reports. The bin passes nothing (its folder, its streams, its signal
 * watch); a test running many generations in its own process names the folder, collects the
 * lines and leaves its process's signals alone (test/support/generate-in-process.ts).
 */
export interface RunPlace {
  cwd?: string;
  out?: (line: string) => void;
  watchSignals?: boolean;
}

export async function main(argv: string[], place: RunPlace = {}): Promise<number> {
  const here = place.cwd ?? process.cwd();
  const out = place.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  if (argv[0] === '--version' || argv[0] === '-v') {
    if (argv.length > 1) throw new UserError(`${argv[0]} takes nothing else; got ${quoted(argv[1]!)}`);
    process.stdout.write(`${generatorVersion()}\n`);
    return exitCodes.done;
  }
  const named = argv[0] && !argv[0].startsWith('-') ? findCommand(argv[0]) : undefined;
  if (argv[0] && !argv[0].startsWith('-') && !named) {
    throw new UserError(`unknown command ${quoted(argv[0])}${didYouMean(argv[0], commands.map((c) => c.name).filter(Boolean))}; see djangoflow --help`);
  }
  const command = named ?? findCommand('')!;
  const templates = loadTemplateSet(templatesDir());
  const { positionals, values } = parseArgs(
    named ? argv.slice(1) : argv,
    allOptions(command, templates),
    `${commandLine(command)} --help`,
  );
  const common = typedOptions(commonOptions, values);
  if (common.help) {
    process.stdout.write(`${named ? commandHelp(command, templates) : mainHelp(generatorVersion(), templates)}\n`);
    return exitCodes.done;
  }
  const module = await command.load();
  // Issue 14: the project root from any subfolder, then lock, signals and crash recovery.
  const cwd = findProjectRoot(here, !named && isEmptyFolder(here));
  // A sub-command outside any project only fails or lists: no lock in a stranger's folder.
  // `ui` serves a page for as long as it runs: it takes the lock for each apply only (generators/ui/session.ts).
  if (!named || (named.name !== 'ui' && hasRecord(cwd))) await beginProjectRun(cwd, (line) => process.stderr.write(`djangoflow: ${line}\n`), { watchSignals: place.watchSignals ?? true });
  return module.run({
    cwd,
    positionals,
    options: typedOptions(command.options, values),
    values,
    templates,
    out,
    prompter: process.stdin.isTTY && !common.defaults ? inquirerPrompter : undefined,
  });
}

export async function runCli(argv: string[]): Promise<void> {
  // `djangoflow plugin --list | head` closes the pipe early: not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? exitCodes.done);
    throw error;
  });
  try {
    process.exitCode = await main(argv);
    const signal = interruption(); // received after the apply committed: never exit 0
    if (signal) {
      process.stderr.write(`djangoflow: interrupted (${signal}) after the changes were fully applied\n`);
      process.exitCode = signalExitCode(signal);
    }
  } catch (error) {
    const failure = describeFailure(error);
    process.stderr.write(`${failure.line}\n`);
    process.exitCode = failure.exitCode;
  }
}
