/**
 * A release that turns a file into a folder (`tools/build-images` → `tools/build-images/run`),
 * end to end through the bin: a project that never touched the file upgrades; with the
 * rename declared in migrations.yaml the user's edits move into the new file; an edited file
 * without a declared rename is refused with nothing written; a failure midway puts the file
 * back where the folder was.
 */
import { statSync } from 'node:fs';
import {
  describeRun,
  generateProject,
  Project,
  release,
  releaseOne,
  removeScratch,
  reportLine,
  type TemplateEditor,
  V1,
  V2,
} from './harness.js';

const slow = 600_000;
const file = 'tools/build-images';
const moved = 'tools/build-images/run';
const userLine = 'echo "my extra step"';
let v1: string;
let seed: string;
/** 1.1.0 moves the script into a folder, without a migration. */
let undeclared: string;
/** 1.1.0 moves it and declares the rename. */
let declared: string;

function moveScript(t: TemplateEditor): void {
  t.move('project/tools/build-images.ejs', 'project/tools/build-images/run.ejs');
  t.replace('project/tools/build-images/run.ejs', 'Usage: tools/build-images [TAG]', 'Usage: tools/build-images/run [TAG]');
}

beforeAll(async () => {
  v1 = releaseOne();
  undeclared = release(v1, moveScript);
  declared = release(v1, (t) => {
    moveScript(t);
    t.addMigration(`- version: ${V2}\n  renameFiles:\n    ${file}: ${moved}`);
  });
  seed = await generateProject(v1, V1);
}, slow);
afterAll(removeScratch);

const upgrade = (project: Project, templates: string, env: NodeJS.ProcessEnv = {}) => project.djangoflow(['upgrade', '--verbose'], { templates, version: V2, env });

/** The user's edit: one step added before the script's end. */
function editScript(project: Project): void {
  project.replace(file, /\nset -o errexit\n/, `\nset -o errexit\n${userLine}\n`);
}

describe('a file the template turns into a folder', () => {
  test.each([
    ['without a declared rename', () => undeclared],
    ['with a declared rename', () => declared],
  ])('untouched, %s: upgraded, the folder in place of the file, still executable', async (_label, templates) => {
    const project = await Project.fromSeed(seed);
    const result = await upgrade(project, templates());
    expect(describeRun('upgrade', result)).toMatch(/^upgrade exited with 0/);
    expect(statSync(project.path(file)).isDirectory()).toBe(true);
    expect(project.read(moved)).toMatch(/Usage: tools\/build-images\/run \[TAG\]/);
    expect(statSync(project.path(moved)).mode & 0o111).not.toBe(0);
    expect(reportLine(result.stdout, file)).toMatch(/^delete\s/);
    expect(reportLine(result.stdout, moved)).toMatch(/^create\s/);
    project.commit('upgraded');
    expect((await project.djangoflow(['upgrade', '--check'], { templates: templates(), version: V2 })).code).toBe(0);
  });

  test('edited, with a declared rename: the edits move into the new file', async () => {
    const project = await Project.fromSeed(seed);
    editScript(project);
    project.commit('my step');
    const result = await upgrade(project, declared);
    expect(describeRun('upgrade', result)).toMatch(/^upgrade exited with 0/);
    expect(reportLine(result.stdout, file)).toBe(`delete     ${file}: renamed to ${moved} by the template; your edits moved with it`);
    expect(reportLine(result.stdout, moved)).toMatch(new RegExp(`^merge +${moved} \\(from ${file}\\): renamed from ${file} by the template; you and the template both changed it; merged$`));
    const text = project.read(moved);
    expect(text).toContain(userLine);
    expect(text).toMatch(/Usage: tools\/build-images\/run \[TAG\]/);
  });

  test('edited, without a declared rename: refused in one line, nothing written', async () => {
    const project = await Project.fromSeed(seed);
    editScript(project);
    project.commit('my step');
    const before = project.fingerprint();
    const result = await upgrade(project, undeclared);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      `djangoflow: ${file}: you edited this file, and the template now has a folder there (${moved}); move your file away (and merge your edits back by hand afterwards), then run again`,
    ]);
    expect(project.fingerprint()).toEqual(before);
  });

  test('a failure after the folder was made: rolled back, the file back in its place', async () => {
    const project = await Project.fromSeed(seed);
    const before = project.fingerprint();
    // The moves run in path order: the file goes, then the new one lands in its folder; then the failure.
    const failed = await upgrade(project, undeclared, { DJANGOFLOW_FAIL_AFTER_WRITES: '2' });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/simulated failure after 2 writes\); nothing was changed/);
    expect(statSync(project.path(file)).isFile()).toBe(true);
    expect(project.fingerprint()).toEqual(before);
  });
});
