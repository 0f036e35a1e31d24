/**
 * Changed answers and answer migrations, end to end through the bin: re-running
 * `djangoflow` with new options in a project, `upgrade` asking only what a release added,
 * migrations.yaml carrying renamed questions and changed choices, and the reconciled
 * project still passing its own checks on its pinned stack (stack.ts).
 */
import {
  describeRun,
  generateProject,
  Project,
  projectFiles,
  release,
  releaseOne,
  removeScratch,
  reportLine,
  treeDiff,
  treeOf,
  V1,
  V2,
} from './harness.js';
import { manage, pytest } from '../support/python.js';
import { installProject } from '../support/stack.js';
import type { RunResult } from '../support/process.js';

const slow = 600_000;
let v1: string;
let seed: string;

beforeAll(async () => {
  v1 = releaseOne();
  seed = await generateProject(v1, V1);
}, slow);
afterAll(removeScratch);

/** Rewrites the recorded answers, as an older generator version would have left them. */
function editRecord(project: Project, change: (answers: Record<string, unknown>) => Record<string, unknown>): void {
  const config = JSON.parse(project.read('.yo-rc.json'));
  const record = config['generator-djangoflow'];
  record.answers = change({ ...record.answers });
  project.write('.yo-rc.json', `${JSON.stringify(config, null, 2)}\n`);
}

describe('re-running djangoflow with changed answers (--ci gitlab --celery)', () => {
  let project: Project;
  let fresh: string;
  let result: RunResult;
  const edited = ['.github/workflows/ci.yml', 'src/config/settings/base.py', 'src/apps/core/views.py'];

  beforeAll(async () => {
    project = await Project.fromSeed(seed);
    project.append('.github/workflows/ci.yml', '# We also deploy from here.\n');
    project.append('src/config/settings/base.py', '\n# Our own setting.\nSHOP_NAME = "Acme"\n');
    project.append('src/apps/core/views.py', '\n\ndef shop_name():\n    return "Acme"\n');
    project.commit('our edits');
    // No --defaults and stdin closed: nothing recorded may be asked again.
    [result, fresh] = await Promise.all([
      project.djangoflow(['--ci', 'gitlab', '--celery'], { templates: v1, version: V1 }),
      generateProject(v1, V1, ['--defaults', '--project-name', 'Acme Shop', '--ci', 'gitlab', '--celery']),
    ]);
  }, slow);

  test('asks nothing, records the new answers, keeps the others', () => {
    expect(describeRun('djangoflow --ci gitlab --celery', result)).toMatch(/exited with 0/);
    const { version, answers } = project.recorded();
    expect(version).toBe(V1);
    expect(answers).toMatchObject({ ci: 'gitlab', celery: true, projectName: 'Acme Shop', database: 'postgresql' });
  });

  test('the files follow the answers and every user edit is still there', () => {
    expect(project.exists('.gitlab-ci.yml')).toBe(true);
    expect(project.read('.github/workflows/ci.yml')).toContain('# We also deploy from here.');
    expect(reportLine(result.stdout, '.github/workflows/ci.yml')).toMatch(/^keep\s.*removed from (the )?template/);
    expect(project.read('src/config/settings/base.py')).toContain('SHOP_NAME = "Acme"');
    expect(project.read('src/config/settings/base.py')).toMatch(/celery/);
    expect(project.read('src/apps/core/views.py')).toContain('def shop_name():');
  });

  test('every file the user did not edit equals a fresh generation with those answers', () => {
    const untouched = (path: string) => projectFiles(path) && !edited.includes(path);
    expect(treeDiff(treeOf(project.dir, untouched), treeOf(fresh, untouched))).toEqual([]);
  });

  test('the project still passes manage.py check and its own tests on its pinned stack', async () => {
    // The changed answers brought requirements (celery): the install is of the new set.
    await installProject(project.dir);
    const check = await manage(project.dir, ['check']);
    expect(describeRun('manage.py check', check)).toMatch(/^manage.py check exited with 0/);
    const tests = await pytest(project.dir, ['-q']);
    expect(describeRun('pytest', tests)).toMatch(/^pytest exited with 0/);
  }, slow);
});

describe('upgrade asks only the questions a release added', () => {
  let project: Project;
  beforeAll(async () => {
    project = await Project.fromSeed(seed, 'memory');
    // As recorded by a version that did not ask for the time zone yet.
    editRecord(project, ({ timezone: _dropped, ...answers }) => answers);
    project.commit('recorded by an older version');
  }, slow);

  test('without --defaults and nobody to ask: a clear message naming the new question, nothing written', async () => {
    const before = project.fingerprint();
    const result = await project.djangoflow(['upgrade'], { templates: v1, version: V2 });
    expect(result.code).toBe(1);
    expect(result.stderr + result.stdout).toMatch(/no answer for --timezone/);
    expect(result.stderr + result.stdout).not.toMatch(/--(ci|database|project-name)\b/);
    expect(project.fingerprint()).toEqual(before);
  }, slow);

  test('with --defaults: the new question takes its default, the recorded answers stay', async () => {
    const { answers: recorded, plugins } = project.recorded();
    const result = await project.djangoflow(['upgrade', '--defaults'], { templates: v1, version: V2 });
    expect(describeRun('upgrade --defaults', result)).toMatch(/exited with 0/);
    expect(project.recorded()).toEqual({ version: V2, answers: { ...recorded, timezone: 'UTC' }, apps: [], plugins });
  }, slow);
});

describe('answer migrations in migrations.yaml', () => {
  let project: Project;
  let migrating: string;

  beforeAll(async () => {
    project = await Project.fromSeed(seed, 'memory');
    // An older version called the CI question "continuousIntegration" and spelled a database choice "postgres".
    editRecord(project, ({ ci, database, ...answers }) => ({ ...answers, continuousIntegration: ci, database: database === 'postgresql' ? 'postgres' : database }));
    project.commit('recorded by an older version');
    migrating = release(v1, (t) =>
      t.addMigration(
        [
          `- version: ${V2}`,
          '  renameAnswers: { continuousIntegration: ci }',
          '  answerValues: { database: { postgres: postgresql } }',
        ].join('\n'),
      ),
    );
  }, slow);

  test('without the migration the old record cannot be upgraded (the scenario can fail)', async () => {
    const result = await project.djangoflow(['upgrade'], { templates: v1, version: V2 });
    expect(result.code).toBe(1);
    expect(result.stderr + result.stdout).toMatch(/database|--ci|answers\.continuousIntegration: no question is named/);
  }, slow);

  test('with it, the recorded answers are carried to the new names and values', async () => {
    const result = await project.djangoflow(['upgrade'], { templates: migrating, version: V2 });
    expect(describeRun('upgrade', result)).toMatch(/exited with 0/);
    const { answers } = project.recorded();
    expect(answers).toMatchObject({ ci: 'github', database: 'postgresql' });
    expect(answers).not.toHaveProperty('continuousIntegration');
    // The same answers as at generation: only the record changes (and the README, which names the version).
    const changed = project.status().split('\n').filter((line) => line && !line.includes('.djangoflow/')).map((line) => line.slice(3));
    expect(changed).toContain('.yo-rc.json');
    expect(changed.filter((path) => path !== '.yo-rc.json' && path !== 'README.md')).toEqual([]);
  }, slow);
});

describe('a yes/no question that became a choice', () => {
  test('the recorded yes/no answer is mapped by its text ("true")', async () => {
    const project = await Project.fromSeed(seed, 'memory');
    // An older version asked "API? yes/no"; this one asks for the framework.
    editRecord(project, (answers) => ({ ...answers, api: true }));
    project.commit('recorded by an older version');
    const migrating = release(v1, (t) => t.addMigration(`- version: ${V2}\n  answerValues: { api: { 'true': drf, 'false': none } }`));
    const result = await project.djangoflow(['upgrade'], { templates: migrating, version: V2 });
    expect(describeRun('upgrade', result)).toMatch(/exited with 0/);
    expect(project.recorded().answers.api).toBe('drf');
  }, slow);
});
