/** Each validator passes good files and reports bad ones (so matrix results can fail). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isShellScript, listFiles } from './files.js';
import { globToRegExp, ruffProblems } from './ruff.js';
import { makeTempDir, removeTempDir } from './tempdir.js';
import {
  composeProblems,
  jsonProblems,
  noProblems,
  problemsOf,
  shellProblems,
  templateTagProblems,
  textHygieneProblems,
  validateProject,
  workflowProblems,
  yamlProblems,
} from './validators.js';

let dir: string;
const write = (path: string, content: string | Buffer): void => {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), content);
};

beforeEach(() => {
  dir = makeTempDir('validators');
});
afterEach(() => removeTempDir(dir));

const goodWorkflow = `name: CI
on:
  push:
    branches: [main]
jobs:
  test:
    runs-on: ubuntu-latest
    services:
      postgres:
        image: postgres:17
        env:
          POSTGRES_PASSWORD: postgres
    steps:
      - uses: actions/checkout@v4
      - run: echo ok
`;

test('listFiles skips VCS and cache folders and sorts', () => {
  write('b.txt', 'b\n');
  write('a/c.txt', 'c\n');
  write('.git/HEAD', 'ref\n');
  write('src/__pycache__/x.pyc', Buffer.from([0, 1]));
  expect(listFiles(dir)).toEqual(['a/c.txt', 'b.txt']);
});

test('template tags left in any text file are reported with their line', () => {
  write('ok.py', 'x = "{% url %}"\n');
  write('bad.py', 'x = 1\nname = "<%= projectName %>"\n');
  write('bad.md', 'done -%>\n');
  expect(templateTagProblems(dir, listFiles(dir))).toEqual([
    'bad.md:1: template tag left: done -%>',
    'bad.py:2: template tag left: name = "<%= projectName %>"',
  ]);
});

test('CRLF endings and a missing final newline are reported; empty and binary files pass', () => {
  write('crlf.txt', 'a\r\nb\r\n');
  write('open.txt', 'no newline');
  write('empty.py', '');
  write('image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0x0d]));
  write('fine.txt', 'fine\n');
  expect(textHygieneProblems(dir, listFiles(dir))).toEqual([
    'crlf.txt: has CR (non-LF) line endings',
    'open.txt: does not end with a newline',
  ]);
});

test('JSON must parse', () => {
  write('ok.json', '{"a": 1}\n');
  write('bad.json', '{"a": 1,}\n');
  const problems = jsonProblems(dir, listFiles(dir));
  expect(problems).toHaveLength(1);
  expect(problems[0]).toMatch(/^bad\.json: /);
});

describe('ruff', () => {
  const pyproject = `[tool.ruff]
line-length = 100
[tool.ruff.lint]
select = ["E", "F", "I", "DJ"]
per-file-ignores = { "*/migrations/*" = ["E501"] }
[tool.ruff.lint.isort]
known-first-party = ["config"]
`;

  test('clean, formatted code passes under the project configuration', () => {
    write('pyproject.toml', pyproject);
    write(
      'src/config/ok.py',
      'import os\n\nfrom django.db import models\n\nfrom config import x\n\nprint(os, models, x)\n',
    );
    expect(ruffProblems(dir, listFiles(dir))).toEqual({ lint: [], format: [], config: [] });
  });

  test('lint errors (incl. DJ), syntax errors and unformatted code are reported', () => {
    write('pyproject.toml', pyproject);
    write(
      'src/apps/shop/models.py',
      'from django.db import models\n\n\nclass Item(models.Model):\n    name = models.CharField(max_length=9, null=True)\n',
    );
    write('src/unused.py', 'import os\n');
    write('src/broken.py', 'def f(:\n    pass\n');
    write('src/ugly.py', "x = {  'a':1 }\n");
    const { lint, format } = ruffProblems(dir, listFiles(dir));
    expect(lint).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^src\/apps\/shop\/models\.py:4:\d+: DJ008 /),
        expect.stringMatching(/^src\/apps\/shop\/models\.py:5:\d+: DJ001 /),
        expect.stringMatching(/^src\/unused\.py:1:8: F401 /),
        expect.stringMatching(/^src\/broken\.py:1:\d+: invalid-syntax /),
      ]),
    );
    expect(format).toEqual(expect.arrayContaining(['src/ugly.py: not ruff-formatted']));
  });

  test('per-file-ignores apply by path; required rules apply even if the project omits them', () => {
    write(
      'pyproject.toml',
      '[tool.ruff.lint]\nselect = ["E501"]\nper-file-ignores = { "*/migrations/*" = ["E501"] }\n',
    );
    const long = `x = "${'a'.repeat(100)}"\n`;
    write('src/apps/a/migrations/0001_initial.py', long);
    write('src/long.py', long);
    write('src/unused.py', 'import os\n');
    const { lint, config } = ruffProblems(dir, listFiles(dir));
    expect(lint).toEqual([
      expect.stringMatching(/^src\/long\.py:1:\d+: E501 /),
      expect.stringMatching(/^src\/unused\.py:1:8: F401 /),
    ]);
    expect(config).toEqual(['pyproject.toml: [tool.ruff.lint] does not select the Django rules (DJ)']);
  });

  test('globs behave like ruff per-file-ignores patterns', () => {
    expect(globToRegExp('*/migrations/*').test('src/apps/users/migrations/0001_initial.py')).toBe(true);
    expect(globToRegExp('**/tests/**').test('src/apps/users/tests/test_x.py')).toBe(true);
    expect(globToRegExp('settings/*.py').test('src/config/settings/base.py')).toBe(true);
    expect(globToRegExp('tests/*.py').test('src/apps/users/models.py')).toBe(false);
  });
});

test('YAML must parse and be free of yamllint (relaxed) errors', async () => {
  write('ok.yaml', 'a: 1\n---\nb: [1, 2]\n');
  write('broken.yml', 'a: [1, 2\n');
  write('dupe.yml', 'a: 1\na: 2\n');
  const problems = await yamlProblems(dir, listFiles(dir));
  expect(problems.some((p) => p.startsWith('broken.yml: '))).toBe(true);
  expect(problems.some((p) => p.startsWith('dupe.yml:') && p.includes('key-duplicates'))).toBe(true);
  expect(problems.some((p) => p.startsWith('ok.yaml'))).toBe(false);
});

test('compose files are checked with docker-compose config', async () => {
  write('docker-compose.yml', 'services:\n  web:\n    image: python:3.13\n    ports: ["8000:8000"]\n');
  write('deploy/compose.prod.yaml', 'services:\n  web:\n    imagee: python\n');
  const problems = await composeProblems(dir, listFiles(dir));
  expect(problems).toHaveLength(1);
  expect(problems[0]).toMatch(/^deploy\/compose\.prod\.yaml: docker-compose config: .*imagee/s);
});

test('GitHub workflows are validated against the workflow schema', () => {
  write('.github/workflows/ci.yml', goodWorkflow);
  write('.github/workflows/bad.yaml', goodWorkflow.replace('runs-on', 'runs_on'));
  write('.github/dependabot.yml', 'version: 2\n');
  const problems = workflowProblems(dir, listFiles(dir));
  expect(problems.length).toBeGreaterThan(0);
  expect(problems.every((p) => p.startsWith('.github/workflows/bad.yaml: '))).toBe(true);
  expect(problems.join('\n')).toMatch(/runs_on/);
});

test('shell scripts are found by shebang and checked with shellcheck', async () => {
  write('base/scripts/start', '#!/bin/bash\nset -euo pipefail\nexec gunicorn "$@"\n');
  write('tools/deploy', '#!/usr/bin/env sh\necho $1\n');
  write('src/manage.py', '#!/usr/bin/env python\nprint(1)\n');
  expect(isShellScript('src/manage.py', '#!/usr/bin/env python\n')).toBe(false);
  expect(isShellScript('x', '#!/usr/bin/env bash\n')).toBe(true);
  const problems = await shellProblems(dir, listFiles(dir));
  expect(problems).toEqual([
    expect.stringMatching(/^tools\/deploy:2:6: note: Double quote to prevent globbing.*\[SC2086\]$/),
  ]);
});

test('validateProject collects every check; a clean tree has no problems', async () => {
  write('pyproject.toml', '[tool.ruff.lint]\nselect = ["E", "F", "DJ"]\n');
  write('src/app.py', 'print("hi")\n');
  write('.github/workflows/ci.yml', goodWorkflow);
  write('docker-compose.yml', 'services:\n  web:\n    image: python:3.13\n');
  write('base/scripts/start', '#!/bin/bash\nset -euo pipefail\nexec gunicorn "$@"\n');
  const report = await validateProject(dir);
  expect(report.files).toContain('src/app.py');
  expect(problemsOf(report)).toEqual(noProblems);
});
