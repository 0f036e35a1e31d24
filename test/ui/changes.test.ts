/**
 * The Apps and models section without a browser: a new app, a model with three fields, a grown
 * model, a removed field and pages switched on, each previewed (nothing written) then applied
 * through the session, and the project byte-equal to the same CLI commands' project; the CLI's
 * refusals word for word; Apply offered only when something would change; a dirty git tree
 * shown at preview time; the settings table per environment without a value.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliCommand, fieldWord } from '../../generators/ui/changes.js';
import type { ProjectChange } from '../../generators/ui/api-types.js';
import { Session } from '../../generators/ui/session.js';
import { parseField } from '../../lib/model/fields.js';
import { templatesDir } from '../../lib/template-set/paths.js';
import { loadTemplateSet } from '../../lib/template-set/index.js';
import { listFiles, readBytes } from '../support/files.js';
import { binPath } from '../support/paths.js';
import { run } from '../support/process.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';

const templates = loadTemplateSet(templatesDir());
let uiDir: string;
let cliDir: string;

async function cli(dir: string, args: string[]): Promise<string> {
  const result = await run(process.execPath, [binPath, ...args], { cwd: dir });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

/** Every file with its bytes, but the random secret of .env. */
const tree = (dir: string) => Object.fromEntries(listFiles(dir).filter((p) => p !== '.env').map((p) => [p, readBytes(dir, p).toString('base64')]));

beforeAll(async () => {
  uiDir = makeTempDir('ui-changes');
  cliDir = makeTempDir('ui-changes-cli');
  await cli(uiDir, ['--defaults']);
  cpSync(uiDir, cliDir, { recursive: true });
});
afterAll(() => {
  removeTempDir(uiDir);
  removeTempDir(cliDir);
});

/** Preview (nothing written), apply, then the CLI's own command in the twin project: the trees are equal. */
async function sameAsCli(session: Session, change: ProjectChange, args: string[]) {
  const before = tree(uiDir);
  const preview = await session.previewChange(change);
  expect(preview.error).toBeUndefined();
  expect(preview.changes).toBe(true);
  expect(preview.command).toBe(`djangoflow ${args.map((a) => (/[\s?]/.test(a) ? `'${a}'` : a)).join(' ')}`);
  expect(tree(uiDir)).toEqual(before);
  const result = await session.applyChange(change);
  expect(result.exitCode).toBe(0);
  const printed = await cli(cliDir, args);
  expect(tree(uiDir)).toEqual(tree(cliDir));
  // The same next steps the CLI printed, apart.
  expect(printed).toContain(result.nextSteps.join('\n'));
  expect(preview.nextSteps).toEqual(result.nextSteps);
  return { preview, result };
}

test('an app, a model with three fields, a grown model, a removed field and pages equal the CLI commands', async () => {
  const session = new Session(uiDir, templates, false);
  expect(session.models().apps).toEqual([]);
  expect(session.models().targets).toContain('users.User');

  const app = await sameAsCli(session, { kind: 'startapp', name: 'blog', models: [], pages: false }, ['startapp', 'blog']);
  expect(app.preview.files!.filter((f) => f.action === 'create').map((f) => f.path)).toContain('src/apps/blog/models.py');

  const fields = ['title:str:120', 'body:text?', 'author:fk=users.User'];
  const model = await sameAsCli(session, { kind: 'model', app: 'blog', model: 'Post', fields, removeFields: [], remove: false }, ['model', 'blog', 'Post', ...fields]);
  expect(model.result.nextSteps).toEqual(['Next:', '  python src/manage.py makemigrations blog', '  python src/manage.py migrate']);
  const recorded = session.models().apps[0]!.models[0]!;
  expect(recorded.fields.map((f) => f.word)).toEqual(fields);

  await sameAsCli(session, { kind: 'model', app: 'blog', model: 'Post', fields: ['published:bool'], removeFields: ['body'], remove: false }, ['model', 'blog', 'Post', 'published:bool', '--remove-field', 'body']);
  await sameAsCli(session, { kind: 'model', app: 'blog', model: 'Post', fields: [], removeFields: [], remove: false, pages: true }, ['model', 'blog', 'Post', '--pages']);
  expect(session.models().apps[0]!.models[0]).toMatchObject({ name: 'Post', pages: true });
  expect(session.models().targets).toContain('blog.Post');

  // Asking again for what is recorded changes nothing: Apply is not offered.
  const same = await session.previewChange({ kind: 'model', app: 'blog', model: 'Post', fields: [], removeFields: [], remove: false, pages: true });
  expect(same.changes).toBe(false);
});

test('refusals are the CLI\'s own line, and nothing is written', async () => {
  const session = new Session(uiDir, templates, false);
  const before = tree(uiDir);
  const bad: [ProjectChange, string[]][] = [
    [{ kind: 'startapp', name: 'Blog', models: [], pages: false }, ['startapp', 'Blog']],
    [{ kind: 'model', app: 'blog', model: 'Tag', fields: ['name:strr'], removeFields: [], remove: false }, ['model', 'blog', 'Tag', 'name:strr']],
    [{ kind: 'model', app: 'shop', model: 'Item', fields: ['name:str'], removeFields: [], remove: false }, ['model', 'shop', 'Item', 'name:str']],
  ];
  for (const [change, args] of bad) {
    const preview = await session.previewChange(change);
    const result = await run(process.execPath, [binPath, ...args], { cwd: cliDir });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(preview.error!);
    await expect(session.applyChange(change)).rejects.toThrow(preview.error!);
  }
  expect(tree(uiDir)).toEqual(before);
});

test('a dirty git tree is shown at preview time', async () => {
  const dir = makeTempDir('ui-changes-git');
  try {
    await cli(dir, ['--defaults']);
    const git = (...args: string[]) => run('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir });
    await git('init', '-q');
    await git('add', '-A');
    await git('commit', '-qm', 'generated');
    const session = new Session(dir, templates, false);
    const change: ProjectChange = { kind: 'startapp', name: 'shop', models: [], pages: false };
    expect((await session.previewChange(change)).dirty).toBe(false);
    writeFileSync(join(dir, 'README.md'), `${readFileSync(join(dir, 'README.md'), 'utf8')}\nedited\n`);
    const preview = await session.previewChange(change);
    expect(preview.dirty).toBe(true);
    await expect(session.applyChange(change)).rejects.toThrow('the git tree has uncommitted changes');
  } finally {
    removeTempDir(dir);
  }
});

test('field words read back to the same field; the CLI command quotes what a shell would split', () => {
  for (const word of ['title:str?:120:unique', 'status:choice=draft,published:default=draft', 'owner:fk=users.User?', 'count:int:index:default=0', 'tags:m2m=blog.Tag']) {
    expect(fieldWord(parseField(word, 'Post', 'blog'))).toBe(word);
  }
  expect(cliCommand({ kind: 'startapp', name: 'blog', models: ['Post title:str'], pages: true })).toBe("djangoflow startapp blog --model 'Post title:str' --pages");
  expect(cliCommand({ kind: 'model', app: 'blog', model: 'Post', fields: ['note:str:default=a b'], removeFields: [], remove: false, pages: false })).toBe("djangoflow model blog Post 'note:str:default=a b' --no-pages");
});

test('settings per environment: kinds, what is missing, never a value', () => {
  const session = new Session(uiDir, templates, false);
  const settings = session.settings();
  expect(settings.map((s) => s.environment)).toEqual(['local', 'staging', 'production']);
  const local = settings[0]!;
  expect(local.source).toBe('.env');
  expect(new Set(local.rows.map((r) => r.kind))).toEqual(new Set(['environment', 'secret']));
  const secret = local.rows.find((r) => r.name === 'DJANGO_SECRET_KEY')!;
  expect(secret).toMatchObject({ kind: 'secret', presence: 'set' });
  expect(settings[2]!.source).toBeUndefined();
  const dotenv = readFileSync(join(uiDir, '.env'), 'utf8');
  const value = /DJANGO_SECRET_KEY=(.*)/.exec(dotenv)![1]!;
  expect(JSON.stringify(settings)).not.toContain(value);
});
