/**
 * The projects of the stack tests (stack-projects.ts) together prove every plugin the
 * catalog offers; a plugin that is not offered is refused, saying why.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../support/paths.js';
import { catalog } from './helpers.js';
import { stackProjects } from './stack-projects.js';

test('every offered plugin is in one of the stack-tested projects', () => {
  const covered = new Set(stackProjects.flatMap((project) => project.covers));
  const offered = [...catalog().values()].filter((plugin) => !plugin.unavailable).map((plugin) => plugin.name);
  expect(offered.filter((name) => !covered.has(name))).toEqual([]);
});

test('df-chat is not offered, and the catalog says why', () => {
  const chat = catalog().get('df-chat')!;
  expect(chat.unavailable).toMatch(/requires channels==4\.0\.0; the project pins channels 4\.3\.2/);
  const list = execFileSync(process.execPath, [join(repoRoot, 'bin/djangoflow.js'), 'plugin', '--list'], { encoding: 'utf8' });
  expect(list).toMatch(/df-chat .*\n +not offered: django-df-chat 0\.1\.7 \(the latest\) requires channels==4\.0\.0/);
});

test.each([
  ['df-cards', /abstract model mixins only/],
  ['df-documents', /renders admin-edited Markdown unsanitized as a Django template/],
  ['df-geolocation', /abstract model mixins and serializers only/],
  ['df-import-export', /widgets for django-import-export only/],
])('%s is not offered, and the catalog says why', async (name, reason) => {
  const plugin = catalog().get(name)!;
  expect(plugin.unavailable).toMatch(reason);
  expect(plugin.kind).toBe('df-module');
});
