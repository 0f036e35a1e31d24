/**
 * Torture, the base against undo: every command (an answer, a plugin, startapp, model,
 * upgrade) run, undone with reset, checkout, stash or clean, and run again, on a project
 * generated inside git and on one generated before `git init`. The second run must report
 * exactly what the first did (no "you deleted it", no "you edited it" about the generator's
 * own files) and leave the same tree. Then the record edited by hand in a fresh clone that
 * lacks the stored base, and the refusals when the base cannot be known. The refusals run
 * the real bin (one line on its stderr, its exit code); the rest run its main in this
 * process (torture-harness.ts `djangoflowInProcess`: the same commands and reports).
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { memoryTempRoot } from '../support/memory-tmp.js';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { release, snapshotTemplates, removeScratch as removeReleases } from '../upgrade/harness.js';
import { commitAll, djangoflow, djangoflowInProcess, expectAsCommitted, expectOneLineError, git, read, recorded, removeSandboxes, sandbox, snapshot, write } from './torture-harness.js';

const V1 = '1.0.0';
const V2 = '1.1.0';
let v1: string;
let v2: string;
const seeds: Record<string, string> = {};
const cleanups: string[] = [];

const at1 = () => ({ DJANGOFLOW_TEMPLATES: v1, DJANGOFLOW_VERSION: V1 });
const at2 = () => ({ DJANGOFLOW_TEMPLATES: v2, DJANGOFLOW_VERSION: V2 });

/** Generates a project at release 1; `gitFirst` false: generated, then `git init` (as the README does). */
async function seedProject(gitFirst: boolean): Promise<string> {
  const dir = mkdtempSync(join(memoryTempRoot, 'djangoflow-undo-seed-'));
  cleanups.push(dir);
  if (gitFirst) git(dir, 'init', '-q', '-b', 'main');
  const result = await djangoflowInProcess(dir, ['--defaults'], at1());
  if (result.code !== 0) throw new Error(`seed generation failed: ${result.stderr}`);
  if (!gitFirst) {
    expect(existsSync(join(dir, '.djangoflow/pristine.json'))).toBe(true);
    // The same project outside git, for the tests that start there (a copy, not another generation).
    const outsideGit = mkdtempSync(join(memoryTempRoot, 'djangoflow-undo-seed-'));
    cleanups.push(outsideGit);
    cpSync(dir, outsideGit, { recursive: true, verbatimSymlinks: true });
    seeds['generated outside git'] = outsideGit;
    git(dir, 'init', '-q', '-b', 'main');
  }
  commitAll(dir, 'generated');
  return dir;
}

beforeAll(async () => {
  v1 = snapshotTemplates();
  v2 = release(v1, (t) => {
    t.append('project/README.md.ejs', '\nRelease 1.1.0 added this paragraph.\n');
    t.write('project/docs/faq.md.ejs', '# FAQ\n\nAnswers from the template.\n');
  });
  seeds['generated inside git'] = await seedProject(true);
  seeds['generated before git init'] = await seedProject(false);
}, 300_000);
afterAll(() => {
  removeSandboxes();
  removeReleases();
  for (const dir of cleanups.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Lines of a run's report that blame the user for the generator's own files. */
function blames(output: string): string[] {
  return output.split('\n').filter((line) => /you deleted|you edited|kept because you edited|^skip|^keep/.test(line));
}

/** The project's files: the JSON store of a project generated before `git init` moves into the ref on the first run in git. */
function files(project: string): Record<string, string> {
  return Object.fromEntries(Object.entries(snapshot(project)).filter(([path]) => !path.startsWith('.djangoflow')));
}

/** The report without the routine `unchanged` lines. */
function reportOf(output: string): string[] {
  return output.split('\n').filter((line) => line && !/^unchanged\s/.test(line));
}

interface Command {
  args: string[];
  env: () => Record<string, string>;
  /** Run and committed before the command (the model command needs an app with a model). */
  prepare?: string[];
}

const commands: Record<string, Command> = {
  'an answer (--ci gitlab)': { args: ['--ci', 'gitlab'], env: at1 },
  'a plugin (celery)': { args: ['plugin', 'celery', '--defaults'], env: at1 },
  'startapp blog': { args: ['startapp', 'blog'], env: at1 },
  'model blog Comment': { args: ['model', 'blog', 'Comment', 'body:text'], env: at1, prepare: ['startapp', 'blog', '--model', 'Post', 'title:str'] },
  'upgrade to 1.1.0': { args: ['upgrade'], env: at2 },
};

const undos: Record<string, (project: string) => void> = {
  'reset --hard and clean -fd': (project) => {
    git(project, 'reset', '-q', '--hard');
    git(project, 'clean', '-qfd');
  },
  'commit, then reset --hard HEAD~1': (project) => {
    commitAll(project, 'the run');
    git(project, 'reset', '-q', '--hard', 'HEAD~1');
  },
  'checkout -- . and clean -fd': (project) => {
    git(project, 'checkout', '-q', '--', '.');
    git(project, 'clean', '-qfd');
  },
  'stash -u': (project) => {
    git(project, 'stash', 'push', '-q', '-u');
  },
  'commit on a branch, checkout main': (project) => {
    git(project, 'checkout', '-q', '-b', 'tried');
    commitAll(project, 'the run');
    git(project, 'checkout', '-q', 'main');
  },
};

/** Every undo on the README's way (generated, then `git init`); the two commonest inside git. */
const matrix: Array<[string, string[]]> = [
  ['generated before git init', Object.keys(undos)],
  ['generated inside git', ['reset --hard and clean -fd', 'stash -u']],
];

/** A command's first run on a seed and what it left: every undo of the matrix starts from a copy of it. */
interface FirstRun {
  /** The project right after the run (its changes not committed). */
  project: string;
  before: Record<string, string>;
  after: Record<string, string>;
  recordAfter: ReturnType<typeof recorded>;
  report: string[];
}

/**
 * The run is the same for every undo (same seed, same command, same release), so it runs
 * once per seed and command and each undo works on a copy of the project it left; the
 * copy holds the work tree, the index and the refs (the stored base) as the run left them.
 */
const firstRuns = new Map<string, Promise<FirstRun>>();
function firstRun(seedName: string, commandName: string): Promise<FirstRun> {
  const command = commands[commandName]!;
  const key = `${seedName}: ${commandName}`;
  if (!firstRuns.has(key)) {
    firstRuns.set(
      key,
      (async () => {
        const sb = sandbox(seeds[seedName]!);
        if (command.prepare) {
          const prepared = await djangoflowInProcess(sb.project, command.prepare, at1());
          expect(prepared.stderr).toBe('');
          commitAll(sb.project, 'prepared');
        }
        const before = files(sb.project);
        const first = await djangoflowInProcess(sb.project, [...command.args, '--verbose'], command.env());
        expect(first.stderr).toBe('');
        expect(first.code).toBe(0);
        expect(blames(first.stdout)).toEqual([]);
        return { project: sb.project, before, after: files(sb.project), recordAfter: recorded(sb.project), report: reportOf(first.stdout) };
      })(),
    );
  }
  return firstRuns.get(key)!;
}

describe.each(matrix)('undo on a project %s', (seedName, undoNames) => {
  describe.each(Object.entries(commands))('%s', (commandName, command) => {
    it.each(undoNames)('undone with %s: the same run again reports the same and leaves the same tree', async (undoName) => {
      const { project, before, after, recordAfter, report } = await firstRun(seedName, commandName);
      const sb = sandbox(project);
      expect(files(sb.project)).toEqual(after);

      undos[undoName]!(sb.project);
      expectAsCommitted(sb.project);
      expect(files(sb.project)).toEqual(before);
      const check = await djangoflowInProcess(sb.project, ['upgrade', '--check'], at1());
      expect(check.stdout).toMatch(/up to date/);
      expect(check.code).toBe(0);

      const again = await djangoflowInProcess(sb.project, [...command.args, '--verbose'], command.env());
      expect(again.stderr).toBe('');
      expect(again.code).toBe(0);
      expect(blames(again.stdout)).toEqual([]);
      expect(reportOf(again.stdout)).toEqual(report);
      expect(files(sb.project)).toEqual(after);
      expect(recorded(sb.project)).toEqual(recordAfter);
    });
  });
});

describe('the issue, as reported', () => {
  it('generated in a new folder, git init, --ci gitlab undone with reset and clean, then --ci gitlab again', async () => {
    // The seed is that project (generated in a new folder, then git init and commit), and
    // the matrix's first `--ci gitlab` on it is the first run here.
    const sb = sandbox((await firstRun('generated before git init', 'an answer (--ci gitlab)')).project);
    git(sb.project, 'reset', '-q', '--hard');
    git(sb.project, 'clean', '-qfd');
    const again = await djangoflowInProcess(sb.project, ['--ci', 'gitlab'], at1());
    expect(again.code).toBe(0);
    expect(again.stdout.split('\n').filter(Boolean)).toEqual([
      'delete     .github/dependabot.yml: removed from the template',
      'delete     .github/workflows/ci.yml: removed from the template',
      'Summary: 2 create, 2 update, 2 delete, 170 unchanged',
    ]);
    expect(existsSync(join(sb.project, '.gitlab-ci.yml'))).toBe(true);
    expect(existsSync(join(sb.project, '.github'))).toBe(false);
    expect(recorded(sb.project).answers.ci).toBe('gitlab');
  });
});

/** A clone of `seed`'s repository: the private ref is not fetched, as with any clone. */
function cloneOf(seed: string): string {
  const sb = sandbox(null, 'unused');
  const clone = join(sb.root, 'clone');
  git(sb.root, 'clone', '-q', seed, clone);
  expect(git(clone, 'for-each-ref', 'refs/djangoflow/')).toBe('');
  expect(existsSync(join(clone, '.djangoflow'))).toBe(false);
  return clone;
}

function editRecord(project: string, edit: (record: { version: string; answers: Record<string, unknown> }) => void): void {
  const file = JSON.parse(read(project, '.yo-rc.json'));
  edit(file['generator-djangoflow']);
  write(project, '.yo-rc.json', JSON.stringify(file, null, 2) + '\n');
}

const ciReport = [
  'create     .gitlab-ci.yml',
  'create     renovate.json',
  'update     README.md',
  'update     docs/deployment.md',
  'delete     .github/dependabot.yml: removed from the template',
  'delete     .github/workflows/ci.yml: removed from the template',
  'Summary: 2 create, 2 update, 2 delete, 170 unchanged',
];

describe('a fresh clone without the stored base', () => {
  it('the record edited by hand (ci github → gitlab) and committed: check and upgrade switch the CI', async () => {
    const clone = cloneOf(seeds['generated inside git']!);
    editRecord(clone, (record) => (record.answers.ci = 'gitlab'));
    commitAll(clone, 'ci: gitlab, by hand');
    const head = git(clone, 'rev-parse', '--short=7', 'HEAD~1').trim();
    const note = `note       .yo-rc.json changed since djangoflow rendered the files (their record is the one of commit ${head}): that render is the base`;
    const check = await djangoflowInProcess(clone, ['upgrade', '--check', '--verbose'], at1());
    expect(check.code).toBe(2);
    expect(reportOf(check.stdout)).toEqual([note, ...ciReport, 'out of date: `djangoflow upgrade` would change the files above']);
    expectAsCommitted(clone);
    const upgraded = await djangoflowInProcess(clone, ['upgrade', '--verbose'], at1());
    expect(upgraded.code).toBe(0);
    expect(reportOf(upgraded.stdout)).toEqual([note, ...ciReport]);
    expect(existsSync(join(clone, '.gitlab-ci.yml'))).toBe(true);
    expect(existsSync(join(clone, '.github'))).toBe(false);
    expect(read(clone, 'README.md')).toMatch(/GitLab/);
    commitAll(clone, 'upgraded');
    const after = await djangoflowInProcess(clone, ['upgrade', '--check'], at1());
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/up to date/);
  });

  it('the record edited by hand, not committed: check says what upgrade --force would do', async () => {
    const clone = cloneOf(seeds['generated inside git']!);
    editRecord(clone, (record) => (record.answers.ci = 'gitlab'));
    const check = await djangoflowInProcess(clone, ['upgrade', '--check', '--verbose'], at1());
    expect(check.code).toBe(2);
    expect(reportOf(check.stdout).slice(1)).toEqual([...ciReport, 'out of date: `djangoflow upgrade` would change the files above']);
    const forced = await djangoflowInProcess(clone, ['upgrade', '--force'], at1());
    expect(forced.code).toBe(0);
    expect(blames(forced.stdout)).toEqual([]);
    expect(existsSync(join(clone, '.gitlab-ci.yml'))).toBe(true);
  });

  it('the record as djangoflow wrote it: the render of the record is the base; the user\'s deletion is one', async () => {
    const sb = sandbox((await firstRun('generated inside git', 'startapp blog')).project);
    rmSync(join(sb.project, 'docs/index.md'));
    commitAll(sb.project, 'blog, and docs/index.md deleted');
    const clone = cloneOf(sb.project);
    const check = await djangoflowInProcess(clone, ['upgrade', '--check'], at1());
    expect(check.code).toBe(0);
    const run = await djangoflowInProcess(clone, ['plugin', 'celery', '--defaults', '--verbose'], at1());
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/^note/m);
    expect(run.stdout.split('\n').filter((line) => /^(skip|keep)/.test(line))).toEqual(['skip       docs/index.md: you deleted it; it stays deleted']);
  });

  it('a command\'s files undone by hand, its record kept: the record\'s own render stays the base, nothing comes back', async () => {
    const sb = sandbox((await firstRun('generated inside git', 'startapp blog')).project);
    commitAll(sb.project, 'blog');
    git(sb.project, 'revert', '--no-commit', 'HEAD');
    git(sb.project, 'checkout', 'HEAD', '--', '.yo-rc.json');
    commitAll(sb.project, 'blog taken out by hand, the record kept');
    const clone = cloneOf(sb.project);
    const run = await djangoflowInProcess(clone, ['startapp', 'shop', '--verbose'], at1());
    // The user took blog out of the apps list the record still has it in, and shop goes there: a real conflict.
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/^conflict +src\/config\/sections\/apps\.py/m);
    expect(run.stdout).not.toMatch(/^note/m);
    expect(run.stdout).toMatch(/^skip +src\/apps\/blog\/models\.py: you deleted it/m);
    expect(existsSync(join(clone, 'src/apps/blog'))).toBe(false);
    expect(existsSync(join(clone, 'src/apps/shop/models.py'))).toBe(true);
  });

  it('the record of an older release and no stored base: upgrade says what it cannot know, writes nothing', async () => {
    const clone = cloneOf(seeds['generated inside git']!);
    const run = await djangoflow(clone, ['upgrade'], at2());
    expect(run.code).toBe(1);
    expectOneLineError(run, /no merge base stored for this project \(generated by djangoflow 1\.0\.0\); fetch it with .*, or run djangoflow 1\.0\.0 once/);
    expectAsCommitted(clone);
  });
});

describe('a record no stored render was written with', () => {
  it('hand-edited and upgraded by another release: the render of the record committed before is the base', async () => {
    const sb = sandbox(seeds['generated inside git']!);
    editRecord(sb.project, (record) => (record.answers.ci = 'gitlab'));
    commitAll(sb.project, 'by hand');
    const run = await djangoflowInProcess(sb.project, ['upgrade', '--verbose'], at2());
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^note {7}\.yo-rc\.json changed since djangoflow rendered the files/m);
    expect(blames(run.stdout)).toEqual([]);
    expect(existsSync(join(sb.project, '.gitlab-ci.yml'))).toBe(true);
    expect(existsSync(join(sb.project, '.github'))).toBe(false);
    expect(read(sb.project, 'README.md')).toMatch(/Release 1\.1\.0 added this paragraph/);
    expect(recorded(sb.project)).toMatchObject({ version: V2 });
  });

  it('hand-edited, history squashed, another release: refused, naming what would help, nothing written', async () => {
    const sb = sandbox(seeds['generated inside git']!);
    editRecord(sb.project, (record) => (record.answers.ci = 'gitlab'));
    commitAll(sb.project, 'by hand');
    git(sb.project, 'reset', '-q', '--hard', git(sb.project, 'commit-tree', 'HEAD^{tree}', '-m', 'squashed').trim());
    const refs = git(sb.project, 'for-each-ref');
    const run = await djangoflow(sb.project, ['upgrade'], at2());
    expect(run.code).toBe(1);
    expectOneLineError(
      run,
      /the merge base is unknown: no stored render of this project was written with its \.yo-rc\.json \(djangoflow 1\.0\.0\), and djangoflow 1\.1\.0 cannot render 1\.0\.0's templates; restore the record djangoflow wrote \(git checkout -- \.yo-rc\.json\), or run djangoflow 1\.0\.0 once/,
    );
    expectAsCommitted(sb.project);
    expect(git(sb.project, 'for-each-ref')).toBe(refs);
  });

  it('hand-edited outside git: the stored render is the files\' base, the edit is applied', async () => {
    const sb = sandbox(seeds['generated outside git']!);
    editRecord(sb.project, (record) => (record.answers.ci = 'gitlab'));
    const run = await djangoflowInProcess(sb.project, ['upgrade', '--verbose'], at1());
    expect(run.code).toBe(0);
    expect(reportOf(run.stdout)).toEqual(ciReport);
  });

  it('hand-edited before git init, committed with the files: the render stored before git init is the base', async () => {
    const sb = sandbox(seeds['generated outside git']!);
    editRecord(sb.project, (record) => (record.answers.ci = 'gitlab'));
    git(sb.project, 'init', '-q', '-b', 'main');
    commitAll(sb.project, 'generated, record edited');
    const run = await djangoflowInProcess(sb.project, ['upgrade', '--verbose'], at1());
    expect(run.code).toBe(0);
    expect(reportOf(run.stdout)).toEqual([
      'note       .yo-rc.json changed since djangoflow rendered the files (before git init): that render is the base',
      ...ciReport,
    ]);
  });

  it('an answer edited by hand in the record (the description): the old render is the base, the text follows', async () => {
    const sb = sandbox(seeds['generated inside git']!);
    editRecord(sb.project, (record) => (record.answers.description = 'Edited by hand'));
    commitAll(sb.project, 'by hand');
    const clone = cloneOf(sb.project);
    const run = await djangoflowInProcess(clone, ['upgrade', '--verbose'], at1());
    expect(run.code).toBe(0);
    expect(blames(run.stdout)).toEqual([]);
    expect(run.stdout).toMatch(/^note /m);
    expect(read(clone, 'README.md')).toMatch(/Edited by hand/);
  });
});
