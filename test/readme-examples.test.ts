/**
 * The README's example session, run: each `$ djangoflow ...` line of the console block under
 * "Example session" runs with the bin in a fresh git folder, and its output must be the
 * lines the README shows under it. A README that drifts from the generator fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from './support/generate.js';
import { repoRoot } from './support/paths.js';
import { run } from './support/process.js';
import { makeTempDir, removeTempDir } from './support/tempdir.js';
import { installedPackage, yoRunner } from './support/yeoman.js';

interface Step {
  command: string;
  output: string[];
}

/** The console block after `heading`: each `$ ` line and the lines it printed. */
function consoleSteps(heading: string): Step[] {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf(heading));
  const block = /```console\n([\s\S]*?)```/.exec(section)![1]!;
  const steps: Step[] = [];
  for (const line of block.trimEnd().split('\n')) {
    if (line.startsWith('$ ')) steps.push({ command: line.slice(2), output: [] });
    else steps.at(-1)!.output.push(line);
  }
  return steps;
}

/** Shell words of a simple command line: spaces split, double quotes group. */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

test('the example session prints what the README shows', async () => {
  const steps = consoleSteps('### Example session');
  const generating = steps.filter((step) => step.command.startsWith('djangoflow '));
  expect(generating.length).toBeGreaterThan(0);
  const dir = makeTempDir('readme');
  try {
    expect((await run('git', ['init', '-q'], { cwd: dir })).code).toBe(0);
    for (const step of generating) {
      const result = await generate(words(step.command).slice(1), { cwd: dir });
      expect({ command: step.command, code: result.code, output: result.stdout.trimEnd().split('\n') }).toEqual({
        command: step.command,
        code: 0,
        output: step.output,
      });
    }
  } finally {
    removeTempDir(dir);
  }
});

/** `--name value`, `--flag` and quoted values as the options object yo hands a generator. */
function yoOptions(args: string[]): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i++) {
    const name = args[i]!.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (args[i + 1] !== undefined && !args[i + 1]!.startsWith('--')) options[name] = args[++i];
    else options[name] = true;
  }
  return options;
}

test('the example session under yo (yo djangoflow ...) prints the same', async () => {
  const steps = consoleSteps('### Example session').filter((step) => step.command.startsWith('djangoflow '));
  const modules = installedPackage('readme-yo');
  const dir = makeTempDir('readme-yo');
  try {
    const yo = yoRunner(modules);
    for (const step of steps) {
      const result = await yo(dir, 'djangoflow', yoOptions(words(step.command).slice(1)));
      // Yeoman's log writes to stderr.
      expect({ command: `yo ${step.command}`, code: result.code, output: result.stderr.trimEnd().split('\n') }).toEqual({
        command: `yo ${step.command}`,
        code: 0,
        output: step.output,
      });
    }
  } finally {
    removeTempDir(dir);
    removeTempDir(modules);
  }
}, 120_000);
