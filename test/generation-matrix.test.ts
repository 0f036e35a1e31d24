/**
 * The generation matrix: every value of every question at least once (one question varied
 * over `--defaults` at a time, derived from the question table, plus realistic
 * combinations). Each generated project must have the files its answers call for, pass
 * every static validator, and pass `manage.py check` on its pinned stack (its requirements
 * installed in a venv of its Python: stack.ts; each distinct set once; each check a fork of
 * one Python process per venv: manage-server.ts). A Python pyenv lacks fails that test
 * with the install's one clear line: nothing passes unchecked.
 */
import { jest } from '@jest/globals';
import { createHash } from 'node:crypto';
import { anymailProviders, questions } from '../lib/questions/table.js';
import { listFiles, readBytes, readText } from './support/files.js';
import type { GenerateResult } from './support/generate.js';
import { generateInProcess } from './support/generate-in-process.js';
import { cliArgs, coveredValues, defaultAnswers, matrixVariants, valuesOf, type Variant } from './support/matrix.js';
import { startPool } from './support/pool.js';
import { describeRun, type RunResult } from './support/process.js';
import { manageInServer, stopManageServers } from './support/manage-server.js';
import { recordedAnswers } from './support/python.js';
import { installProject, pyenvPython, projectPythonVersion } from './support/stack.js';
import { removeTempDir } from './support/tempdir.js';
import { noProblems, problemsOf, validateProject, type ValidationReport } from './support/validators.js';

type Effective = Record<string, string>;

const anymail = new Set(anymailProviders.map((provider) => provider.value));

/** Which files an answer calls for: checked on every variant against its effective answers. */
const dockerFiles = ['base/Dockerfile', 'src/Dockerfile', '.dockerignore', 'docker-compose.yml'];
const celeryFiles = ['src/config/celery_app.py', 'src/config/sections/celery.py', 'base/scripts/start-celeryworker', 'base/scripts/start-celerybeat'];

const fileRules: Array<{ when: (a: Effective) => boolean; present?: string[]; absent?: string[] }> = [
  {
    when: () => true,
    present: [
      'README.md',
      '.env.example',
      '.env',
      '.gitignore',
      '.editorconfig',
      'pyproject.toml',
      '.yo-rc.json',
      'base/requirements/base.txt',
      'base/requirements/local.txt',
      'base/requirements/production.txt',
      'base/scripts/entrypoint',
      'base/scripts/start',
      'src/manage.py',
      'src/config/urls.py',
      'src/config/wsgi.py',
      'src/config/asgi.py',
      'src/config/gunicorn.py',
      'src/config/settings/base.py',
      'src/config/settings/local.py',
      'src/config/settings/test.py',
      'src/config/settings/production.py',
      'src/config/web/settings.py',
      'src/config/web/urls.py',
      'src/config/admin/settings.py',
      'src/config/admin/urls.py',
      'src/apps/users/models.py',
      // The shared fixtures and the user factory every test can use.
      'src/conftest.py',
      'src/apps/users/tests/factories.py',
    ],
  },
  { when: (a) => a.api === 'drf', present: ['src/config/api/settings.py', 'src/config/api/urls.py'] },
  { when: (a) => a.api === 'none', absent: ['src/config/api/settings.py', 'src/config/api/urls.py'] },
  { when: (a) => a.ci === 'github', present: ['.github/workflows/ci.yml'], absent: ['.gitlab-ci.yml'] },
  { when: (a) => a.ci === 'gitlab', present: ['.gitlab-ci.yml'], absent: ['.github/workflows/ci.yml'] },
  { when: (a) => a.ci === 'none', absent: ['.gitlab-ci.yml', '.github/workflows/ci.yml'] },
  { when: (a) => a.preCommit === 'true', present: ['.pre-commit-config.yaml'] },
  { when: (a) => a.preCommit === 'false', absent: ['.pre-commit-config.yaml'] },
  { when: (a) => a.docker === 'true', present: dockerFiles },
  { when: (a) => a.docker === 'false', absent: dockerFiles },
  { when: (a) => a.license === 'proprietary', absent: ['LICENSE'] },
  { when: (a) => a.license !== 'proprietary', present: ['LICENSE'] },
  { when: (a) => a.celery === 'true', present: celeryFiles },
  { when: (a) => a.celery === 'false', absent: celeryFiles },
  { when: (a) => a.api === 'drf', present: ['src/config/sections/drf.py', 'src/apps/users/drf/urls.py'] },
  { when: (a) => a.api === 'none', absent: ['src/config/sections/drf.py', 'src/apps/users/drf/urls.py'] },
  { when: (a) => a.sentry === 'true', present: ['src/config/sections/sentry.py'] },
  { when: (a) => a.sentry === 'false', absent: ['src/config/sections/sentry.py'] },
  // Redis is there for the cache or as the Celery broker.
  { when: (a) => a.cache === 'redis' || a.celery === 'true', present: ['src/config/sections/redis.py', 'src/apps/core/tests/test_redis_tls.py'] },
  { when: (a) => a.cache !== 'redis' && a.celery !== 'true', absent: ['src/config/sections/redis.py'] },
  { when: (a) => a.storage !== 'local', present: ['src/config/sections/storages.py'] },
  { when: (a) => a.storage === 'local', absent: ['src/config/sections/storages.py'] },
  { when: (a) => anymail.has(a.email!), present: ['src/config/sections/anymail.py'] },
  { when: (a) => !anymail.has(a.email!), absent: ['src/config/sections/anymail.py'] },
  // --cloud: one cloud's stacks and overlays, the scripts between them.
  ...['gcp', 'aws', 'azure'].map((cloud) => ({
    when: (a: Effective) => a.cloud === cloud,
    present: [`deploy/terraform/${cloud}/staging/main.tf`, `deploy/kubernetes/overlays/${cloud}-production/kustomization.yaml`, 'deploy/terraform/stack-env'],
  })),
  { when: (a) => a.cloud === 'none', absent: ['deploy/terraform/stack-env', 'deploy/terraform/cluster-setup', '.github/workflows/deploy.yml'] },
];

/** Text each license's LICENSE file must contain. */
const licenseMarkers: Record<string, RegExp> = {
  MIT: /MIT License/,
  'BSD-3-Clause': /Redistribution and use in source and binary forms/,
  'Apache-2.0': /Apache License[\s\S]*Version 2\.0/,
};

/** Files whose content differs per run whatever the answers (secret key, recorded answers). */
const volatileFiles = new Set(['.env', '.yo-rc.json', '.djangoflow/pristine.json']);

interface VariantResult {
  generated: GenerateResult;
  report?: ValidationReport;
  check?: RunResult;
  /** The one-line install failure when the machine lacks the project's Python. */
  missingPython?: string;
  /** path → content hash, volatile files left out */
  tree?: Map<string, string>;
}

function fingerprint(dir: string, files: readonly string[]): Map<string, string> {
  const tree = new Map<string, string>();
  for (const path of files) {
    if (!volatileFiles.has(path)) tree.set(path, createHash('sha256').update(readBytes(dir, path)).digest('hex'));
  }
  return tree;
}

async function generateAndValidate(variant: Variant): Promise<VariantResult> {
  const generated = await generateInProcess(cliArgs(variant));
  if (generated.code !== 0) return { generated };
  const report = await validateProject(generated.dir);
  const tree = fingerprint(generated.dir, report.files);
  if (!pythonAvailable(projectPythonVersion(generated.dir))) {
    const missingPython = await installProject(generated.dir).then(
      () => 'installed',
      (error: Error) => error.message,
    );
    return { generated, report, missingPython, tree };
  }
  await installProject(generated.dir);
  // A fork of its venv's Python process (manage-server.ts): Django's import paid once per venv.
  const check = await manageInServer(generated.dir, ['check', '--fail-level', 'WARNING']);
  return { generated, report, check, tree };
}

function pythonAvailable(version: string): boolean {
  try {
    pyenvPython(version);
    return true;
  } catch {
    return false;
  }
}

// A test waits for its variant's turn in the pool: installs of up to ~20 distinct sets.
jest.setTimeout(1_500_000);

const variants = matrixVariants();
const defaults = defaultAnswers();
let results: Array<Promise<VariantResult>>;

beforeAll(() => {
  // Generation and the validators are mostly subprocess time: two at a time uses both cores.
  results = startPool(
    variants.map((variant) => () => generateAndValidate(variant)),
    2,
  );
});

afterAll(async () => {
  for (const result of await Promise.allSettled(results)) {
    if (result.status === 'fulfilled') removeTempDir(result.value.generated.dir);
  }
  // Every check has answered by now: no later one would start a server again.
  await stopManageServers();
});

test('the matrix covers every value of every question', () => {
  const covered = coveredValues(variants);
  const missing = questions.flatMap((q) => valuesOf(q).map((v) => `${q.name}=${v}`)).filter((key) => !covered.has(key));
  expect(missing).toEqual([]);
});

describe.each(variants.map((variant, index) => [variant.label, variant, index] as const))(
  '%s',
  (_label, variant, index) => {
    const effective: Effective = Object.fromEntries(
      Object.entries({ ...defaults, ...variant.answers }).map(([name, value]) => [name, String(value)]),
    );

    test('generates with exit 0 and records the answers', async () => {
      const { generated } = await results[index]!;
      expect(describeRun('djangoflow', generated)).toMatch(/^djangoflow exited with 0/);
      const recorded = recordedAnswers(generated.dir);
      for (const [name, value] of Object.entries(variant.answers))
        expect([name, String(recorded[name])]).toEqual([name, value]);
    });

    test('has the files its answers call for', async () => {
      const { generated, report } = await results[index]!;
      expect(report).toBeDefined();
      const files = new Set(report!.files);
      const wrong: string[] = [];
      for (const rule of fileRules.filter((r) => r.when(effective))) {
        for (const path of rule.present ?? []) if (!files.has(path)) wrong.push(`missing ${path}`);
        for (const path of rule.absent ?? []) if (files.has(path)) wrong.push(`unexpected ${path}`);
      }
      const marker = licenseMarkers[effective.license!];
      if (marker && files.has('LICENSE') && !marker.test(readText(generated.dir, 'LICENSE'))) {
        wrong.push(`LICENSE is not the ${effective.license} text`);
      }
      expect(wrong).toEqual([]);
    });

    test('passes every static validator', async () => {
      const { report } = await results[index]!;
      expect(report).toBeDefined();
      expect(problemsOf(report!)).toEqual(noProblems);
    });

    test('manage.py check passes on its pinned stack (local settings, no services)', async () => {
      const { check, missingPython } = await results[index]!;
      // This machine lacks the project's Python: the test fails with the install's one line
      // (nothing was checked), after making sure that line is the clear one.
      if (missingPython !== undefined) {
        expect(missingPython).toMatch(/^Python \d+\.\d+ is not installed under pyenv .*no fallback to another Python\)$/);
        throw new Error(missingPython);
      }
      expect(check).toBeDefined();
      expect(describeRun('manage.py check', check!)).toMatch(/^manage\.py check exited with 0/);
    });

    if (variant.answers.projectName) {
      test('carries no other project name (all examples derive from the answers)', async () => {
        const { generated, report } = await results[index]!;
        expect(report).toBeDefined();
        const leaks = report!.files.filter(
          (path) => !volatileFiles.has(path) && /acme/i.test(readBytes(generated.dir, path).toString('utf8')),
        );
        expect(leaks).toEqual([]);
      });
    }

    if (index > 0) {
      test('differs from the defaults', async () => {
        const [{ tree }, { tree: defaultTree }] = await Promise.all([results[index]!, results[0]!]);
        expect(tree).toBeDefined();
        expect(defaultTree).toBeDefined();
        const changed = [...new Set([...tree!.keys(), ...defaultTree!.keys()])].filter(
          (path) => tree!.get(path) !== defaultTree!.get(path),
        );
        expect(changed.length).toBeGreaterThan(0);
      });
    }
  },
);

test('a generated tree is listed relative to its root', async () => {
  const { generated } = await results[0]!;
  expect(listFiles(generated.dir)).toContain('src/manage.py');
});
