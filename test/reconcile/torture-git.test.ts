/**
 * Torture, the base against git history and layouts: resets undoing a run, branches,
 * monorepo subfolders (names with a space or characters git refuses in refs, `git mv`),
 * commands run in a subfolder, a lost record, unresolved conflicts and the index. The
 * refusals run the real bin (one line on its stderr, its exit code); the other commands run
 * its main in this process (torture-harness.ts `djangoflowInProcess`).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  commitAll,
  djangoflow,
  djangoflowInProcess,
  expectAsCommitted,
  expectOneLineError,
  git,
  makeSeed,
  read,
  recorded,
  removeSandboxes,
  sandbox,
  snapshot,
  write,
} from './torture-harness.js';

let seed: string;
/** A project generated with --deploy kubernetes (its API and worker manifests). */
let k8sSeed: string;
/** A repository `mono` whose subfolder `api` is a project generated there and committed. */
let monorepoSeed: string;

async function makeMonorepoSeed(): Promise<string> {
  const sb = sandbox(null, 'mono');
  git(sb.project, 'init', '-q', '-b', 'main');
  mkdirSync(join(sb.project, 'api'));
  const generated = await djangoflowInProcess(join(sb.project, 'api'), ['--defaults']);
  expect(generated.stderr).toBe('');
  expect(generated.code).toBe(0);
  commitAll(sb.project, 'generated');
  return sb.project;
}

/** A copy of the monorepo seed: the repository and its project `api`. */
function monorepo(): { repo: string; project: string } {
  const repo = sandbox(monorepoSeed, 'mono').project;
  return { repo, project: join(repo, 'api') };
}

beforeAll(async () => {
  [seed, k8sSeed, monorepoSeed] = await Promise.all([makeSeed(), makeSeed(['--defaults', '--deploy', 'kubernetes']), makeMonorepoSeed()]);
});
afterAll(removeSandboxes);

/** Lines of a run's report that blame the user for the generator's own files. */
function blames(output: string): string[] {
  return output.split('\n').filter((line) => /you deleted it|you edited it|kept because you edited/.test(line));
}

describe('torture: a base that follows git', () => {
  it('git reset --hard undoing a committed startapp: check is truthful, the next run blames nobody', async () => {
    const sb = sandbox(seed);
    expect((await djangoflowInProcess(sb.project, ['startapp', 'blog'])).code).toBe(0);
    commitAll(sb.project, 'blog');
    git(sb.project, 'reset', '-q', '--hard', 'HEAD~1');
    const check = await djangoflowInProcess(sb.project, ['upgrade', '--check']);
    expect(check.stdout).toMatch(/up to date/);
    const next = await djangoflowInProcess(sb.project, ['startapp', 'shop', '--verbose']);
    expect(next.code).toBe(0);
    expect(blames(next.stdout)).toEqual([]);
    expect(recorded(sb.project).apps.map((a) => a.name)).toEqual(['shop']);
    expect(existsSync(join(sb.project, 'src/apps/blog'))).toBe(false);
  });

  it('an uncommitted run thrown away with reset and clean: the same startapp creates the app again', async () => {
    const sb = sandbox(seed);
    expect((await djangoflowInProcess(sb.project, ['startapp', 'blog'])).code).toBe(0);
    git(sb.project, 'reset', '-q', '--hard');
    git(sb.project, 'clean', '-qfd');
    expect((await djangoflowInProcess(sb.project, ['upgrade', '--check'])).code).toBe(0);
    const again = await djangoflowInProcess(sb.project, ['startapp', 'blog', '--verbose']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Added src\/apps\/blog\//);
    expect(blames(again.stdout)).toEqual([]);
    expect(existsSync(join(sb.project, 'src/apps/blog/models.py'))).toBe(true);
  });

  it('two branches keep their own bases', async () => {
    const sb = sandbox(seed);
    git(sb.project, 'checkout', '-q', '-b', 'feature');
    expect((await djangoflowInProcess(sb.project, ['startapp', 'blog'])).code).toBe(0);
    commitAll(sb.project, 'blog on feature');
    git(sb.project, 'checkout', '-q', 'main');
    const onMain = await djangoflowInProcess(sb.project, ['startapp', 'shop', '--verbose']);
    expect(onMain.code).toBe(0);
    expect(blames(onMain.stdout)).toEqual([]);
    commitAll(sb.project, 'shop on main');
    git(sb.project, 'checkout', '-q', 'feature');
    const check = await djangoflowInProcess(sb.project, ['upgrade', '--check']);
    expect(check.stdout).toMatch(/up to date/);
    expect(check.code).toBe(0);
    const plugin = await djangoflowInProcess(sb.project, ['plugin', 'celery', '--defaults', '--verbose']);
    expect(plugin.code).toBe(0);
    expect(blames(plugin.stdout)).toEqual([]);
  });

  it('a checkout of an older commit: check compares with that commit, not with the newest render', async () => {
    const sb = sandbox(seed);
    expect((await djangoflowInProcess(sb.project, ['startapp', 'blog'])).code).toBe(0);
    commitAll(sb.project, 'blog');
    git(sb.project, 'checkout', '-q', 'HEAD~1');
    const check = await djangoflowInProcess(sb.project, ['upgrade', '--check']);
    expect(check.code).toBe(0);
    expect(check.stdout).not.toMatch(/skip|keep/);
  });
});

describe('torture: monorepos', () => {
  it.each([
    ['a plain subfolder', 'mono/services/api'],
    ['a folder with a space', 'mono/my services/api'],
    ['folders git refuses in ref names', 'mono/a..b/x~y:z/.hidden'],
  ])('a project in %s is generated and reconciled', async (_label, path) => {
    const sb = sandbox(null, path);
    const repo = join(sb.root, 'mono');
    git(repo, 'init', '-q', '-b', 'main');
    write(repo, 'other/keep.txt', 'another team\n');
    commitAll(repo, 'monorepo');
    const outside = snapshot(sb.outside);
    const generated = await djangoflowInProcess(sb.project, ['--defaults']);
    expect(generated.stderr).toBe('');
    expect(generated.code).toBe(0);
    commitAll(repo, 'generated');
    const app = await djangoflowInProcess(sb.project, ['startapp', 'blog']);
    expect(app.code).toBe(0);
    commitAll(repo, 'blog');
    expect((await djangoflowInProcess(sb.project, ['upgrade', '--check'])).code).toBe(0);
    expect(git(repo, 'for-each-ref', '--format=%(refname)', 'refs/djangoflow/').trim().split('\n')).toHaveLength(1);
    expect(read(repo, 'other/keep.txt')).toBe('another team\n');
    expect(snapshot(sb.outside)).toEqual(outside);
  });

  it('a project moved with git mv keeps its base', async () => {
    const { repo, project } = monorepo();
    write(project, 'src/config/sections/apps.py', read(project, 'src/config/sections/apps.py') + '# mine\n');
    commitAll(repo, 'edited');
    git(repo, 'mv', 'api', 'new');
    commitAll(repo, 'moved');
    const moved = join(repo, 'new');
    const run = await djangoflowInProcess(moved, ['startapp', 'blog', '--verbose']);
    expect(run.code).toBe(0);
    expect(blames(run.stdout)).toEqual([]);
    expect(read(moved, 'src/config/sections/apps.py')).toMatch(/# mine\n/);
    expect(read(moved, 'src/config/sections/apps.py')).toMatch(/blog/);
  });

  it('the dirty-tree guard sees the repository above; dirt in another project does not count', async () => {
    const { repo, project } = monorepo();
    write(repo, 'web/index.html', '<p>\n');
    commitAll(repo, 'web');
    write(repo, 'web/index.html', '<p>edited elsewhere\n');
    expect((await djangoflowInProcess(project, ['startapp', 'blog'])).code).toBe(0);
    commitAll(repo, 'blog');
    write(project, 'README.md', read(project, 'README.md') + 'uncommitted\n');
    const refused = await djangoflow(project, ['startapp', 'shop']);
    expect(refused.code).toBe(1);
    expectOneLineError(refused, /uncommitted changes/);
  });
});

describe('torture: where commands run and what they advise', () => {
  it('run in src/, a command works on the project around it', async () => {
    const sb = sandbox(seed);
    const run = await djangoflowInProcess(join(sb.project, 'src'), ['startapp', 'blog']);
    expect(run.code).toBe(0);
    expect(existsSync(join(sb.project, 'src/apps/blog/models.py'))).toBe(true);
    expect(existsSync(join(sb.project, 'src/.yo-rc.json'))).toBe(false);
  });

  it('the main command in a subfolder never nests a new project', async () => {
    const sb = sandbox(seed);
    const run = await djangoflowInProcess(join(sb.project, 'src/config'), ['--defaults', '--force']);
    expect(run.code).toBe(0);
    expect(existsSync(join(sb.project, 'src/config/.yo-rc.json'))).toBe(false);
    expectAsCommitted(sb.project);
  });

  it('a lost .yo-rc.json is never answered with --force, not even when --force is given', async () => {
    const sb = sandbox(seed);
    expect((await djangoflowInProcess(sb.project, ['startapp', 'blog'])).code).toBe(0);
    rmSync(join(sb.project, '.yo-rc.json'));
    commitAll(sb.project, 'lost');
    for (const args of [['--defaults'], ['--defaults', '--force']]) {
      const run = await djangoflow(sb.project, args);
      expect(run.code).toBe(1);
      expectOneLineError(run, /record\) is missing/);
      expect(run.stderr).not.toMatch(/--force/);
      expectAsCommitted(sb.project);
    }
    expect(existsSync(join(sb.project, 'src/apps/blog/models.py'))).toBe(true);
  });
});

describe('torture: startapp tells the truth', () => {
  it('an app whose files the user deleted by hand is not "Added" when nothing is created', async () => {
    const sb = sandbox(seed);
    expect((await djangoflowInProcess(sb.project, ['startapp', 'blog'])).code).toBe(0);
    commitAll(sb.project, 'blog');
    // The user takes the app out by hand, record included, and edits an answer too: the
    // record matches no render, so the newest (with the app) stays the base.
    const record = JSON.parse(read(sb.project, '.yo-rc.json'));
    record['generator-djangoflow'].apps = [];
    record['generator-djangoflow'].answers.description = 'edited by hand';
    write(sb.project, '.yo-rc.json', JSON.stringify(record, null, 2) + '\n');
    rmSync(join(sb.project, 'src/apps/blog'), { recursive: true });
    commitAll(sb.project, 'by hand');
    const run = await djangoflowInProcess(sb.project, ['startapp', 'blog']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/^Added/m);
    expect(run.stdout).toMatch(/src\/apps\/blog\/ was not created/);
    expect(existsSync(join(sb.project, 'src/apps/blog'))).toBe(false);
  });
});

describe('torture: conflicts, the index and upgrade --check', () => {
  /** A project whose apps.py conflicts with startapp: the user filled the startapp list. */
  function conflicting(project: string): string {
    const path = 'src/config/sections/apps.py';
    const text = read(project, path);
    const edited = text.replace('LOCAL_APPS += []', 'LOCAL_APPS += ["mine"]');
    expect(edited).not.toBe(text);
    write(project, path, edited);
    return path;
  }

  it('a conflict marks the file unmerged (stages 1, 2, 3); check then reports it, exit 3', async () => {
    const sb = sandbox(seed);
    const path = conflicting(sb.project);
    commitAll(sb.project, 'mine');
    const run = await djangoflowInProcess(sb.project, ['startapp', 'blog']);
    expect(run.code).toBe(3);
    expect(run.stdout).not.toMatch(/Added/);
    expect(git(sb.project, 'ls-files', '-u', '--', path).trim().split('\n')).toHaveLength(3);
    const check = await djangoflowInProcess(sb.project, ['upgrade', '--check']);
    expect(check.code).toBe(3);
    expect(check.stdout).toMatch(/unresolved conflicts in .*apps\.py/);
    expect(check.stdout).not.toMatch(/up to date/);
  });

  it('markers committed by mistake: check is not "up to date"', async () => {
    const sb = sandbox(seed);
    conflicting(sb.project);
    commitAll(sb.project, 'mine');
    expect((await djangoflowInProcess(sb.project, ['startapp', 'blog'])).code).toBe(3);
    commitAll(sb.project, 'committed with markers');
    const check = await djangoflowInProcess(sb.project, ['upgrade', '--check']);
    expect(check.code).toBe(3);
    expect(check.stdout).not.toMatch(/up to date/);
  });

  it('with --force, a staged version of a conflicting file stays in the index', async () => {
    const sb = sandbox(seed);
    const path = conflicting(sb.project);
    git(sb.project, 'add', path);
    const staged = git(sb.project, 'ls-files', '-s', '--', path);
    write(sb.project, path, read(sb.project, path) + '# unstaged work\n');
    const run = await djangoflowInProcess(sb.project, ['startapp', 'blog', '--force']);
    expect(run.code).toBe(3);
    expect(git(sb.project, 'ls-files', '-s', '--', path)).toBe(staged);
    expect(read(sb.project, path)).toMatch(/# unstaged work/);
  });

  it('a monorepo subproject: a staged version is not replaced by conflict stages', async () => {
    const { repo, project } = monorepo();
    const path = conflicting(project);
    git(repo, 'add', `api/${path}`);
    const staged = git(repo, 'ls-files', '-s', '--', `api/${path}`);
    write(project, path, read(project, path) + '# more\n');
    expect((await djangoflowInProcess(project, ['startapp', 'blog', '--force'])).code).toBe(3);
    expect(git(repo, 'ls-files', '-s', '--', `api/${path}`)).toBe(staged);
  });

  it('--api none --celery: edits of the API manifest never move into the worker manifest', async () => {
    const sb = sandbox(k8sSeed);
    const api = 'deploy/kubernetes/base/api.yaml';
    expect(existsSync(join(sb.project, api))).toBe(true);
    write(sb.project, api, read(sb.project, api) + '# my api tuning\n');
    commitAll(sb.project, 'tuned');
    const run = await djangoflowInProcess(sb.project, ['--api', 'none', '--celery']);
    // Nothing conflicts: the edited manifest the template dropped is kept, the worker is new.
    expect(run.code).toBe(0);
    const worker = 'deploy/kubernetes/base/worker.yaml';
    expect(existsSync(join(sb.project, worker))).toBe(true);
    expect(read(sb.project, worker)).not.toMatch(/my api tuning/);
    expect(read(sb.project, api)).toMatch(/my api tuning/);
    expect(run.stdout).toMatch(/api\.yaml: removed from template, kept because you edited it/);
  });
});

describe('torture: a binary conflict never overwrites a sidecar', () => {
  it('the second conflict writes beside the sidecar the user was editing', async () => {
    const { planReconcile, applyReconcile } = await import('../../lib/reconcile/index.js');
    const sb = sandbox(null);
    const bin = (n: number) => Buffer.from([0, 1, 2, n]);
    write(sb.project, 'logo.png', bin(9));
    git(sb.project, 'init', '-q');
    commitAll(sb.project, 'mine');
    const first = await planReconcile({ projectDir: sb.project, base: new Map([['logo.png', bin(1)]]), theirs: new Map([['logo.png', bin(2)]]) });
    await applyReconcile(sb.project, first);
    expect(readFileSync(join(sb.project, 'logo.png.djangoflow-new'))).toEqual(bin(2));
    writeFileSync(join(sb.project, 'logo.png.djangoflow-new'), bin(42)); // the user works on it
    const second = await planReconcile({ projectDir: sb.project, base: new Map([['logo.png', bin(2)]]), theirs: new Map([['logo.png', bin(3)]]) });
    await applyReconcile(sb.project, second);
    expect(readFileSync(join(sb.project, 'logo.png.djangoflow-new'))).toEqual(bin(42));
    expect(readFileSync(join(sb.project, 'logo.png.djangoflow-new.2'))).toEqual(bin(3));
    expect(readFileSync(join(sb.project, 'logo.png'))).toEqual(bin(9));
    const third = await planReconcile({ projectDir: sb.project, base: new Map([['logo.png', bin(2)]]), theirs: new Map([['logo.png', bin(3)]]) });
    expect(third.decisions[0]).toMatchObject({ sidecar: 'logo.png.djangoflow-new.2' });
  });
});

describe('torture: bounded cost', () => {
  it('a conflict in a 30 MB user file takes seconds and never calls the formatter', async () => {
    const { planReconcile } = await import('../../lib/reconcile/index.js');
    const sb = sandbox(null);
    const base = 'A = 1\nB = 2\nC = 3\n';
    const huge = 'A = "user"\n' + '# padding line of a large user edit\n'.repeat(850_000) + 'B = 2\nC = 3\n';
    write(sb.project, 'big.py', huge);
    let formatted = 0;
    const started = Date.now();
    const report = await planReconcile({
      projectDir: sb.project,
      base: new Map([['big.py', base]]),
      theirs: new Map([['big.py', 'A = "template"\nB = 2\nC = 3\n']]),
      format: async (_path, text) => {
        formatted++;
        return text;
      },
    });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(report.decisions[0]!.action).toBe('conflict');
    expect(formatted).toBe(0);
  });
});
