/**
 * Translations compiled at image build, on the real stack: src/Dockerfile compiles them in a
 * stage of its own (gettext there only, not in the runtime image, which takes the .mo files
 * from it), and the command that stage runs, run here with the project's Python, turns the
 * project's catalogue (made by its own `tools/makemessages`) into the .mo file Django serves;
 * git ignores that file, not the catalogue.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../support/generate.js';
import { describeRun, run } from '../support/process.js';
import { type ProjectStack, installProject } from '../support/stack.js';
import { removeTempDir } from '../support/tempdir.js';

let dir = '';
let stack: ProjectStack;
beforeAll(async () => {
  const result = await generate(['--defaults', '--project-name', 'Acme Shop']);
  dir = result.dir;
  if (result.code !== 0) throw new Error(describeRun('djangoflow', result));
  stack = await installProject(dir);
}, 1_800_000);
afterAll(() => removeTempDir(dir));

const read = (path: string): string => readFileSync(join(dir, path), 'utf8');

/** A Dockerfile's stages, each from its FROM line to the next. */
const stages = (text: string): string[] => text.split(/^(?=FROM )/m).slice(1);

test('gettext is installed only in the messages stage; the runtime images take the compiled source from it', () => {
  const [messages, runtime] = stages(read('src/Dockerfile'));
  expect(messages).toMatch(/^FROM \$\{BASE_IMAGE\} AS messages$/m);
  expect(messages).toMatch(/apt-get install --yes --no-install-recommends gettext\b/);
  expect(runtime).not.toMatch(/gettext|apt-get/);
  expect(runtime).toMatch(/^COPY --from=messages --chown=django:django \/build\/src\/ \/app\/$/m);
  expect(read('base/Dockerfile')).not.toMatch(/gettext/);
});

test("the messages stage's command compiles the project's catalogue into the .mo file Django serves", async () => {
  for (const tool of ['xgettext', 'msgfmt']) {
    if ((await run('sh', ['-c', `command -v ${tool}`])).code !== 0) throw new Error(`no ${tool} on PATH: install GNU gettext (.ci/debian-packages.txt)`);
  }
  const made = await run('bash', ['tools/makemessages', 'de'], { cwd: dir, env: stack.env({ PYTHON: stack.python }) });
  expect(describeRun('tools/makemessages de', made)).toMatch(/exited with 0/);
  const po = 'src/locale/de/LC_MESSAGES/django.po';
  const text = read(po);
  const msgid = /^msgid "(Users)"\nmsgstr ""$/m.exec(text)?.[1];
  expect({ msgid }).toEqual({ msgid: 'Users' });
  writeFileSync(join(dir, po), text.replace(/^msgid "Users"\nmsgstr ""$/m, 'msgid "Users"\nmsgstr "Benutzer"'));

  // The stage's RUN line, its image paths mapped onto the project and its venv.
  const command = /^RUN (.*compilemessages.*)$/m.exec(stages(read('src/Dockerfile'))[0]!)?.[1];
  expect(command).toBe('PYTHON=/venv/bin/python bash /build/tools/compilemessages');
  const local = command!.replace('/venv/bin/python', stack.python).replace('/build/', `${dir}/`);
  // The stage has no settings module to load: the script runs without one even when set.
  const compiled = await run('bash', ['-c', local], { cwd: '/', env: stack.env({ DJANGO_SETTINGS_MODULE: 'config.settings.production' }) });
  expect(describeRun(command!, compiled)).toMatch(/exited with 0/);
  expect(existsSync(join(dir, 'src/locale/de/LC_MESSAGES/django.mo'))).toBe(true);

  const served = await stack.run(
    ['src/manage.py', 'shell', '-c', "from django.utils import translation; translation.activate('de'); print(translation.gettext('Users'))"],
    { env: { DJANGO_SETTINGS_MODULE: 'config.settings.test' } },
  );
  expect(describeRun('manage.py shell', served)).toMatch(/exited with 0/);
  expect(served.stdout.trim().split('\n').at(-1)).toBe('Benutzer');

  // The catalogue is the team's to commit; the compiled file is made again wherever it is needed.
  await run('git', ['init', '-q'], { cwd: dir });
  const ignored = async (path: string) => (await run('git', ['check-ignore', '-q', path], { cwd: dir })).code === 0;
  expect({ po: await ignored(po), mo: await ignored('src/locale/de/LC_MESSAGES/django.mo') }).toEqual({ po: false, mo: true });
}, 600_000);
