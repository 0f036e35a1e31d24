/**
 * A project named with hostile text, run for real on its pinned stack (test/support/stack.ts):
 * `manage.py check` and the project's own tests pass, its pages show the name literally
 * (template syntax in it never evaluated, markup never interpreted), and a mail from the
 * default sender is built and sent, its From header parsing back to the name.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../support/generate.js';
import { describeRun } from '../support/process.js';
import { installProject, type ProjectStack } from '../support/stack.js';
import { removeTempDir } from '../support/tempdir.js';

/** Quotes, template syntax, markup, email specials, shell, a backslash, RTL, U+2028, emoji: 80 characters at most. */
const name = '"Best" {{ request.META }} {% debug %} <b>x</b> A, I: a@b $5 `id` \\ שלום\u2028🎉';
const description = "Costs $5 {{ settings.SECRET_KEY }} <script>alert('x')</script>";

/** Run inside the project with the test settings: pages, then mail. Prints OK or raises. */
const probe = `
import html, json, sys
from email import message_from_bytes, policy
from django.conf import settings
from django.core import mail
from django.test import Client
from django.test.utils import setup_test_environment

expected = json.load(open(sys.argv[1], encoding="utf-8"))
setup_test_environment()
page = Client().get("/")
assert page.status_code == 200, page.status_code
text = page.content.decode()
shown = html.unescape(text)
assert expected["name"] in shown, "the name is not shown literally"
assert expected["description"] in shown, "the description is not shown literally"
assert "<b>x</b>" not in text and "<script>" not in text, "markup from the text was not escaped"
assert "SECRET_KEY" not in text.replace("settings.SECRET_KEY", ""), "a template variable was evaluated"
assert "wsgi." not in text and "SERVER_NAME" not in text, "request.META was printed"

message = mail.EmailMessage("Hello", "Body", to=["someone@example.com"])
assert message.from_email == settings.DEFAULT_FROM_EMAIL
assert message.send() == 1
parsed = message_from_bytes(mail.outbox[-1].message().as_bytes(), policy=policy.default)
sender = parsed["From"].addresses[0]
# Django encodes the non-ASCII name in chunks; Python's parser may add a space where two meet,
# and a line separator became a space (lib/render/escape.ts): compare without whitespace.
flat = lambda text: "".join(text.split())
assert len(parsed["From"].addresses) == 1, parsed["From"]
assert flat(sender.display_name) == flat(expected["name"]), (sender.display_name, expected["name"])
assert sender.addr_spec == "noreply@" + expected["domain"], sender.addr_spec
print("OK")
`;

let dir = '';
let stack: ProjectStack;

beforeAll(async () => {
  const generated = await generate([
    '--defaults', '--project-name', name, '--description', description, '--author-name', name,
    '--project-slug', 'hostile', '--database', 'sqlite', '--cache', 'locmem', '--no-celery', '--no-sentry',
  ]);
  dir = generated.dir;
  expect(describeRun('djangoflow', generated)).toMatch(/exited with 0/);
  stack = await installProject(dir);
}, 25 * 60_000);
afterAll(() => dir && removeTempDir(dir));

const settings = (module: string) => ({ DJANGO_SETTINGS_MODULE: module, DJANGO_READ_ENV_FILE: 'true' });

test('manage.py check passes', async () => {
  const check = await stack.run(['src/manage.py', 'check'], { env: settings('config.settings.local') });
  expect(describeRun('manage.py check', check)).toMatch(/exited with 0/);
}, 300_000);

test("the project's own tests pass", async () => {
  const tests = await stack.run(['-m', 'pytest', '-p', 'no:cacheprovider', '-q'], { timeoutMs: 900_000 });
  expect(describeRun('pytest', tests)).toMatch(/exited with 0/);
}, 900_000);

test('pages show the text literally and a mail from the default sender is sent', async () => {
  writeFileSync(join(dir, 'probe.py'), probe);
  writeFileSync(join(dir, 'expected.json'), JSON.stringify({ name, description, domain: 'hostile.example.com' }));
  const result = await stack.run(['src/manage.py', 'shell', '-c', `import runpy, sys; sys.argv = ["probe", "${join(dir, 'expected.json')}"]; runpy.run_path("${join(dir, 'probe.py')}")`], {
    env: settings('config.settings.test'),
  });
  expect(describeRun('probe', result)).toMatch(/exited with 0/);
  expect(result.stdout).toContain('OK');
}, 300_000);
