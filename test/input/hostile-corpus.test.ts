/**
 * Issue 15's hostile-text corpus over the generation matrix: each hostile text is the
 * project name, the description and the author of a project (the variants cycle through
 * the matrix's realistic combinations), and every generated file must still parse in its
 * language: Python (compiled by Python 3.13, linted and format-checked by ruff), YAML,
 * TOML, JSON, compose, workflows, shell, .env files; Django templates hold no template
 * syntax from the text; pyproject.toml reads back the text exactly; and `manage.py check`
 * passes on the project's pinned stack (test/support/stack.ts installProject).
 */
import { existsSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { readText } from '../support/files.js';
import { generate, type GenerateResult } from '../support/generate.js';
import { cliArgs, combinations, type Variant } from '../support/matrix.js';
import { hostileTexts } from '../support/hostile.js';
import { startPool } from '../support/pool.js';
import { describeRun, run, type RunResult } from '../support/process.js';
import { manage } from '../support/python.js';
import { installProject } from '../support/stack.js';
import { removeTempDir } from '../support/tempdir.js';
import { noProblems, problemsOf, validateProject, type ValidationReport } from '../support/validators.js';

/** pyenv's CPython 3.13: the version the generated projects run on. */
const python313 = `${process.env.HOME ?? '/root'}/.pyenv/versions/3.13.0/bin/python`;

const variants: Variant[] = [{ label: 'defaults', answers: {} }, ...combinations];

interface Case {
  text: string;
  variant: Variant;
  args: string[];
}

/** The description and the author carry the text too (within their own length limits). */
const cases: Case[] = hostileTexts.map((text, index) => {
  const variant = variants[index % variants.length]!;
  const base = cliArgs({ label: variant.label, answers: { ...variant.answers } }).filter((arg) => arg !== '--defaults');
  const withoutName = base.filter((arg, i) => arg !== '--project-name' && base[i - 1] !== '--project-name');
  return {
    text,
    variant,
    args: ['--defaults', '--project-name', text, '--description', `${text} (description)`, '--author-name', text, ...withoutName],
  };
});

interface Result {
  generated: GenerateResult;
  report?: ValidationReport;
  compile?: RunResult;
  check?: RunResult;
}

/** Compiles every Python file of the project with Python 3.13; prints the ones that fail. */
const compileAll = (dir: string, files: string[]) =>
  run(
    python313,
    ['-c', 'import sys\nfor f in sys.argv[1:]:\n    try:\n        compile(open(f, "rb").read(), f, "exec")\n    except SyntaxError as e:\n        print(f, e)\n', ...files],
    { cwd: dir, timeoutMs: 60_000 },
  );

let results: Array<Promise<Result>>;
beforeAll(() => {
  results = startPool(
    cases.map((item) => async (): Promise<Result> => {
      const generated = await generate(item.args);
      if (generated.code !== 0) return { generated };
      const report = await validateProject(generated.dir);
      const compile = await compileAll(generated.dir, report.files.filter((file) => file.endsWith('.py')));
      await installProject(generated.dir);
      const check = await manage(generated.dir, ['check']);
      return { generated, report, compile, check };
    }),
    2,
  );
});
afterAll(async () => {
  for (const result of await Promise.allSettled(results)) if (result.status === 'fulfilled') removeTempDir(result.value.generated.dir);
});

test('python 3.13 is where the issue says', () => {
  expect(existsSync(python313)).toBe(true);
});

describe.each(cases.map((item, index) => [JSON.stringify(item.text).slice(0, 60), item.variant.label, index] as const))('%s on %s', (_, __, index) => {
  const item = cases[index]!;
  const done = async () => {
    const result = await results[index]!;
    expect(describeRun('djangoflow', result.generated)).toMatch(/^djangoflow exited with 0/);
    return result as Required<Result>;
  };

  test('every file parses in its language (static validators, Python 3.13)', async () => {
    const { report, compile } = await done();
    expect(problemsOf(report)).toEqual(noProblems);
    expect(compile.stdout + compile.stderr).toBe('');
    expect(compile.code).toBe(0);
  }, 1_800_000);

  test('pyproject.toml reads back the text; .env files stay one variable a line', async () => {
    const { generated, report } = await done();
    const pyproject = parseToml(readText(generated.dir, 'pyproject.toml')) as { project: { description: string; authors: { name: string }[] } };
    expect(pyproject.project.description).toBe(`${item.text} (description)`);
    expect(pyproject.project.authors[0]!.name).toBe(item.text);
    for (const file of report.files.filter((path) => /(^|\/)\.env(\.example)?$|\.example\.env$/.test(path))) {
      const text = readText(generated.dir, file);
      // django-environ splits lines with str.splitlines: no separator but \n may appear.
      expect(text).not.toMatch(/[\r\v\f\x1c-\x1e\x85\u2028\u2029]/);
      for (const line of text.split('\n')) {
        if (line === '' || line.startsWith('#')) continue;
        const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
        expect(match).not.toBeNull();
      }
    }
  }, 1_800_000);

  test('Django templates hold the text as references, never as template syntax or markup', async () => {
    const { generated, report } = await done();
    for (const file of report.files.filter((path) => path.endsWith('.html'))) {
      const text = readText(generated.dir, file);
      expect(text).not.toContain('{{ request.META');
      expect(text).not.toContain('{% debug');
      expect(text).not.toContain('{# c #}');
      expect(text).not.toContain('<script>');
    }
  }, 1_800_000);

  test('manage.py check passes on its pinned stack', async () => {
    const { check } = await done();
    expect(describeRun('manage.py check', check)).toMatch(/exited with 0/);
  }, 1_800_000);
});
