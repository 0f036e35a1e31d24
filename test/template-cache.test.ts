/**
 * Rendering uses EJS functions compiled at build time (dist/template-cache.cjs); a
 * template that misses the cache compiles as plain EJS. Both must render the same text.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { resolveAnswers } from '../lib/questions/answers.js';
import { templatesDir } from '../lib/template-set/paths.js';
import { renderTemplates } from '../lib/render/index.js';
import { loadTemplateSet } from '../lib/template-set/index.js';
import { renderTemplateFile, templateCacheFile, useTemplateCache } from '../lib/template-set/template-cache.js';

const templates = loadTemplateSet(templatesDir());

afterEach(() => useTemplateCache(true));

async function render(answers: Record<string, string>) {
  const resolved = await resolveAnswers({ given: { projectName: 'Acme Shop', ...answers }, useDefaults: true });
  const apps = [{ name: 'blog', models: [{ name: 'Post', fields: [{ name: 'title', type: 'str' }, { name: 'author', type: 'fk', target: 'users.User' }] }] }];
  return renderTemplates({ version: '0.1.0', answers: resolved, apps, plugins: templates.core.defaultPlugins ?? [] }, templates).tree;
}

test('the build wrote the cache', () => {
  expect(existsSync(templateCacheFile)).toBe(true);
  const compiled = createRequire(import.meta.url)(templateCacheFile) as Record<string, unknown>;
  expect(Object.keys(compiled).length).toBeGreaterThan(100);
  expect(Object.values(compiled).every((fn) => typeof fn === 'function')).toBe(true);
});

const variants: Record<string, string>[] = [{}, { api: 'drf', celery: 'true', ci: 'gitlab', storage: 's3', email: 'mailgun' }];

test.each(variants)(
  'cached and freshly compiled templates render the same project (%o)',
  async (answers) => {
    useTemplateCache(true);
    const cached = await render(answers);
    useTemplateCache(false);
    const compiled = await render(answers);
    expect([...cached.keys()]).toEqual([...compiled.keys()]);
    for (const [path, content] of cached) expect([path, content]).toEqual([path, compiled.get(path)]);
  },
);

test('includes resolve relative to the including template, with its data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'template-cache-'));
  try {
    writeFileSync(join(dir, 'part.ejs'), '<%= greeting %>, <%- name %>');
    writeFileSync(join(dir, 'page.ejs'), "<%- include('part', { greeting: 'Hello' }) %>!");
    expect(renderTemplateFile(join(dir, 'page.ejs'), { name: '<Ada>' })).toBe('Hello, <Ada>!');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a template error names the template and its line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'template-cache-'));
  try {
    writeFileSync(join(dir, 'broken.ejs'), 'line one\n<%- missing.value %>\n');
    expect(() => renderTemplateFile(join(dir, 'broken.ejs'), {})).toThrow(/broken\.ejs:2[\s\S]*missing is not defined/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
