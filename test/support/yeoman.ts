/**
 * `yo` as a user has it: this package installed under the name generator-djangoflow (a
 * symlink in a temporary node_modules), found by Yeoman's own lookup.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEnv } from 'yeoman-environment';
import { repoRoot } from './paths.js';
import { describeRun, type RunResult, run } from './process.js';
import { makeTempDir } from './tempdir.js';

/** A temporary folder whose node_modules holds this package; remove it with removeTempDir. */
export function installedPackage(prefix: string): string {
  const modules = makeTempDir(prefix);
  mkdirSync(join(modules, 'node_modules'));
  symlinkSync(repoRoot, join(modules, 'node_modules', 'generator-djangoflow'));
  return modules;
}

/** A Yeoman environment in `cwd` that looked the package up, and the namespaces it found. */
export async function yeomanEnv(cwd: string, modules: string) {
  const env = createEnv({ cwd });
  const found = await env.lookup({ packagePaths: [join(modules, 'node_modules', 'generator-djangoflow')] });
  return { env, namespaces: found.map((generator) => generator.namespace) };
}

/**
 * Runs a generator of the package in `modules` the way yo does, in a child process with
 * piped output: `options` as yo's parser hands them over (`--remove cors` is remove: 'cors').
 */
export function yoRunner(modules: string): (cwd: string, namespace: string, options: Record<string, unknown>, ...args: string[]) => Promise<RunResult> {
  const script = join(modules, 'yo.mjs');
  writeFileSync(
    script,
    [
      `import { createEnv } from ${JSON.stringify(join(repoRoot, 'node_modules/yeoman-environment/dist/index.js'))};`,
      'const [cwd, namespace, options, ...args] = process.argv.slice(2);',
      'const env = createEnv({ cwd });',
      `await env.lookup({ packagePaths: [${JSON.stringify(join(modules, 'node_modules', 'generator-djangoflow'))}] });`,
      'await env.run([namespace, ...args], JSON.parse(options));',
      '',
    ].join('\n'),
  );
  return (cwd, namespace, options, ...args) =>
    run(process.execPath, [script, cwd, namespace, JSON.stringify(options), ...args], {
      cwd,
      env: yoEnv(),
      timeoutMs: 120_000,
    });
}

/**
 * A script that runs `yo <words>` as yo does with the command line it is given: the words
 * parsed by yargs-parser (the parser under yo's meow) without the generator's option types,
 * every option handed over camelCase and kebab-case (yo's legacy keys), the positionals as
 * the generator's arguments. The words stay in the process's arguments after the
 * generator's name, as they are under yo. `main` is the script's own part, calling `yo`.
 */
function commandLineScript(modules: string, name: string, main: readonly string[]): string {
  const script = join(modules, name);
  writeFileSync(
    script,
    [
      `import { readFileSync, writeFileSync } from 'node:fs';`,
      `import { createEnv } from ${JSON.stringify(join(repoRoot, 'node_modules/yeoman-environment/dist/index.js'))};`,
      `import parse from ${JSON.stringify(join(repoRoot, 'node_modules/yargs-parser/build/lib/index.js'))};`,
      'async function yo(cwd, words) {',
      // As meow configures it (populate--): the words after `--` stay apart, under '--'.
      "  const { _: input, ...flags } = parse(words, { configuration: { 'populate--': true } });",
      "  for (const key of Object.keys(flags)) flags[key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)] = flags[key];",
      '  const env = createEnv({ cwd });',
      `  await env.lookup({ packagePaths: [${JSON.stringify(join(modules, 'node_modules', 'generator-djangoflow'))}] });`,
      '  await env.run(input.map(String), flags);',
      '}',
      ...main,
      '',
    ].join('\n'),
  );
  return script;
}

const yoEnv = (): NodeJS.ProcessEnv => ({ ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined });

/** `yo <words>` in `cwd`, a process of its own (see commandLineScript). */
export function yoCommandLine(modules: string): (cwd: string, words: readonly string[]) => Promise<RunResult> {
  const script = commandLineScript(modules, 'yo-command-line.mjs', ['const [cwd, ...words] = process.argv.slice(2);', 'await yo(cwd, words);']);
  return (cwd, words) => run(process.execPath, [script, cwd, ...words], { cwd, env: yoEnv(), timeoutMs: 120_000 });
}

/**
 * Many `yo <words>` command lines, one after another in one process that loads Yeoman once
 * (its load is most of a run's CPU): each row with what a process of its own has, its
 * folder, its words in the process's arguments, no exit code yet; and each row's own
 * stdout, stderr (an uncaught error's stack included) and exit code.
 */
export function yoCommandLines(modules: string): (rows: ReadonlyArray<{ cwd: string; words: readonly string[] }>) => Promise<RunResult[]> {
  const script = commandLineScript(modules, 'yo-command-lines.mjs', [
    'const [file] = process.argv.slice(2);',
    'const streams = [process.stdout, process.stderr];',
    'const writes = streams.map((stream) => stream.write);',
    'const results = [];',
    "for (const { cwd, words } of JSON.parse(readFileSync(file, 'utf8'))) {",
    "  const output = ['', ''];",
    '  streams.forEach((stream, i) => (stream.write = (chunk, ...rest) => { output[i] += String(chunk); rest.find((arg) => typeof arg === "function")?.(); return true; }));',
    '  process.chdir(cwd);',
    '  process.argv = [process.argv[0], process.argv[1], cwd, ...words];',
    '  process.exitCode = undefined;',
    '  try {',
    '    await yo(cwd, words);',
    '  } catch (error) {',
    '    output[1] += `${error?.stack ?? error}\n`;',
    '    process.exitCode ||= 1;',
    '  }',
    '  streams.forEach((stream, i) => (stream.write = writes[i]));',
    '  results.push({ code: process.exitCode ?? 0, stdout: output[0], stderr: output[1] });',
    '}',
    'process.exitCode = 0;',
    'writeFileSync(file, JSON.stringify(results));',
  ]);
  let batches = 0;
  return async (rows) => {
    const file = join(modules, `yo-rows-${++batches}.json`);
    writeFileSync(file, JSON.stringify(rows));
    const batch = await run(process.execPath, [script, file], { cwd: modules, env: yoEnv(), timeoutMs: 120_000 + rows.length * 10_000 });
    if (batch.code !== 0) throw new Error(describeRun('the yo command lines', batch));
    return JSON.parse(readFileSync(file, 'utf8')) as RunResult[];
  };
}
