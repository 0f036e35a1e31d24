/**
 * `.env.example` promises every variable the project reads. This reads the rendered project
 * for reads of the environment (django-environ's `env(...)`, `os.environ`, `os.getenv`, and
 * the workflow's `env:NAME` sources) and checks each one is documented, for each plugin on
 * the default project, so a new variable without its line in templates/env.yaml (or a
 * manifest's env) fails here.
 */
import { resolveAnswers } from '../lib/questions/answers.js';
import { templatesDir } from '../lib/template-set/paths.js';
import { renderTemplates } from '../lib/render/index.js';
import type { ProjectState } from '../lib/record/state.js';
import { loadTemplateSet } from '../lib/template-set/index.js';
import { presence, withPlugin } from '../generators/plugin/toggle.js';
import { parseDotenv } from './support/python.js';

const templates = loadTemplateSet(templatesDir());

/** Variables set by the platform that runs the code (CI, Kubernetes, gunicorn), not by the user. */
const platformVariables = new Set(['GITHUB_ACTOR', 'GITLAB_USER_LOGIN', 'SERVER_SOFTWARE']);

const reads = [
  /\benv(?:\.[a-z_]+)?\(\s*"([A-Z][A-Z0-9_]*)"/g,
  /\bos\.environ(?:\.get\(|\[)\s*"([A-Z][A-Z0-9_]*)"/g,
  /\bos\.getenv\(\s*"([A-Z][A-Z0-9_]*)"/g,
  /:[ \t]*"env:([A-Z][A-Z0-9_]*)"/g,
];

/** The variables the project's code reads: src/ without the tests, and tools/. */
export function variablesRead(tree: Map<string, string | Buffer>): Set<string> {
  const found = new Set<string>();
  for (const [path, content] of tree) {
    if (typeof content !== 'string' || !path.endsWith('.py') || /\/tests?\/|\/tests?\.py$|test_/.test(path)) continue;
    if (!path.startsWith('src/') && !path.startsWith('tools/')) continue;
    for (const pattern of reads) for (const match of content.matchAll(pattern)) found.add(match[1]!);
  }
  return found;
}

async function state(plugins?: string[]): Promise<ProjectState> {
  const answers = await resolveAnswers({ given: { projectName: 'Acme Shop', celery: true, sentry: true }, useDefaults: true });
  const base: ProjectState = { version: '0.1.0', answers, apps: [], plugins: templates.core.defaultPlugins ?? [] };
  let next = base;
  for (const name of plugins ?? []) if (!presence(templates.catalog, next).get(name)) next = withPlugin(templates.catalog, next, name);
  return next;
}

const pluginNames = [...templates.catalog.values()].filter((p) => !p.unavailable && !p.enabledBy).map((p) => p.name);

test.each([['(defaults, celery, sentry)', [] as string[]], ...pluginNames.map((name) => [name, [...(templates.catalog.get(name)!.requiresOneOf?.slice(-1) ?? []), name]] as [string, string[]])])(
  '.env.example documents every variable the project reads: %s',
  async (_label, plugins) => {
    const { tree } = renderTemplates(await state(plugins), templates);
    const documented = parseDotenv(String(tree.get('.env.example')));
    const missing = [...variablesRead(tree)].filter((name) => !(name in documented) && !platformVariables.has(name)).sort();
    expect(missing).toEqual([]);
  },
);

test('the check finds reads: a variable read and not documented is reported', () => {
  const tree = new Map<string, string>([['src/config/x.py', 'A = env("NEW_ONE")\nB = {"url": "env:STAGING_X"}\n']]);
  expect([...variablesRead(tree)].sort()).toEqual(['NEW_ONE', 'STAGING_X']);
});

test.each([
  ['postgresql', 'postgres://', ':5432/'],
  ['mysql', 'mysql://', ':3306/'],
  ['sqlite', 'postgres://', ':5432/'],
])('--database %s: the workflow database URLs of .env.example are %s samples', async (database, scheme, port) => {
  const answers = await resolveAnswers({ given: { projectName: 'Acme Shop', database }, useDefaults: true });
  const { tree } = renderTemplates({ version: '0.1.0', answers, apps: [], plugins: [] }, templates);
  const documented = parseDotenv(String(tree.get('.env.example')));
  for (const name of ['STAGING_DATABASE_URL', 'PRODUCTION_DATABASE_URL']) {
    expect(documented[name]).toContain(scheme);
    expect(documented[name]).toContain(port);
  }
  // No sample of another engine anywhere in the file.
  const other = database === 'mysql' ? 'postgres://' : 'mysql://';
  expect(String(tree.get('.env.example'))).not.toContain(other);
});
