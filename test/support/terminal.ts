/**
 * A command in a real pseudo-terminal, as a user at a keyboard meets it: util-linux
 * `script` gives it a terminal and hands us the raw output stream (colour codes and all);
 * keys are typed when a text has appeared, Ctrl-C as the byte the terminal turns into it.
 * Also `yo` itself (the yo package, as a user installs it) run the way it must be here.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';
import { makeTempDir } from './tempdir.js';
import { installedPackage } from './yeoman.js';

export const ctrlC = '\u0003';

export interface TerminalStep {
  /** Typed once this text has appeared in the output (after the previous step's). */
  after: string;
  keys: string;
}

export interface TerminalRun {
  code: number;
  /** Everything the terminal showed, stdout and stderr together, escape sequences kept. */
  output: string;
}

/** Any colour or text style (SGR) escape sequence. */
export const colourCode = /\u001b\[[0-9;]*m/;

function quoted(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs `command` in a pseudo-terminal of its own, typing each step's keys once its text has
 * appeared; resolves with the exit code (124 when it outlived `timeoutMs`) and the output.
 */
export function runInTerminal(
  command: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; steps?: readonly TerminalStep[]; timeoutMs?: number },
): Promise<TerminalRun> {
  return new Promise((resolve, reject) => {
    // -e: script exits with the command's code; -f: output flushed as it comes.
    const child = spawn('script', ['-qefc', command.map(quoted).join(' '), '/dev/null'], {
      cwd: options.cwd,
      // The terminal's own TERM, whatever the test runner's environment says (CI's may be dumb or unset).
      env: { ...(options.env ?? terminalEnv()), TERM: 'xterm-256color' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const steps = [...(options.steps ?? [])];
    let output = '';
    let searchedFrom = 0;
    let timedOut = false;
    const typeWhenDue = (): void => {
      const step = steps[0];
      if (!step) return;
      const at = output.indexOf(step.after, searchedFrom);
      if (at < 0) return;
      steps.shift();
      searchedFrom = at + step.after.length;
      // A moment for the prompt to take the terminal in raw mode after drawing itself.
      setTimeout(() => {
        child.stdin.write(step.keys);
        typeWhenDue();
      }, 300);
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      typeWhenDue();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: timedOut ? 124 : (code ?? (signal ? 128 : 1)), output });
    });
  });
}

/** The test's environment as a terminal user's: no colour forced on or off. */
export function terminalEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const name of ['FORCE_COLOR', 'NO_COLOR', 'CI'] as const) if (!(name in extra)) delete env[name];
  return env;
}

export interface YoSetup {
  /** The yo command with this package findable (NODE_PATH), and its environment (plus `extra`). */
  yo: (args: readonly string[], extra?: NodeJS.ProcessEnv) => { command: string[]; env: NodeJS.ProcessEnv };
  /** Folders to remove afterwards. */
  folders: string[];
  /** A fresh folder the yo process may write in. */
  folder: (prefix: string) => string;
}

/**
 * yo as installed from npm (devDependency) finding this package. Run as root, yo drops to
 * `nobody` (its root-check), who may not read this checkout; so it is told it runs as a
 * normal user (process.getuid, preloaded), as it does on a developer's machine. Its home is
 * a folder of its own and its update check is off (no network in a test).
 */
export function yoSetup(prefix: string): YoSetup {
  const modules = installedPackage(prefix);
  const home = makeTempDir(`${prefix}-home`);
  const folders = [modules, home];
  const asUser = join(home, 'as-normal-user.mjs');
  writeFileSync(asUser, 'if (process.getuid?.() === 0) process.getuid = () => 1000;\n');
  const folder = (name: string): string => {
    const dir = makeTempDir(name);
    folders.push(dir);
    return dir;
  };
  const yoEnv = { HOME: home, NODE_PATH: join(modules, 'node_modules'), NO_UPDATE_NOTIFIER: '1', NODE_OPTIONS: `--import=${asUser}` };
  return {
    yo: (args, extra = {}) => ({ command: [join(repoRoot, 'node_modules', '.bin', 'yo'), ...args], env: terminalEnv({ ...yoEnv, ...extra }) }),
    folders,
    folder,
  };
}
