/**
 * The development tier's mail catcher: docker-compose.yml (validated by docker-compose
 * config) runs Mailpit with its UI port in the README, and every Django service of compose
 * sends to it. Mailpit itself is not installed here: its place is taken by a local SMTP sink
 * (smtp-sink.ts), to which the project's local settings, given compose's EMAIL_URL with the
 * host and port of the sink, deliver `manage.py sendtestemail` on the pinned stack.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { generate } from '../support/generate.js';
import { describeRun, run } from '../support/process.js';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { type ProjectStack, installProject } from '../support/stack.js';
import { removeTempDir } from '../support/tempdir.js';
import { composeProblems } from '../support/validators.js';

interface ComposeService {
  image?: string;
  ports?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, unknown>;
  command?: unknown;
}

let dir = '';
let stack: ProjectStack;
let sink: SmtpSink;
let compose: { services: Record<string, ComposeService> };

beforeAll(async () => {
  const result = await generate(['--defaults', '--project-name', 'Mail Check', '--database', 'sqlite', '--celery']);
  dir = result.dir;
  if (result.code !== 0) throw new Error(describeRun('djangoflow', result));
  compose = parse(readFileSync(join(dir, 'docker-compose.yml'), 'utf8')) as typeof compose;
  [stack, sink] = await Promise.all([installProject(dir), startSmtpSink()]);
}, 900_000);

afterAll(async () => {
  await sink?.close();
  if (dir) removeTempDir(dir);
});

/** The Django services of compose: the ones built from the project's base image. */
const djangoServices = () => Object.entries(compose.services).filter(([, service]) => service.environment?.DJANGO_SETTINGS_MODULE);

test('docker-compose config accepts the file; Mailpit serves its UI on 8025 and SMTP on 1025', async () => {
  expect(await composeProblems(dir, ['docker-compose.yml'])).toEqual([]);
  const mailpit = compose.services.mailpit!;
  expect(mailpit.image).toMatch(/^axllent\/mailpit:/);
  expect(mailpit.ports).toEqual(expect.arrayContaining(['8025:8025', '1025:1025']));
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  expect(readme).toContain('http://localhost:8025');
  expect(readme).toContain('EMAIL_URL=smtp://localhost:1025');
});

test('every Django service of compose (web, the Celery worker and beat) sends mail to Mailpit', () => {
  const services = djangoServices();
  expect(services.map(([name]) => name)).toEqual(expect.arrayContaining(['web', 'celeryworker']));
  for (const [name, service] of services) {
    expect({ name, url: service.environment!.EMAIL_URL, dependsOn: Object.keys(service.depends_on ?? {}) }).toEqual({
      name,
      url: 'smtp://mailpit:1025',
      dependsOn: expect.arrayContaining(['mailpit']),
    });
  }
});

test("the local settings read compose's EMAIL_URL as Mailpit's host and port over SMTP", async () => {
  const code = 'import json; from django.conf import settings as s; print(json.dumps([s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS]))';
  const env = { ...compose.services.web!.environment!, DATABASE_URL: undefined };
  const result = await stack.run(['src/manage.py', 'shell', '-c', code], { cwd: dir, env, timeoutMs: 120_000 });
  expect(describeRun('settings', result)).toMatch(/exited with 0/);
  expect(JSON.parse(result.stdout.trim().split('\n').at(-1)!)).toEqual(['django.core.mail.backends.smtp.EmailBackend', 'mailpit', 1025, false]);
}, 180_000);

test('manage.py sendtestemail under the local settings is delivered over SMTP to the catcher', async () => {
  const url = compose.services.web!.environment!.EMAIL_URL!.replace('mailpit:1025', `127.0.0.1:${sink.port}`);
  const result = await stack.run(['src/manage.py', 'sendtestemail', 'ada@example.com'], {
    cwd: dir,
    env: { DJANGO_SETTINGS_MODULE: 'config.settings.local', EMAIL_URL: url, DATABASE_URL: undefined },
    timeoutMs: 120_000,
  });
  expect(describeRun('sendtestemail', result)).toMatch(/exited with 0/);
  expect(sink.mails).toHaveLength(1);
  const [mail] = sink.mails;
  expect(mail!.to).toEqual(['ada@example.com']);
  expect(mail!.from).toBe('noreply@mail-check.example.com');
  expect(mail!.data).toMatch(/^Subject: Test email from /m);
}, 180_000);

test('the stand-in sink speaks SMTP as smtplib does, dot-stuffing undone', async () => {
  // Guards the stand-in itself: the stack's smtplib against the sink; a line starting with
  // a dot goes out dot-stuffed and must come back as written.
  const code = `import smtplib; c = smtplib.SMTP("127.0.0.1", ${sink.port}, timeout=10); c.sendmail("a@x.test", ["b@x.test"], "Subject: ping\\r\\n\\r\\n..dot"); c.quit()`;
  const result = await run(stack.python, ['-c', code], { timeoutMs: 60_000 });
  expect(describeRun('smtplib', result)).toMatch(/exited with 0/);
  expect(sink.mails.at(-1)).toEqual({ from: 'a@x.test', to: ['b@x.test'], data: 'Subject: ping\n\n..dot\n' });
});
