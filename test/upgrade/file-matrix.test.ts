/**
 * The per-file table of a template upgrade, end to end through the bin: a project of
 * release 1.0.0, committed, edited by the user, upgraded to a changed template set.
 */
import { readFileSync } from 'node:fs';
import {
  binaries,
  binary,
  describeRun,
  fileDiff,
  filesWithMarkers,
  generateProject,
  Project,
  projectFiles,
  release,
  releaseOne,
  removeScratch,
  reportLine,
  treeDiff,
  treeOf,
  type TemplateEditor,
  V1,
  V2,
  V3,
} from './harness.js';
import type { RunResult } from '../support/process.js';

const slow = 600_000;
let v1: string;
let seed: string;
/** Release 1.1.0: one change per row of the table. */
let v2: string;

const notes = {
  urls: '# Release 1.1.0: the template added this line.',
  readme: 'Release 1.1.0 added this paragraph.',
  architecture: 'Release 1.1.0 changed the architecture notes.',
  deployment: 'Release 1.1.0 moved this page to deploying.md.',
  general: 'X_FRAME_OPTIONS = "DENY"',
  pyproject: '# Release 1.1.0: a note at the end of pyproject.toml.',
  faq: 'Answers from the template.',
};

function releaseTwo(t: TemplateEditor): void {
  t.append('project/src/config/urls.py.ejs', `\n${notes.urls}\n`);
  t.replace('project/src/config/urls.py.ejs', 'served by one process:', 'served by one process (release 1.1.0):');
  t.append('project/README.md.ejs', `\n## Release notes\n\n${notes.readme}\n`);
  t.append('project/docs/architecture.md.ejs', `\n${notes.architecture}\n`);
  t.remove('project/docs/index.md.ejs');
  t.remove('project/src/locale/README.md.ejs');
  // A declared rename (migrations.yaml) with a content change, and an undeclared one (a
  // file moved to another folder under its name: only such moves are detected by content).
  t.move('project/docs/deployment.md.ejs', 'project/docs/deploying.md.ejs');
  t.append('project/docs/deploying.md.ejs', `\n${notes.deployment}\n`);
  t.addMigration(`- version: ${V2}\n  renameFiles:\n    docs/deployment.md: docs/deploying.md`);
  t.move('project/docs/adding-an-app.md.ejs', 'project/docs/guides/adding-an-app.md.ejs');
  t.append('project/src/config/sections/general.py.ejs', `\n${notes.general}\n`);
  // The services are data (lib/render/compose.ts): this release bumps one where the template prints them.
  t.replace(
    'project/docker-compose.yml.ejs',
    '<%- yaml(compose) %>',
    "<%- yaml({ ...compose, services: { ...compose.services, redis: { ...compose.services.redis, image: 'redis:8-alpine' } } }) %>",
  );
  t.append('project/pyproject.toml.ejs', `\n${notes.pyproject}\n`);
  t.write('project/docs/faq.md.ejs', `# FAQ\n\n${notes.faq}\n`);
  t.write(`project/${binaries.logo}`, binary('logo 1.1.0'));
  t.write(`project/${binaries.icon}`, binary('icon 1.1.0'));
}

beforeAll(async () => {
  v1 = releaseOne();
  v2 = release(v1, releaseTwo);
  seed = await generateProject(v1, V1);
}, slow);
afterAll(removeScratch);

const upgrade = (project: Project, templates: string, version: string, args: string[] = []) =>
  project.djangoflow(['upgrade', ...args], { templates, version });

describe('an upgrade without conflicts: one user edit per row of the table', () => {
  let project: Project;
  let result: RunResult;
  let before: Record<string, string>;
  const makefileTarget = '\nshop-report:  ## our own target\n\techo report\n';

  beforeAll(async () => {
    project = await Project.fromSeed(seed);
    project.append('Makefile', makefileTarget);
    project.replace('README.md', /^# Acme Shop\n/, '# Acme Shop\n\nOur shop, our rules.\n');
    project.remove('docs/architecture.md');
    project.append('docs/index.md', '\n- [Runbook](runbook.md): what we do at night.\n');
    project.replace('docs/deployment.md', /^# Deployment\n/, '# Deployment\n\nWe deploy on Tuesdays.\n');
    project.replace('docs/adding-an-app.md', /^# Adding an app\n/, '# Adding an app\n\nAsk the team first.\n');
    // A real edit, plus reformatting that ruff undoes (single quotes).
    project.replace('src/config/sections/general.py', /^"""What every process/, '"""Shared by the shop. What every process');
    project.replace('src/config/sections/general.py', /"(config\.[\w.]+)"/g, "'$1'");
    // A real edit, plus reformatting that prettier undoes (4-space indentation, extra blank lines).
    project.replace('docker-compose.yml', 'image: postgres:17\n', 'image: postgres:17.2\n');
    project.write('docker-compose.yml', project.read('docker-compose.yml').replace(/^( +)/gm, '$1$1').replace(/\n\n/g, '\n\n\n'));
    // CRLF line endings and a real edit.
    project.write('pyproject.toml', `# Our notes on the build.\n${project.read('pyproject.toml')}`.replace(/\n/g, '\r\n'));
    project.commit('our edits');
    before = treeOf(project.dir, () => true);
    result = await upgrade(project, v2, V2);
  }, slow);

  test('exits 0 and leaves no conflict', () => {
    expect(describeRun('upgrade', result)).toMatch(/^upgrade exited with 0/);
    expect(project.status()).not.toMatch(/^(UU|AA|DU|UD) /m);
    expect(filesWithMarkers(project.dir)).toEqual([]);
  });

  test('untouched by the user: the new render', () => {
    expect(project.read('src/config/urls.py')).toContain(notes.urls);
    expect(project.read('src/config/urls.py')).toBe(project.pristineFile('src/config/urls.py'));
    expect(readFileSync(project.path(binaries.icon))).toEqual(binary('icon 1.1.0'));
  });

  test('not changed by the template: the user file is kept byte for byte', () => {
    expect(treeOf(project.dir, (p) => p === 'Makefile')).toEqual({ Makefile: before.Makefile });
    expect(project.read('Makefile')).toContain(makefileTarget);
  });

  test('changed by both: merged', () => {
    const readme = project.read('README.md');
    expect(readme).toContain('Our shop, our rules.');
    expect(readme).toContain(notes.readme);
    expect(reportLine(result.stdout, 'README.md')).toMatch(/^merge\s/);
  });

  test('deleted by the user: stays deleted, and the report says so', () => {
    expect(project.exists('docs/architecture.md')).toBe(false);
    expect(reportLine(result.stdout, 'docs/architecture.md')).toMatch(/^skip\s.*deleted/);
  });

  test('dropped by the template but edited: kept, and the report says so', () => {
    expect(project.read('docs/index.md')).toContain('[Runbook](runbook.md)');
    expect(reportLine(result.stdout, 'docs/index.md')).toMatch(/^keep\s.*removed from (the )?template/);
  });

  test('dropped by the template and untouched: deleted, empty folder too', () => {
    expect(project.exists('src/locale/README.md')).toBe(false);
    expect(project.exists('src/locale')).toBe(false);
  });

  test('renamed by the template (declared in migrations.yaml): the user edits move to the new path', () => {
    expect(project.exists('docs/deployment.md')).toBe(false);
    const page = project.read('docs/deploying.md');
    expect(page).toContain('We deploy on Tuesdays.');
    expect(page).toContain(notes.deployment);
  });

  test('moved by the template (undeclared, detected by content): the user edits move to the new path', () => {
    expect(project.exists('docs/adding-an-app.md')).toBe(false);
    expect(project.read('docs/guides/adding-an-app.md')).toContain('Ask the team first.');
  });

  test('a ruff-reformatted Python file does not conflict', () => {
    const general = project.read('src/config/sections/general.py');
    expect(general).toContain('Shared by the shop.');
    expect(general).toContain(notes.general);
    // The merge by definition combines the edits without formatting the user's file first.
    expect(reportLine(result.stdout, 'src/config/sections/general.py')).toMatch(/^merge\s/);
  });

  test('a prettier-reformatted YAML file does not conflict', () => {
    const compose = project.read('docker-compose.yml');
    expect(compose).toContain('image: postgres:17.2');
    expect(compose).toContain('redis:8-alpine');
    expect(reportLine(result.stdout, 'docker-compose.yml')).toMatch(/^merge\s.*after formatting your file/);
  });

  test('a CRLF file merges without a whole-file conflict and stays CRLF', () => {
    const pyproject = project.read('pyproject.toml');
    expect(pyproject).toContain('# Our notes on the build.');
    expect(pyproject).toContain(notes.pyproject);
    expect(pyproject.replace(/\r\n/g, '')).not.toContain('\n');
    expect(reportLine(result.stdout, 'pyproject.toml')).toMatch(/^merge\s/);
  });

  test('records the new version and stores the new render as the base', () => {
    expect(project.recorded().version).toBe(V2);
    expect(project.pristineFile('docs/deploying.md')).toContain(notes.deployment);
    expect(project.git('ls-tree', '-r', '--name-only', 'refs/djangoflow/pristine')).not.toMatch(/^\.env$/m);
  });
});

describe('an upgrade with conflicts', () => {
  let project: Project;
  let result: RunResult;

  beforeAll(async () => {
    project = await Project.fromSeed(seed);
    // The line the release changes, changed otherwise: a conflict any developer would call one.
    project.replace('src/config/urls.py', 'served by one process:', 'served by our one process:');
    project.append('src/config/urls.py', '\n# Our own routes go below.\n');
    project.write('docs/faq.md', '# FAQ\n\nOur own answers.\n');
    project.write(binaries.logo, binary('our own logo'));
    project.commit('our edits');
    result = await upgrade(project, v2, V2);
  }, slow);

  test('exits 3 and names the files to resolve', () => {
    expect(describeRun('upgrade', result)).toMatch(/^upgrade exited with 3/);
    expect(result.stdout).toMatch(/need your attention/);
    expect(reportLine(result.stdout, 'src/config/urls.py')).toMatch(/^conflict\s/);
  });

  test('text: labelled markers inline, the file unmerged in git (UU)', () => {
    const urls = project.read('src/config/urls.py');
    expect(urls).toMatch(/^<<<<<<< yours\n[^=]*served by our one process:[\s\S]*^=======\n[^>]*served by one process \(release 1\.1\.0\):[\s\S]*^>>>>>>> djangoflow 1\.1\.0$/m);
    // The additions at the end are no conflict: both are kept.
    expect(urls).toContain(notes.urls);
    expect(urls).toContain('# Our own routes go below.');
    expect(project.status()).toMatch(/^UU src\/config\/urls\.py$/m);
  });

  test('new template file where the user already has one: merged against an empty base', () => {
    expect(reportLine(result.stdout, 'docs/faq.md')).toMatch(/empty base/);
    const faq = project.read('docs/faq.md');
    expect(faq).toContain('Our own answers.');
    expect(faq).toContain(notes.faq);
  });

  test('binary: never merged, the new version is written beside the user file', () => {
    expect(readFileSync(project.path(binaries.logo))).toEqual(binary('our own logo'));
    expect(readFileSync(project.path(`${binaries.logo}.djangoflow-new`))).toEqual(binary('logo 1.1.0'));
    expect(reportLine(result.stdout, binaries.logo)).toMatch(/^conflict\s.*djangoflow-new/);
  });

  test('once resolved and committed, the same upgrade again changes nothing', async () => {
    project.write('src/config/urls.py', project.pristineFile('src/config/urls.py') + '\n# Our own routes go below.\n');
    project.write('docs/faq.md', `# FAQ\n\nOur own answers.\n\n${notes.faq}\n`);
    project.remove(`${binaries.logo}.djangoflow-new`);
    project.commit('resolved');
    const resolved = project.fingerprint();
    const again = await upgrade(project, v2, V2);
    expect(describeRun('second upgrade', again)).toMatch(/^second upgrade exited with 0/);
    expect(project.fingerprint().files).toEqual(resolved.files);
    expect(project.status()).toBe('');
  }, slow);
});

describe('an untouched project', () => {
  let project: Project;
  let fresh: string;
  let result: RunResult;

  beforeAll(async () => {
    project = await Project.fromSeed(seed);
    [result, fresh] = await Promise.all([upgrade(project, v2, V2), generateProject(v2, V2)]);
  }, slow);

  test('reconciles to exactly a fresh generation of the new release', () => {
    expect(describeRun('upgrade', result)).toMatch(/^upgrade exited with 0/);
    const differences = treeDiff(treeOf(project.dir, projectFiles), treeOf(fresh, projectFiles));
    const firstDiff = differences.find((d) => d.startsWith('differs: '))?.split(' ')[1];
    expect({ differences, firstDiff: firstDiff ? fileDiff(project.dir, fresh, firstDiff) : '' }).toEqual({ differences: [], firstDiff: '' });
  });

  let upgraded: ReturnType<Project['fingerprint']>;
  let again: ReturnType<Project['fingerprint']>;

  test('a second identical run is a no-op: no file changes, git status clean', async () => {
    project.commit('upgraded');
    upgraded = project.fingerprint();
    const baseTree = project.git('rev-parse', 'refs/djangoflow/pristine^{tree}');
    const second = await upgrade(project, v2, V2);
    expect(describeRun('second upgrade', second)).toMatch(/^second upgrade exited with 0/);
    expect(project.status()).toBe('');
    again = project.fingerprint();
    expect(again.files).toEqual(upgraded.files);
    expect(again.index).toBe(upgraded.index);
    expect(project.git('rev-parse', 'refs/djangoflow/pristine^{tree}')).toBe(baseTree);
  }, slow);

  test('a second identical run does not add a commit to the pristine ref', () => {
    expect(again.refs).toBe(upgraded.refs);
  });
});

describe('v1 → v2 → v3 equals v1 → v3 when nothing conflicts', () => {
  let v3: string;
  let stepwise: Project;
  let direct: Project;
  const runs: RunResult[] = [];

  beforeAll(async () => {
    v3 = release(v2, (t) => {
      t.append('project/src/config/urls.py.ejs', '\n# Release 1.2.0 added this line too.\n');
      t.append('project/docs/faq.md.ejs', '\nMore answers in 1.2.0.\n');
      t.remove('project/tools/makemessages.ejs');
      t.write(`project/${binaries.icon}`, binary('icon 1.2.0'));
    });
    const edit = (project: Project) => {
      project.append('Makefile', '\nshop-report:\n\techo report\n');
      project.replace('README.md', /^# Acme Shop\n/, '# Acme Shop\n\nOur shop, our rules.\n');
      project.replace('docs/deployment.md', /^# Deployment\n/, '# Deployment\n\nWe deploy on Tuesdays.\n');
      project.replace('src/config/sections/general.py', /^"""What every process/, '"""Shared by the shop. What every process');
      project.commit('our edits');
    };
    [stepwise, direct] = await Promise.all([Project.fromSeed(seed), Project.fromSeed(seed)]);
    edit(stepwise);
    edit(direct);
    runs.push(await upgrade(stepwise, v2, V2));
    stepwise.commit('upgraded to 1.1.0');
    runs.push(await upgrade(stepwise, v3, V3));
    runs.push(await upgrade(direct, v3, V3));
  }, slow);

  test('every run succeeds', () => {
    expect(runs.map((r, i) => describeRun(`run ${i + 1}`, r).split('\n')[0])).toEqual([
      'run 1 exited with 0',
      'run 2 exited with 0',
      'run 3 exited with 0',
    ]);
  });

  test('the same files, and the same stored base', () => {
    expect(treeDiff(treeOf(stepwise.dir, projectFiles), treeOf(direct.dir, projectFiles))).toEqual([]);
    expect(stepwise.git('rev-parse', 'refs/djangoflow/pristine^{tree}')).toBe(direct.git('rev-parse', 'refs/djangoflow/pristine^{tree}'));
    expect(direct.read('docs/deploying.md')).toContain('We deploy on Tuesdays.');
    expect(direct.exists('tools/makemessages')).toBe(false);
  });
});
