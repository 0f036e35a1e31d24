/**
 * A generated project's editor settings read as the editors read them: `.idea/` through a
 * strict XML parser (Python's ElementTree, pyenv's interpreter), `.vscode/` as strict JSON,
 * and each run/launch configuration turned into the command it starts (program, arguments,
 * folder, environment) with the IDE's macros expanded for the project folder.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeRun, run, type RunResult } from './process.js';
import { exitHooks } from './services.js';
import { defaultPythonVersion, pyenvPython } from './stack.js';

/** What one configuration starts: `python` is the interpreter path the editor would run. */
export interface LaunchCommand {
  name: string;
  python: string;
  /** After the interpreter: `-m module …` or `script …`. */
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

/** The parsed `.idea/` folder: every XML file's root tag, the module and the run configurations. */
export interface IdeaProject {
  roots: Record<string, string>;
  sourceFolders: string[];
  excludeFolders: string[];
  facet: Record<string, string>;
  modules: string[];
  configurations: Array<{ name: string; type: string; options: Record<string, string>; envs: Record<string, string> }>;
}

// Parses every .xml/.iml under .idea/ (a malformed file fails the run) and prints what the
// tests look at as JSON. Run with the folder as argv[1].
const parseIdea = `
import json, sys, pathlib, xml.etree.ElementTree as ET
root = pathlib.Path(sys.argv[1]) / ".idea"
out = {"roots": {}, "sourceFolders": [], "excludeFolders": [], "facet": {}, "modules": [], "configurations": []}
for path in sorted(p for p in root.rglob("*") if p.suffix in (".xml", ".iml")):
    tree = ET.parse(path).getroot()
    out["roots"][str(path.relative_to(root))] = tree.tag
    out["sourceFolders"] += [e.get("url") for e in tree.iter("sourceFolder")]
    out["excludeFolders"] += [e.get("url") for e in tree.iter("excludeFolder")]
    for facet in tree.iter("facet"):
        out["facet"] = {o.get("name"): o.get("value") for o in facet.iter("option")}
    out["modules"] += [e.get("filepath") for e in tree.iter("module") if e.get("filepath")]
    for c in (c for c in tree.iter("configuration") if c.get("type")):
        out["configurations"].append({
            "name": c.get("name"), "type": c.get("type"),
            "options": {o.get("name"): o.get("value") for o in c.findall("option")},
            "envs": {e.get("name"): e.get("value") for e in c.iter("env")},
        })
print(json.dumps(out))
`;

export async function readIdea(dir: string): Promise<IdeaProject> {
  const result = await run(pyenvPython(defaultPythonVersion), ['-c', parseIdea, dir], { timeoutMs: 60_000 });
  if (result.code !== 0) throw new Error(describeRun('parsing .idea/', result));
  return JSON.parse(result.stdout) as IdeaProject;
}

/** `$PROJECT_DIR$`/`$MODULE_DIR$` (the project folder for a module file in .idea/) and `file://` expanded. */
export const ideaPath = (dir: string, value: string): string =>
  value.replace(/^file:\/\//, '').replace(/\$(PROJECT|MODULE)_DIR\$/g, dir);

/** The command of a PyCharm Python run configuration. */
export function ideaCommand(dir: string, configuration: IdeaProject['configurations'][number]): LaunchCommand {
  const { options, envs, name } = configuration;
  const parameters = (options.PARAMETERS ?? '').split(/\s+/).filter(Boolean);
  const target = options.MODULE_MODE === 'true' ? ['-m', options.SCRIPT_NAME!] : [ideaPath(dir, options.SCRIPT_NAME!)];
  return { name, python: ideaPath(dir, options.SDK_HOME!), args: [...target, ...parameters], cwd: ideaPath(dir, options.WORKING_DIRECTORY!), env: envs };
}

/** A `.vscode/` file, parsed strictly (VS Code accepts comments; the project writes none). */
export const readVscode = (dir: string, file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(dir, '.vscode', file), 'utf8')) as Record<string, unknown>;

const vscodePath = (dir: string, value: string): string => value.replace(/\$\{workspaceFolder\}/g, dir);

/** The commands of `.vscode/launch.json`, with the interpreter settings.json names. */
export function vscodeCommands(dir: string): LaunchCommand[] {
  const python = vscodePath(dir, readVscode(dir, 'settings.json')['python.defaultInterpreterPath'] as string);
  const launch = readVscode(dir, 'launch.json') as { configurations: Array<Record<string, unknown>> };
  return launch.configurations.map((entry) => ({
    name: entry.name as string,
    python,
    args: [...(entry.module ? ['-m', entry.module as string] : [vscodePath(dir, entry.program as string)]), ...((entry.args as string[]) ?? [])],
    cwd: vscodePath(dir, entry.cwd as string),
    env: (entry.env as Record<string, string>) ?? {},
  }));
}

/** Files of a folder, recursively, relative to it (sorted). */
export function filesUnder(dir: string, sub: string): string[] {
  const base = join(dir, sub);
  if (!existsSync(base)) return [];
  return readdirSync(base, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(base.length + 1))
    .sort();
}

/**
 * Starts a long-running configuration (server, worker) and resolves with its output once
 * `ready` matches it; the process is stopped then. Throws with the output when it exits
 * first or `timeoutMs` passes.
 */
export function startUntilReady(command: LaunchCommand, env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs = 60_000): Promise<string> {
  const child = spawn(command.python, command.args, { cwd: command.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const kill = (): void => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  exitHooks.add(kill);
  return new Promise<string>((resolve, reject) => {
    const finish = (error?: Error) => {
      clearTimeout(timer);
      kill();
      exitHooks.delete(kill);
      if (error) reject(error);
      else resolve(output);
    };
    const timer = setTimeout(() => finish(new Error(`${command.name}: not ready after ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (ready.test(output)) finish();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => finish(new Error(`${command.name} exited with ${code} before it was ready:\n${output}`)));
  });
}

/** Runs a configuration that ends (the tests) and returns its result. */
export const runToEnd = (command: LaunchCommand, env: NodeJS.ProcessEnv, timeoutMs = 600_000): Promise<RunResult> =>
  run(command.python, command.args, { cwd: command.cwd, env, timeoutMs });
