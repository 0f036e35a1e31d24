/**
 * What the model tests share: git with an identity, a committed project with the blog app
 * and its Post model (copied fresh for each test), and the real-stack round after a change
 * (makemigrations, then --check, migrate, the app's tests).
 */
import { execFileSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { readText } from '../support/files.js';
import { generate } from '../support/generate.js';
import type { TestDatabase } from '../support/machine-services.js';
import { describeRun, type RunResult } from '../support/process.js';
import { manageEach, pytest } from '../support/python.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';

export const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', ...args], { cwd: dir, encoding: 'utf8' });

/** Commits everything; a change that left nothing to commit (no migration needed) is fine. */
export function commitAll(dir: string, message: string): void {
  git(dir, 'add', '-A');
  if (git(dir, 'status', '--porcelain').trim()) git(dir, 'commit', '-qm', message);
}

export function expectSuccess(label: string, result: RunResult): void {
  expect({ label, code: result.code, output: describeRun(label, result) }).toMatchObject({ code: 0 });
}

export const recordedModels = (dir: string, app: string) =>
  JSON.parse(readText(dir, '.yo-rc.json'))['generator-djangoflow'].apps.find((a: { name: string }) => a.name === app).models;

/**
 * A committed project (DRF on) with `startapp blog --model Post title:str`, made once in
 * beforeAll (`base()`, not to be changed); `copy(label)` hands each test its own committed
 * copy. Folders (and those given to `removeLater`) go in afterAll.
 */
export function blogProject(prefix: string): { base: () => string; copy: (label: string) => string; removeLater: (dir: string) => void } {
  let base = '';
  const temps: string[] = [];
  beforeAll(async () => {
    const generated = await generate(['--defaults', '--project-name', 'Acme', '--api', 'drf']);
    base = generated.dir;
    temps.push(base);
    if (generated.code !== 0) throw new Error(describeRun('generate', generated));
    git(base, 'init', '-q');
    commitAll(base, 'generated');
    const blog = await generate(['startapp', 'blog', '--model', 'Post', 'title:str'], { cwd: base });
    if (blog.code !== 0) throw new Error(describeRun('startapp', blog));
    commitAll(base, 'blog');
  });
  afterAll(() => temps.forEach(removeTempDir));
  return {
    base: () => base,
    removeLater: (dir: string) => void temps.push(dir),
    copy(label: string): string {
      const dir = makeTempDir(`${prefix}-${label}`);
      temps.push(dir);
      cpSync(base, dir, { recursive: true });
      return dir;
    },
  };
}

/**
 * makemigrations blog, then --check, migrate and the app's tests pass; returns pytest's output.
 * The three commands run in one Python process (manageEach). pytest keeps its test database
 * between rounds (--reuse-db): the first round builds it from every migration, a later one
 * applies the migrations made since, as `migrate` does on the project's database.
 */
export async function migrateAndTest(dir: string, database: TestDatabase): Promise<{ made: string; tests: string }> {
  const [made, checked, migrated] = await manageEach(
    dir,
    [['makemigrations', 'blog', '--noinput'], ['makemigrations', '--check', '--dry-run'], ['migrate', '--noinput']],
    { DATABASE_URL: database.url },
  );
  expectSuccess('makemigrations blog', made!);
  expectSuccess('makemigrations --check', checked!);
  expectSuccess('migrate', migrated!);
  const tests = await pytest(dir, ['-q', '--reuse-db', '-rA', 'src/apps/blog'], { DATABASE_URL: database.url });
  expectSuccess('pytest', tests);
  commitAll(dir, 'migrated');
  return { made: made!.stdout, tests: tests.stdout };
}
