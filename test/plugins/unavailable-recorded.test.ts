/**
 * A project an older generator made with df-chat, when it was still offered: the record
 * names it and the stored base holds its files. This generator cannot render df-chat, so
 * every command refuses with the fix, `plugin --remove df-chat`, and that one command works:
 * df-chat's files and settings go, the user's edits stay, and the project passes Django's
 * checks on its real stack.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectSuccess } from '../support/e2e.js';
import { listFiles } from '../support/files.js';
import { generate } from '../support/generate.js';
import { repoRoot } from '../support/paths.js';
import { describeRun } from '../support/process.js';
import { manage } from '../support/python.js';
import { installProject } from '../support/stack.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';
import { catalog, commitAll, git, recordedState } from './helpers.js';

const oldVersion = '0.0.9';
const fix = 'take it out first: djangoflow plugin --remove df-chat';
const dirs: string[] = [];
let project = '';
let oldRelease = '';

/** The shipped templates as the release that still offered df-chat: the manifest without `unavailable`. */
function releaseOfferingChat(): string {
  const templates = join(makeTempDir('old-release'), 'templates');
  dirs.push(templates);
  cpSync(join(repoRoot, 'templates'), templates, { recursive: true });
  const manifest = join(templates, 'plugins/df-chat/plugin.yaml');
  const text = readFileSync(manifest, 'utf8');
  if (!/^unavailable: /m.test(text)) throw new Error('df-chat is offered again: this test has nothing to prove');
  writeFileSync(manifest, text.replace(/^unavailable: .*\n/m, ''));
  return templates;
}

const old = (args: string[], cwd: string) =>
  generate(args, { cwd, env: { DJANGOFLOW_TEMPLATES: oldRelease, DJANGOFLOW_VERSION: oldVersion }, timeoutMs: 120_000 });
const current = (args: string[]) => generate(args, { cwd: project, timeoutMs: 120_000 });

beforeAll(async () => {
  oldRelease = releaseOfferingChat();
  project = makeTempDir('chat-recorded');
  dirs.push(project);
  git(project, 'init', '-q');
  for (const args of [['--defaults', '--project-name', 'Chat Shop'], ['plugin', 'df-chat', '--defaults']]) {
    const result = await old(args, project);
    if (result.code !== 0) throw new Error(describeRun(`old djangoflow ${args.join(' ')}`, result));
  }
  commitAll(project, 'made by djangoflow 0.0.9 with df-chat');
}, 300_000);
afterAll(() => dirs.forEach(removeTempDir));

const chatFiles = () => listFiles(project).filter((path) => /df_chat|routing\.py/.test(path));
const mentionsChat = (path: string) => /df[-_]chat/.test(readFileSync(join(project, path), 'utf8'));

test('the old record names df-chat and its files are on disk', () => {
  expect(catalog().get('df-chat')!.unavailable).toBeTruthy();
  expect(recordedState(project)).toMatchObject({ version: oldVersion, plugins: expect.arrayContaining(['df-chat']) });
  expect(chatFiles()).toEqual(expect.arrayContaining(['src/config/sections/df_chat.py', 'src/config/routing.py']));
  expect(mentionsChat('base/requirements/base.txt')).toBe(true);
});

const refusedRuns = [['upgrade'], ['upgrade', '--check'], ['startapp', 'blog'], ['plugin', 'celery', '--defaults'], ['--defaults']];
test.each(refusedRuns.map((args) => [args.join(' '), args] as const))(
  '`%s` is refused in one line naming the fix, nothing written',
  async (_label, args) => {
    const before = git(project, 'status', '--porcelain');
    const result = await current([...args]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining(fix)]);
    expect(result.stderr).toContain('no longer offered (django-df-chat 0.1.7 (the latest) requires channels==4.0.0');
    expect(git(project, 'status', '--porcelain')).toBe(before);
  },
);

test('plugin --list shows df-chat installed, not offered, and how to remove it', async () => {
  const result = await current(['plugin', '--list']);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/\* df-chat .*\n +not offered: .*; remove it: djangoflow plugin --remove df-chat/);
});

describe('plugin --remove df-chat', () => {
  let removal: Awaited<ReturnType<typeof current>>;
  beforeAll(async () => {
    writeFileSync(join(project, 'src/config/settings/base.py'), `${readFileSync(join(project, 'src/config/settings/base.py'), 'utf8')}\n# Ours.\nUSER_SETTING = "kept"\n`);
    writeFileSync(join(project, 'src/config/ours.py'), '"""A module of our own."""\n\nOURS = 1\n');
    commitAll(project, 'user edits');
    removal = await current(['plugin', '--remove', 'df-chat']);
  }, 300_000);

  test("succeeds and takes out df-chat's files, settings and requirement", () => {
    expect({ code: removal.code, stderr: removal.stderr }).toEqual({ code: 0, stderr: '' });
    expect(removal.stdout).toMatch(/merge +src\/config\/settings\/base\.py/);
    expect(removal.stdout).toMatch(/delete +src\/config\/sections\/df_chat\.py: removed from the template/);
    expect(recordedState(project).plugins).not.toContain('df-chat');
    expect(chatFiles()).toEqual([]);
    expect(listFiles(project).filter((path) => !path.startsWith('.djangoflow/') && mentionsChat(path))).toEqual([]);
  });

  test("keeps the user's edits", () => {
    expect(readFileSync(join(project, 'src/config/settings/base.py'), 'utf8')).toContain('USER_SETTING = "kept"');
    expect(readFileSync(join(project, 'src/config/ours.py'), 'utf8')).toContain('OURS = 1');
  });

  test('then upgrade works and leaves the project up to date', async () => {
    commitAll(project, 'df-chat removed');
    const upgraded = await current(['upgrade', '--defaults']);
    expect({ code: upgraded.code, stderr: upgraded.stderr }).toEqual({ code: 0, stderr: '' });
    commitAll(project, 'upgraded');
    const check = await current(['upgrade', '--check']);
    expect({ code: check.code, stdout: check.stdout }).toEqual({ code: 0, stdout: expect.stringContaining('up to date') });
  }, 300_000);

  test("passes Django's checks on its real stack", async () => {
    await installProject(project);
    expectSuccess('manage.py check', await manage(project, ['check', '--fail-level', 'WARNING']));
    expectSuccess('makemigrations --check', await manage(project, ['makemigrations', '--check', '--dry-run']));
  }, 1_800_000);
});
