/**
 * The update bots' configs: dependabot (pip, Docker, GitHub Actions) when the CI is GitHub's,
 * renovate when it is GitLab's; Django and the DjangoFlow modules grouped; both valid against
 * the schemas check-jsonschema vendors (installed into a test tool venv), which do refuse a
 * broken config.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { generate } from './support/generate.js';
import { chooseInstaller, createAndInstall } from './support/installer.js';
import { describeRun, run } from './support/process.js';
import { withDirLock } from './support/dir-lock.js';
import { cacheRoot, pipCacheDir, pyenvPython, uvCacheDir } from './support/stack.js';
import { removeTempDir } from './support/tempdir.js';

const checkJsonschemaVersion = '0.39.0';
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeTempDir));

async function project(args: string[]): Promise<string> {
  const result = await generate(['--defaults', '--project-name', 'Acme Shop', ...args]);
  dirs.push(result.dir);
  if (result.code !== 0) throw new Error(describeRun('djangoflow', result));
  return result.dir;
}

/** check-jsonschema in a tool venv under the test cache, built once. */
async function checkJsonschema(): Promise<string> {
  const venv = join(cacheRoot(), 'tools', `check-jsonschema-${checkJsonschemaVersion}`);
  const bin = join(venv, 'bin/check-jsonschema');
  if (existsSync(bin)) return bin;
  return withDirLock(`${venv}.lock`, async () => {
    if (existsSync(bin)) return bin;
    await createAndInstall(chooseInstaller(), {
      interpreter: pyenvPython('3.13'),
      venv,
      cwd: cacheRoot(),
      args: [`check-jsonschema==${checkJsonschemaVersion}`],
      env: { ...process.env, PIP_CACHE_DIR: pipCacheDir() },
      uvCache: uvCacheDir(),
      timeoutMs: 300_000,
    });
    return bin;
  });
}

const validate = async (schema: string, file: string) =>
  run(await checkJsonschema(), ['--builtin-schema', `vendor.${schema}`, file], { timeoutMs: 120_000 });

test('GitHub CI: dependabot for pip (tiers and locked sets), Docker and actions; Django and django-df-* grouped; valid', async () => {
  const dir = await project(['--ci', 'github', '--docker']);
  expect(existsSync(join(dir, 'renovate.json'))).toBe(false);
  const path = join(dir, '.github/dependabot.yml');
  const config = parse(readFileSync(path, 'utf8')) as { updates: Array<Record<string, unknown>> };
  expect(config.updates.map((update) => update['package-ecosystem'])).toEqual(['pip', 'docker', 'github-actions']);
  expect(config.updates[0]!.directories).toEqual(['/base/requirements', '/base/requirements/locked']);
  expect(config.updates[0]!.groups).toEqual({ django: { patterns: ['django', 'django-df-*'] } });
  const valid = await validate('dependabot', path);
  expect(valid.code).toBe(0);
  // The schema refuses what dependabot would: an interval it does not know.
  writeFileSync(path, readFileSync(path, 'utf8').replace('interval: weekly', 'interval: hourly'));
  const broken = await validate('dependabot', path);
  expect(broken.code).not.toBe(0);
}, 600_000);

test('no Docker: dependabot has no docker entry', async () => {
  const dir = await project(['--ci', 'github', '--no-docker']);
  const config = parse(readFileSync(join(dir, '.github/dependabot.yml'), 'utf8')) as { updates: Array<Record<string, unknown>> };
  expect(config.updates.map((update) => update['package-ecosystem'])).toEqual(['pip', 'github-actions']);
}, 120_000);

test('GitLab CI: renovate reads the tier and locked files; Django and django-df-* in one group; valid', async () => {
  const dir = await project(['--ci', 'gitlab']);
  expect(existsSync(join(dir, '.github'))).toBe(false);
  const path = join(dir, 'renovate.json');
  const config = JSON.parse(readFileSync(path, 'utf8')) as {
    pip_requirements: { managerFilePatterns: string[] };
    packageRules: Array<{ matchPackageNames: string[] }>;
  };
  const pattern = config.pip_requirements.managerFilePatterns[0]!;
  const regex = new RegExp(pattern.slice(1, -1));
  expect(['base/requirements/base.txt', 'base/requirements/locked/local.txt'].every((file) => regex.test(file))).toBe(true);
  expect(regex.test('docs/requirements.md')).toBe(false);
  expect(config.packageRules[0]!.matchPackageNames).toEqual(['django', 'django-df-*']);
  const valid = await validate('renovate', path);
  expect(valid.code).toBe(0);
  writeFileSync(path, JSON.stringify({ ...config, packageRules: [{ groupName: 5, matchPackageNames: ['django'] }] }));
  const broken = await validate('renovate', path);
  expect(broken.code).not.toBe(0);
}, 600_000);
