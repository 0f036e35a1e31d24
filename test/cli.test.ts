/**
 * The bin as users meet it: help, version, and bad input refused with one line, a
 * non-zero exit, no stack trace and nothing written.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newProjectCommands as nextCommands } from '../lib/run/next-steps.js';
import { git, initRepo, writeFiles } from './reconcile/helpers.js';
import { folderHash } from './support/folder-hash.js';
import { generate } from './support/generate.js';
import { repoRoot } from './support/paths.js';
import { questions } from '../lib/questions/table.js';
import { optionName } from '../lib/questions/question.js';
import { makeTempDir, removeTempDir } from './support/tempdir.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeTempDir));

async function refused(args: string[], message: RegExp, prepare?: (dir: string) => void) {
  const dir = makeTempDir('cli');
  dirs.push(dir);
  prepare?.(dir);
  const before = readdirSync(dir).sort();
  const result = await generate(args, { cwd: dir });
  expect(result.code).not.toBe(0);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(/^djangoflow: /);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(readdirSync(dir).sort()).toEqual(before);
  return dir;
}

describe('djangoflow --help', () => {
  it('lists every question option and the common options', async () => {
    const result = await generate(['--help']);
    dirs.push(result.dir);
    expect(result.code).toBe(0);
    for (const question of questions) expect(result.stdout).toContain(`--${optionName(question)}`);
    for (const option of ['--defaults', '--force', '--dry-run']) expect(result.stdout).toContain(option);
    expect(readdirSync(result.dir)).toEqual([]);
  });

  it('is mirrored by the README, which documents every question option', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    for (const question of questions) expect(readme).toContain(`\`--${optionName(question)}`);
  });

  it('prints the package version', async () => {
    const result = await generate(['--version']);
    dirs.push(result.dir);
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    expect(result.stdout.trim()).toBe(pkg.version);
  });
});

describe('bad input', () => {
  it.each([
    [['--project-slug', '1acme'], /project slug "1acme" must be a lowercase python identifier/],
    [['--project-slug', 'class'], /python keyword/],
    [['--project-slug', 'django'], /would shadow the python module "django"/],
    [['--project-slug', 'email'], /would shadow the python module "email"/],
    [['--project-slug', '../evil'], /lowercase python identifier/],
    [['--project-slug', 'Acme-Shop'], /lowercase python identifier/],
    [['--project-name', ''], /project name must not be empty/],
    [['--ci', 'jenkins-of-doom'], /--ci must be one of github, gitlab, none/],
    [['--author-email', 'me@'], /not a valid email address/],
    [['--database', 'oracle'], /--database must be one of/],
    [['--celery=perhaps'], /--celery takes yes, no, true, false, 1 or 0; got "perhaps"/],
    [['--celery', 'perhaps'], /unexpected argument "perhaps"/],
    [['--no-such-option'], /unknown option --no-such-option/],
    [['--ask', 'database'], /--ask needs a terminal/],
    [['--ask', 'colour'], /--ask "colour": no such question/],
  ])('%j', async (args, message) => {
    await refused(['--defaults', ...args], message);
  });

  it('refuses an unknown command', async () => {
    await refused(['frobnicate', '--defaults'], /unknown command "frobnicate"/);
  });

  it('asks for --defaults when stdin is closed and answers are missing', async () => {
    await refused([], /no answer for --project-name; pass it, or --defaults/);
  });

  it('refuses a non-empty folder that is not a djangoflow project', async () => {
    const dir = await refused(['--defaults'], /not empty and not a djangoflow project/, (d) =>
      writeFileSync(join(d, 'notes.txt'), 'mine\n'),
    );
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine\n');
  });

  it('refuses a corrupt .yo-rc.json', async () => {
    await refused(['--defaults'], /\.yo-rc\.json is not valid JSON/, (d) => writeFileSync(join(d, '.yo-rc.json'), '{oops'));
  });

  it('reads a .yo-rc.json an editor saved with a byte order mark, and writes it back plain', async () => {
    const made = await generate(['--defaults', '--project-name', 'Marked Record']);
    dirs.push(made.dir);
    expect(made.code).toBe(0);
    const record = join(made.dir, '.yo-rc.json');
    writeFileSync(record, `\uFEFF${readFileSync(record, 'utf8').replace(/\n/g, '\r\n')}`);
    const added = await generate(['startapp', 'blog'], { cwd: made.dir });
    expect({ code: added.code, stderr: added.stderr }).toEqual({ code: 0, stderr: '' });
    const text = readFileSync(record, 'utf8');
    expect(text.startsWith('{')).toBe(true);
    expect(JSON.parse(text)['generator-djangoflow'].apps.map((app: { name: string }) => app.name)).toEqual(['blog']);
  });

  it('names git checkout when the record is deleted but git has it, and only then', async () => {
    const committedThenDeleted = (dir: string) => {
      writeFiles(dir, { '.yo-rc.json': '{}\n', 'notes.txt': 'mine\n' });
      initRepo(dir);
      rmSync(join(dir, '.yo-rc.json'));
    };
    // The whole line, as a pattern: refused() matches stderr against a RegExp.
    const exactly = (line: string) => new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n$`);
    const missing = 'djangoflow: not a djangoflow project (no .yo-rc.json with a djangoflow record here)';
    for (const args of [['upgrade'], ['model', 'blog', 'Post', 'title:str'], ['plugin', 'celery']]) {
      await refused(args, exactly(`${missing}; git has one: restore it with git checkout HEAD -- .yo-rc.json`), committedThenDeleted);
    }
    await refused(['upgrade'], exactly(missing), (dir) => writeFileSync(join(dir, 'notes.txt'), 'mine\n'));
  });

  it('does not generate over a project whose record is deleted, even with --force; the way back it names works', async () => {
    const generated = await generate(['--defaults']);
    dirs.push(generated.dir);
    expect(generated.code).toBe(0);
    // The same project generated in a git repository: its render is stored under git's refs.
    const inGit = makeTempDir('cli-record-in-git');
    dirs.push(inGit);
    initRepo(inGit);
    expect((await generate(['--defaults'], { cwd: inGit })).code).toBe(0);
    expect(existsSync(join(inGit, '.djangoflow'))).toBe(false);
    git(inGit, 'add', '-A');
    git(inGit, 'commit', '-qm', 'generated');

    const missing = 'djangoflow: .yo-rc.json (the project\'s record) is missing, but a djangoflow render of this project is stored: restore it';
    for (const [dir, way] of [[generated.dir, 'from a backup'], [inGit, '(git checkout HEAD -- .yo-rc.json)']] as const) {
      rmSync(join(dir, '.yo-rc.json'));
      const before = folderHash(dir);
      const refusedRun = await generate(['--defaults', '--force'], { cwd: dir });
      expect({ code: refusedRun.code, stderr: refusedRun.stderr }).toEqual({ code: 1, stderr: `${missing} ${way}, then run again\n` });
      expect(folderHash(dir)).toBe(before);
    }
    git(inGit, 'checkout', 'HEAD', '--', '.yo-rc.json');
    const check = await generate(['upgrade', '--check'], { cwd: inGit });
    expect({ code: check.code, stdout: check.stdout }).toEqual({ code: 0, stdout: expect.stringContaining('up to date') });
  });

  it('refuses a project generated by a newer generator', async () => {
    const record = { 'generator-djangoflow': { version: '999.0.0', answers: {}, apps: [], plugins: [] } };
    await refused(['--defaults'], /newer than this/, (d) => writeFileSync(join(d, '.yo-rc.json'), JSON.stringify(record)));
  });
});

describe('a new project', () => {
  it('ends with the summary and the next three commands, nothing per file', async () => {
    const result = await generate(['--defaults']);
    dirs.push(result.dir);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Summary: \d+ create$/);
    expect(lines.slice(1)).toEqual(['Next:', ...nextCommands('3.13').map((command) => `  ${command}`)]);
    expect(lines[2]).toBe('  python3.13 -m venv .venv && . .venv/bin/activate');
  });

  it("makes the venv with the project's Python by name", async () => {
    const result = await generate(['--defaults', '--python-version', '3.12']);
    dirs.push(result.dir);
    expect(result.stdout).toContain('\n  python3.12 -m venv .venv && . .venv/bin/activate\n');
  });
});

describe('--force into a non-empty folder', () => {
  it('never overwrites an existing file silently', async () => {
    const dir = makeTempDir('cli');
    dirs.push(dir);
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'README.md'), '# My notes\n\nKeep me.\n');
    const result = await generate(['--defaults', '--force', '--project-name', 'Acme Shop'], { cwd: dir });
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(readme).toContain('Keep me.');
    expect(existsSync(join(dir, 'src/manage.py'))).toBe(true);
    expect(result.stdout).toMatch(/README\.md/);
  });
});
