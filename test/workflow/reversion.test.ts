/**
 * The reversion plugin (django-reversion) on its pinned stack (stack.ts): added to a default project,
 * then check, migrate, the generated tests, and a real request through the middleware
 * stack that leaves a revision behind.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectSuccess } from '../support/e2e.js';
import { generate } from '../support/generate.js';
import { describeRun } from '../support/process.js';
import { manage, pytest } from '../support/python.js';
import { installProject } from '../support/stack.js';
import { removeTempDir } from '../support/tempdir.js';

let project = '';

beforeAll(async () => {
  const generated = await generate(['--defaults', '--project-name', 'Rev Check', '--cache', 'locmem']);
  project = generated.dir;
  if (generated.code !== 0) throw new Error(describeRun('djangoflow', generated));
  const added = await generate(['plugin', 'reversion', '--defaults'], { cwd: project, timeoutMs: 120_000 });
  if (added.code !== 0) throw new Error(describeRun('djangoflow plugin reversion', added));
  await installProject(project);
}, 900_000);

afterAll(() => {
  if (project) removeTempDir(project);
});

test('the plugin is wired: requirement, app, middleware, admin', () => {
  const read = (path: string) => readFileSync(join(project, path), 'utf8');
  expect(read('base/requirements/base.txt')).toMatch(/^django-reversion==\d+\.\d+\.\d+$/m);
  expect(read('src/config/sections/apps.py')).toMatch(/"reversion",/);
  // Last but for the 503 page's middleware: reversion sees the 503 answer and rolls back.
  expect(read('src/config/sections/middleware.py')).toMatch(
    /"reversion\.middleware\.RevisionMiddleware",\n.*\n {4}"core\.middleware\.UpstreamUnavailableMiddleware",\n\]/,
  );
  expect(read('src/apps/users/admin.py')).toMatch(/class UserAdmin\(VersionAdmin, BaseUserAdmin\)/);
  expect(read('docs/workflow.md')).toMatch(/createinitialrevisions/);
});

test('check, migrate and the generated tests pass', async () => {
  expectSuccess('manage.py check', await manage(project, ['check']));
  const migrated = await manage(project, ['migrate', '--noinput']);
  expectSuccess('migrate', migrated);
  expect(migrated.stdout).toMatch(/Applying reversion\.0001/);
  // One run of the whole suite (a second run of test_reversion.py alone would set up the
  // test database again): its verbose lines name the plugin's six tests, each passed.
  const tests = await pytest(project, ['-v']);
  expectSuccess('pytest', tests);
  expect(tests.stdout).toMatch(/\d+ passed/);
  const revisionTests = tests.stdout.split('\n').filter((line) => line.startsWith('src/apps/users/tests/test_reversion.py::'));
  expect(revisionTests).toHaveLength(6);
  for (const line of revisionTests) expect(line).toMatch(/ PASSED\b/);
}, 600_000);

test('a request that changes a user creates a revision; createinitialrevisions covers old rows', async () => {
  const script = `
import json
from django.conf import settings
from django.test import Client
from reversion.models import Revision, Version
from users.models import User

old = User.objects.create_user("ada", "ada@example.com", "pw-12345678")
admin = User.objects.create_superuser("root", "root@example.com", "pw-12345678")
client = Client()
client.force_login(admin)
url = f"/{settings.ADMIN_URL}users/user/{admin.pk}/change/"
response = client.post(url, {
    "username": "root", "email": "changed@example.com", "is_active": "on", "is_staff": "on",
    "is_superuser": "on", "date_joined_0": "2024-01-01", "date_joined_1": "00:00:00",
    "initial-date_joined_0": "2024-01-01", "initial-date_joined_1": "00:00:00",
}, HTTP_HOST="localhost")
versions = Version.objects.get_for_object(admin)
before = Version.objects.get_for_object(old).count()
from django.core.management import call_command
call_command("createinitialrevisions", "users.User", verbosity=0)
print(json.dumps({
    "status": response.status_code,
    "versions": versions.count(),
    "user": versions.first().revision.user.username if versions.exists() else None,
    "email": versions.first().field_dict["email"] if versions.exists() else None,
    "oldBefore": before,
    "oldAfter": Version.objects.get_for_object(old).count(),
}))
`;
  const result = await manage(project, ['shell', '-c', script]);
  expectSuccess('manage.py shell', result);
  const lines = result.stdout.trim().split('\n');
  expect(JSON.parse(lines[lines.length - 1]!)).toEqual({
    status: 302,
    versions: 1,
    user: 'root',
    email: 'changed@example.com',
    oldBefore: 0,
    oldAfter: 1,
  });
}, 300_000);
