/**
 * `yo` as a user has it: this package installed under the name generator-djangoflow (a
 * symlink in a temporary node_modules), found by Yeoman's own lookup.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEnv } from 'yeoman-environment';
import { repoRoot } from './paths.js';
import { type RunResult, run } from './process.js';
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
      env: { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined },
      timeoutMs: 120_000,
    });
}

/**
 * Runs `yo <words>` as yo does with the command line it is given: the words parsed by
 * yargs-parser (the parser under yo's meow) without the generator's option types, every
 * option handed over camelCase and kebab-case (yo's legacy keys), the positionals as the
 * generator's arguments. The words stay in the process's arguments after the generator's
 * name, as they are under yo.
 */
export function yoCommandLine(modules: string): (cwd: string, words: readonly string[]) => Promise<RunResult> {
  const script = join(modules, 'yo-command-line.mjs');
  writeFileSync(
    script,
    [
      `import { createEnv } from ${JSON.stringify(join(repoRoot, 'node_modules/yeoman-environment/dist/index.js'))};`,
      `import parse from ${JSON.stringify(join(repoRoot, 'node_modules/yargs-parser/build/lib/index.js'))};`,
      'const [cwd, ...words] = process.argv.slice(2);',
      // As meow configures it (populate--): the words after `--` stay apart, under '--'.
      "const { _: input, ...flags } = parse(words, { configuration: { 'populate--': true } });",
      "for (const key of Object.keys(flags)) flags[key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)] = flags[key];",
      'const env = createEnv({ cwd });',
      `await env.lookup({ packagePaths: [${JSON.stringify(join(modules, 'node_modules', 'generator-djangoflow'))}] });`,
      'await env.run(input.map(String), flags);',
      '',
    ].join('\n'),
  );
  return (cwd, words) =>
    run(process.execPath, [script, cwd, ...words], { cwd, env: { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined }, timeoutMs: 120_000 });
}
