/**
 * The commands around a reconcile, end to end: --dry-run, upgrade --check, the refusals
 * (dirty tree, downgrade, missing or corrupt .yo-rc.json) and an interrupted write. Every
 * refusal must leave the project exactly as it was. The first refusal of each kind and the
 * interrupted write run the real bin (its exit code, one line on its stderr); the other runs
 * go through its main in this process (harness.ts Project.inProcess).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  describeRun,
  djangoflow,
  generateProject,
  Project,
  release,
  releaseOne,
  removeScratch,
  reportLine,
  memoryScratch,
  V1,
  V2,
} from './harness.js';

const slow = 600_000;
let v1: string;
let v2: string;
let seed: string;

beforeAll(async () => {
  v1 = releaseOne();
  v2 = release(v1, (t) => {
    t.append('project/src/config/urls.py.ejs', '\n# Release 1.1.0 added this line.\n');
    t.replace('project/src/config/urls.py.ejs', 'served by one process:', 'served by one process (release 1.1.0):');
    t.append('project/README.md.ejs', '\nRelease 1.1.0 added this paragraph.\n');
    t.remove('project/src/locale/README.md.ejs');
    t.write('project/docs/faq.md.ejs', '# FAQ\n\nAnswers from the template.\n');
  });
  seed = await generateProject(v1, V1);
}, slow);
afterAll(removeScratch);

/** The line release 1.1.0 changes, changed otherwise by the user: a real conflict. */
const conflictingEdit = (project: Project) => project.replace('src/config/urls.py', 'served by one process:', 'served by our one process:');

/** `upgrade` to release 2, through the bin's main here, or the real bin (`through` 'bin'). */
function upgradeTo2(project: Project, args: string[] = [], env: NodeJS.ProcessEnv = {}, through: 'bin' | 'main' = 'main') {
  const options = { templates: v2, version: V2, env };
  return through === 'bin' ? project.djangoflow(['upgrade', ...args], options) : project.inProcess(['upgrade', ...args], options);
}

/** A repository holding other files and, committed in `folder`, a copy of the seed project. */
function monorepoWithProject(folder: string): { repo: Project; project: Project } {
  const repo = new Project(memoryScratch('monorepo'));
  repo.write('other/notes.txt', 'not part of the project\n');
  cpSync(seed, repo.path(folder), { recursive: true });
  repo.git('init', '-q', '-b', 'main');
  repo.commit('monorepo');
  return { repo, project: new Project(repo.path(folder)) };
}

/** A one-line message, no stack trace. */
function expectRefusal(result: { code: number; stdout: string; stderr: string }, message: RegExp): void {
  expect({ code: result.code, output: result.stdout + result.stderr }).toEqual({ code: 1, output: expect.stringMatching(message) });
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

describe('--dry-run', () => {
  test('lists the action per file and writes nothing (tree, index, pristine ref)', async () => {
    const project = await Project.fromSeed(seed, 'memory');
    conflictingEdit(project);
    project.append('Makefile', '\nours:\n\techo ours\n');
    project.remove('docs/architecture.md');
    project.commit('our edits');
    // The first reconcile moves the base into the private ref: start from there.
    expect((await project.inProcess(['upgrade'], { templates: v1, version: V1 })).code).toBe(0);
    project.commit('base in the ref');
    const before = project.fingerprint();

    const result = await upgradeTo2(project, ['--dry-run']);

    expect(describeRun('dry run', result)).toMatch(/^dry run exited with 0/);
    expect(project.fingerprint()).toEqual(before);
    expect(project.status()).toBe('');
    expect(reportLine(result.stdout, 'src/config/urls.py')).toMatch(/^conflict\s/);
    expect(reportLine(result.stdout, 'README.md')).toMatch(/^update\s/);
    expect(reportLine(result.stdout, 'docs/faq.md')).toMatch(/^create\s/);
    expect(reportLine(result.stdout, 'src/locale/README.md')).toMatch(/^delete\s/);
    expect(reportLine(result.stdout, 'docs/architecture.md')).toMatch(/^skip\s/);
    expect(reportLine(result.stdout, 'Makefile')).toMatch(/^keep\s/);
    expect(result.stdout).toMatch(/nothing written/);
  }, slow);

  test('changed answers: writes nothing either', async () => {
    const project = await Project.fromSeed(seed, 'memory');
    const before = project.fingerprint();
    const result = await project.inProcess(['--ci', 'gitlab', '--dry-run'], { templates: v1, version: V1 });
    expect(describeRun('dry run', result)).toMatch(/^dry run exited with 0/);
    expect(reportLine(result.stdout, '.gitlab-ci.yml')).toMatch(/^create\s/);
    expect(reportLine(result.stdout, '.github/workflows/ci.yml')).toMatch(/^delete\s/);
    expect(project.fingerprint()).toEqual(before);
  }, slow);
});

describe('upgrade --check', () => {
  let project: Project;
  beforeAll(async () => {
    project = await Project.fromSeed(seed, 'memory');
    project.append('Makefile', '\nours:\n\techo ours\n');
    project.commit('our edits');
  }, slow);

  test('0 when up to date with this generator (the user edits are not pending changes)', async () => {
    const before = project.fingerprint();
    const result = await project.inProcess(['upgrade', '--check'], { templates: v1, version: V1 });
    expect(describeRun('check', result)).toMatch(/^check exited with 0/);
    expect(result.stdout).toMatch(/up to date/);
    expect(project.fingerprint()).toEqual(before);
  }, slow);

  test('2 when an upgrade would change files, and writes nothing', async () => {
    const before = project.fingerprint();
    const result = await upgradeTo2(project, ['--check']);
    expect(describeRun('check', result)).toMatch(/^check exited with 2/);
    expect(result.stdout).toMatch(/out of date/);
    expect(project.fingerprint()).toEqual(before);
  }, slow);

  test('2 when only the generator version moved (the record would change)', async () => {
    const result = await project.inProcess(['upgrade', '--check'], { templates: v1, version: V2 });
    expect(describeRun('check', result)).toMatch(/^check exited with 2/);
  }, slow);

  test('1 outside a project', async () => {
    const result = await djangoflow(memoryScratch('empty'), ['upgrade', '--check'], { templates: v1, version: V1 });
    expectRefusal(result, /not a djangoflow project/);
  }, slow);
});

describe('a dirty git tree', () => {
  test('is refused with a message, nothing written; --force accepts it and keeps the uncommitted edit', async () => {
    const project = await Project.fromSeed(seed, 'memory');
    project.replace('README.md', /^# Acme Shop\n/, '# Acme Shop\n\nNot committed yet.\n');
    const before = project.fingerprint();

    const refused = await upgradeTo2(project, [], {}, 'bin');
    expectRefusal(refused, /uncommitted changes.*--force/);
    expect(project.fingerprint()).toEqual(before);

    const answers = await project.inProcess(['--ci', 'gitlab'], { templates: v1, version: V1 });
    expectRefusal(answers, /uncommitted changes/);
    expect(project.fingerprint()).toEqual(before);

    const forced = await upgradeTo2(project, ['--force']);
    expect(describeRun('forced upgrade', forced)).toMatch(/^forced upgrade exited with 0/);
    expect(project.read('README.md')).toContain('Not committed yet.');
    expect(project.read('README.md')).toContain('Release 1.1.0 added this paragraph.');
    expect(project.recorded().version).toBe(V2);
  }, slow);

  test('in a monorepo subfolder is refused too: "inside git" has one answer (the work tree above)', async () => {
    const { project } = monorepoWithProject('services/shop');
    project.replace('README.md', /^# Acme Shop\n/, '# Acme Shop\n\nNot committed yet.\n');
    const before = project.fingerprint();

    expectRefusal(await upgradeTo2(project), /uncommitted changes.*--force/);
    expect(project.fingerprint()).toEqual(before);

    const forced = await upgradeTo2(project, ['--force']);
    expect(describeRun('forced upgrade', forced)).toMatch(/^forced upgrade exited with 0/);
    expect(project.read('README.md')).toContain('Not committed yet.');
  }, slow);
});

describe('an interrupted write', () => {
  test('leaves the tree, the index and the refs as they were', async () => {
    const project = await Project.fromSeed(seed, 'memory');
    conflictingEdit(project); // a conflict: index entries too
    project.commit('our edits');
    const before = project.fingerprint();

    const result = await upgradeTo2(project, [], { DJANGOFLOW_FAIL_AFTER_WRITES: '2' }, 'bin');

    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/simulated failure/);
    expect(project.fingerprint()).toEqual(before);
    expect(project.status()).toBe('');
    expect(readdirSync(project.dir).filter((name) => name.startsWith('.djangoflow'))).toEqual(['.djangoflow']);
    expect(readdirSync(project.path('.djangoflow'))).toEqual(['pristine.json']);

    // The same upgrade without the failure then goes through.
    const retried = await upgradeTo2(project);
    expect(describeRun('retry', retried)).toMatch(/^retry exited with 3/);
  }, slow);
});

describe('a fresh clone (the private ref is not fetched by default)', () => {
  test('the same version re-renders its base; another is refused until the ref is fetched', async () => {
    const origin = await Project.fromSeed(seed, 'memory');
    expect((await origin.inProcess(['upgrade'], { templates: v1, version: V1 })).code).toBe(0); // base into the ref
    origin.commit('base in the ref');
    const clone = new Project(join(memoryScratch('clone'), 'acme_shop'));
    execFileSync('git', ['clone', '-q', origin.dir, clone.dir]);
    expect(clone.pristineRef()).toBeNull();

    const check = await clone.inProcess(['upgrade', '--check'], { templates: v1, version: V1 });
    expect(describeRun('check', check)).toMatch(/^check exited with 0/);

    const before = clone.fingerprint();
    expectRefusal(await upgradeTo2(clone), /no merge base stored.*git fetch origin 'refs\/djangoflow\/\*:refs\/djangoflow\/\*'/);
    expect(clone.fingerprint()).toEqual(before);

    clone.git('fetch', '-q', 'origin', 'refs/djangoflow/*:refs/djangoflow/*');
    const upgraded = await upgradeTo2(clone);
    expect(describeRun('upgrade after fetch', upgraded)).toMatch(/^upgrade after fetch exited with 0/);
    expect(clone.read('README.md')).toContain('Release 1.1.0 added this paragraph.');
  }, slow);
});

describe('a project in a subfolder of a repository', () => {
  test('has its own pristine ref, and its conflicts are unmerged at their repository paths', async () => {
    const { repo, project } = monorepoWithProject('services/acme_shop');
    conflictingEdit(project);
    repo.commit('our edits');

    const result = await upgradeTo2(project);

    expect(describeRun('upgrade', result)).toMatch(/^upgrade exited with 3/);
    expect(repo.status()).toMatch(/^UU services\/acme_shop\/src\/config\/urls\.py$/m);
    expect(repo.git('ls-tree', '--name-only', 'refs/djangoflow/projects/services/acme_shop/pristine')).toMatch(/^README\.md$/m);
    expect(repo.git('for-each-ref', '--format=%(refname)', 'refs/djangoflow/')).not.toMatch(/^refs\/djangoflow\/pristine$/m);
    expect(repo.read('other/notes.txt')).toBe('not part of the project\n');
    expect(project.read('README.md')).toContain('Release 1.1.0 added this paragraph.');
  }, slow);
});

describe('refusals', () => {
  test('a downgrade: a project of a newer generator', async () => {
    const project = await Project.fromSeed(seed, 'memory');
    const before = project.fingerprint();
    const older = { templates: v1, version: '0.9.0' };
    expectRefusal(await project.djangoflow(['upgrade'], older), /generated by djangoflow 1\.0\.0, newer than this 0\.9\.0/);
    expectRefusal(await project.inProcess(['--ci', 'gitlab'], older), /newer than this 0\.9\.0/);
    expectRefusal(await project.inProcess(['upgrade', '--check'], older), /newer/);
    expect(project.fingerprint()).toEqual(before);
  }, slow);

  test('a bad answer on the command line', async () => {
    const project = await Project.fromSeed(seed, 'memory');
    const before = project.fingerprint();
    const result = await project.inProcess(['--ci', 'jenkins'], { templates: v1, version: V1 });
    expectRefusal(result, /jenkins/);
    expect(project.fingerprint()).toEqual(before);
  }, slow);

  test('a repository git refuses to work in (dubious ownership): one line, nothing written', async () => {
    const project = await Project.fromSeed(seed, 'memory');
    const before = project.fingerprint();
    const env = { GIT_TEST_ASSUME_DIFFERENT_OWNER: '1' };
    expectRefusal(await upgradeTo2(project, [], env, 'bin'), /git (ls-tree|log) failed: detected dubious ownership in repository/);
    expectRefusal(await project.inProcess(['startapp', 'blog'], { templates: v1, version: V1, env }), /dubious ownership/);
    expect(project.fingerprint()).toEqual(before);
  }, slow);

  test('a missing .yo-rc.json', async () => {
    const project = await Project.fromSeed(seed, 'memory');
    project.remove('.yo-rc.json');
    project.commit('lost the record');
    const before = project.fingerprint();
    // The record's deletion was committed: the way back is the commit before the one that deleted it.
    const restore = `git checkout ${project.git('log', '-1', '--format=%h').trim()}^ -- .yo-rc.json`;
    expectRefusal(await upgradeTo2(project, [], {}, 'bin'), new RegExp(`not a djangoflow project .*; git has one: restore it with ${restore.replace(/[.^]/g, '\\$&')}\n$`, 's'));
    // Never advice to --force: that would regenerate defaults over the project.
    expectRefusal(await project.inProcess(['--ci', 'gitlab'], { templates: v1, version: V1 }), /^(?!.*--force).*record\) is missing.*restore it \(git checkout [0-9a-f]{7,}\^ -- \.yo-rc\.json\)/s);
    expectRefusal(await project.inProcess(['--force'], { templates: v1, version: V1 }), /record\) is missing/);
    expect(project.fingerprint()).toEqual(before);
    // The named command brings the record back; committed, the upgrade runs.
    execFileSync('sh', ['-c', restore], { cwd: project.dir });
    project.commit('the record back');
    const upgraded = await upgradeTo2(project, [], {}, 'bin');
    expect({ code: upgraded.code, output: describeRun('upgrade', upgraded) }).toMatchObject({ code: 0 });
  }, slow);

  test('a corrupt .yo-rc.json: not JSON, or no usable record', async () => {
    const project = await Project.fromSeed(seed, 'memory');
    project.write('.yo-rc.json', '{ "generator-djangoflow": { "version": "1.0.0", ');
    project.commit('broke the record');
    const before = project.fingerprint();
    expectRefusal(await upgradeTo2(project, [], {}, 'bin'), /\.yo-rc\.json is not valid JSON/);
    expectRefusal(await project.inProcess(['--ci', 'gitlab'], { templates: v1, version: V1 }), /\.yo-rc\.json is not valid JSON/);
    expect(project.fingerprint()).toEqual(before);

    project.write('.yo-rc.json', JSON.stringify({ 'generator-djangoflow': { answers: 'none' } }));
    project.commit('another broken record');
    const broken = project.fingerprint();
    expectRefusal(await upgradeTo2(project), /no valid "generator-djangoflow" record/);
    expect(project.fingerprint()).toEqual(broken);
  }, slow);
});
