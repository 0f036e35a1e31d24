/**
 * The README's command examples, as a test runs them: every line of its fenced shell
 * blocks (`sh`, `bash`, `shell`; in `console` blocks the `$ ` lines and the output shown
 * under each), with its section heading, and a shell to run them in that keeps the working
 * folder from one line to the next, as a user's terminal does.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { binPath, repoRoot } from './paths.js';
import { type RunResult, run } from './process.js';

export interface ReadmeCommand {
  /** The heading the block is under (`### Example session`). */
  section: string;
  /** The command as the README writes it, continuation lines joined, its `# note` taken off. */
  command: string;
  /** The note after `#` on the line, if any. */
  note: string;
  /** In a console block: the lines shown under the command. */
  output: string[];
}

const shellBlocks = new Set(['sh', 'bash', 'shell', 'console']);

export function readmeText(): string {
  return readFileSync(join(repoRoot, 'README.md'), 'utf8');
}

/** A line's trailing `  # note`, split off. */
function splitNote(line: string): { command: string; note: string } {
  const match = /^(.*?)\s+#\s(.*)$/.exec(line);
  return match ? { command: match[1]!.trim(), note: match[2]!.trim() } : { command: line.trim(), note: '' };
}

export function readmeCommands(text: string = readmeText()): ReadmeCommand[] {
  const commands: ReadmeCommand[] = [];
  let section = '';
  let block: string | null = null;
  let pending = '';
  for (const line of text.split('\n')) {
    const fence = /^```(\w*)\s*$/.exec(line);
    if (fence) {
      block = block === null ? fence[1]! : null;
      continue;
    }
    if (block === null) {
      if (/^#{1,6} /.test(line)) section = line.trim();
      continue;
    }
    if (!shellBlocks.has(block)) continue;
    if (block === 'console') {
      if (line.startsWith('$ ')) commands.push({ section, ...splitNote(line.slice(2)), output: [] });
      else commands.at(-1)?.output.push(line);
      continue;
    }
    const joined = pending + line;
    if (joined.trimEnd().endsWith('\\')) {
      pending = `${joined.trimEnd().slice(0, -1).trimEnd()} `;
      continue;
    }
    pending = '';
    if (!joined.trim() || joined.trim().startsWith('#')) continue;
    commands.push({ section, ...splitNote(joined.replace(/ {2,}/g, ' ')), output: [] });
  }
  return commands;
}

/** The fenced block of `language` in `section`, as text (the schema file the README shows). */
export function readmeBlock(section: string, language: string, text: string = readmeText()): string {
  const start = text.indexOf(`\n${section}\n`);
  const found = new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(text.slice(start));
  if (start < 0 || !found) throw new Error(`README: no ${language} block under ${section}`);
  return found[1]!;
}

/** A folder with `djangoflow` on it: the built bin, as `npm install -g` would put it. */
export function djangoflowOnPath(folder: string): string {
  const dir = join(folder, 'path-bin');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'djangoflow'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(binPath)} "$@"\n`);
  chmodSync(join(dir, 'djangoflow'), 0o755);
  return dir;
}

/** A terminal session: each line runs in bash where the previous one left the working folder. */
export class ShellSession {
  private readonly stateFile: string;

  constructor(
    public cwd: string,
    private readonly env: NodeJS.ProcessEnv,
    scratch: string,
  ) {
    this.stateFile = join(scratch, 'shell-cwd');
  }

  async run(line: string, timeoutMs = 120_000): Promise<RunResult> {
    const script = 'cd "$1" || exit 1; eval "$2"; code=$?; pwd > "$3"; exit $code';
    const result = await run('bash', ['-c', script, 'readme', this.cwd, line, this.stateFile], { cwd: this.cwd, env: this.env, timeoutMs });
    this.cwd = readFileSync(this.stateFile, 'utf8').trim();
    return result;
  }
}

/** The environment of a README session: `djangoflow` first on PATH, a git identity, no terminal. */
export function sessionEnv(pathDir: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...base,
    PATH: `${pathDir}:${base.PATH ?? '/usr/bin:/bin'}`,
    GIT_AUTHOR_NAME: 'Readme',
    GIT_AUTHOR_EMAIL: 'readme@example.com',
    GIT_COMMITTER_NAME: 'Readme',
    GIT_COMMITTER_EMAIL: 'readme@example.com',
    CI: 'true',
  };
}
