/**
 * Generation trusts templates to render formatted text and runs ruff/prettier only on files
 * an answer may have unformatted (lib/format/format.ts `mayNeedFormatting`). This test is what
 * makes that trust safe:
 * - over the generation matrix (derived from the question table), every plugin, and apps
 *   with models of every field type, each rendered text file is already what the full
 *   formatter makes of it;
 * - for answers chosen to unformat files (long, quoted, wide-character free text), the
 *   fast path gives exactly what formatting every file gives.
 */
import { createHash } from 'node:crypto';
import { resolveAnswers } from '../lib/questions/answers.js';
import { type FormatOptions, formatFile, normalizeText } from '../lib/format/format.js';
import { answersArePlain, formatRendered, mayNeedFormatting, shouldFormat, unplainAnswerMarkers } from '../lib/format/needs-formatting.js';
import { templatesDir } from '../lib/template-set/paths.js';
import { formatOptions, renderProject, renderTemplates } from '../lib/render/index.js';
import { fieldTypes } from '../lib/render/field-types.js';
import type { AppSpec, ModelField, ProjectState } from '../lib/record/state.js';
import { loadTemplateSet } from '../lib/template-set/index.js';
import { presence, withPlugin } from '../generators/plugin/toggle.js';
import { matrixVariants } from './support/matrix.js';

const templates = loadTemplateSet(templatesDir());

async function stateFor(answers: Record<string, string>, extra: Partial<ProjectState> = {}): Promise<ProjectState> {
  const resolved = await resolveAnswers({ given: { projectName: 'Acme Shop', ...answers }, useDefaults: true });
  return { version: '0.1.0', answers: resolved, apps: [], plugins: templates.core.defaultPlugins ?? [], ...extra };
}

/** An app with one model holding every field type, and one with a model per relation. */
function appsWithEveryField(): AppSpec[] {
  const plain: ModelField[] = Object.entries(fieldTypes)
    .filter(([, type]) => !type.relation)
    .map(([type, info]) => ({ name: `a_${type}`, type, ...(info.choices ? { choices: ['draft', 'in_review', 'published'] } : {}) }));
  return [
    {
      name: 'zoo_keeping',
      models: [
        // With pages: the page templates render every field type formatted too.
        { name: 'Enclosure', fields: plain, pages: true },
        {
          name: 'Animal',
          fields: [
            { name: 'enclosure', type: 'fk', target: 'zoo_keeping.Enclosure' },
            { name: 'keeper', type: 'fk', target: 'users.User' },
            { name: 'friends', type: 'm2m', target: 'zoo_keeping.Animal' },
            ...plain,
          ],
          pages: true,
        },
      ],
    },
    { name: 'blog', models: [{ name: 'Post', fields: [{ name: 'title', type: 'str' }, { name: 'body', type: 'text' }] }] },
    { name: 'accounting', models: [] },
    // Every modifier, and the relations' optional and one-to-one forms.
    {
      name: 'shop',
      models: [
        {
          name: 'Order',
          fields: [
            { name: 'code', type: 'str', maxLength: 20, unique: true, optional: true },
            { name: 'note', type: 'text', optional: true, default: 'none yet' },
            { name: 'count', type: 'int', default: '1', index: true },
            { name: 'paid', type: 'bool', default: 'true' },
            { name: 'state', type: 'choice', choices: ['new', 'sent'], default: 'new', optional: true },
            { name: 'at', type: 'time', optional: true },
            { name: 'buyer', type: 'o2o', target: 'users.User' },
            { name: 'seller', type: 'fk', target: 'users.User', optional: true },
            { name: 'animal', type: 'o2o', target: 'zoo_keeping.Animal', optional: true },
          ],
        },
      ],
    },
  ];
}

/** Apps and models whose names sort before and after the starter apps, with short fields. */
function appsWithShortNames(): AppSpec[] {
  return [
    { name: 'zoo', models: [{ name: 'Pen', fields: [{ name: 'size', type: 'int' }] }, { name: 'Cat', fields: [{ name: 'pen', type: 'fk', target: 'zoo.Pen' }] }] },
    { name: 'ark', models: [{ name: 'Box', fields: [{ name: 'cat', type: 'fk', target: 'zoo.Cat' }, { name: 'on', type: 'date' }, { name: 'price', type: 'decimal' }] }] },
    { name: 'app2', models: [] },
    { name: 'app10', models: [{ name: 'Note', fields: [{ name: 'body', type: 'text' }, { name: 'by', type: 'fk', target: 'users.User' }] }] },
  ];
}

interface Case {
  label: string;
  /** Field and model names long enough that ruff wraps lines: the render formats those files. */
  longAnswers?: boolean;
  state: () => Promise<ProjectState>;
}

// Plugins the catalog does not offer (df-chat) cannot be added, so they render nowhere.
const pluginNames = [...templates.catalog.values()].filter((p) => !p.unavailable).map((p) => p.name);

const cases: Case[] = [
  ...matrixVariants().map((variant) => ({ label: variant.label, state: () => stateFor(variant.answers) })),
  { label: 'apps with every field type', longAnswers: true, state: () => stateFor({}, { apps: appsWithEveryField() }) },
  {
    label: 'apps with every field type, drf + celery + postgresql',
    longAnswers: true,
    state: () => stateFor({ api: 'drf', celery: 'true', database: 'postgresql' }, { apps: appsWithEveryField() }),
  },
  {
    label: 'apps with every field type, every api style',
    longAnswers: true,
    state: () => stateFor({ api: 'drf,ninja,graphql' }, { apps: appsWithEveryField() }),
  },
  { label: 'apps without an api', longAnswers: true, state: () => stateFor({ api: 'none' }, { apps: appsWithEveryField() }) },
  { label: 'apps with short names', state: () => stateFor({}, { apps: appsWithShortNames() }) },
  // --cloud: the stacks, overlays, deploy workflows and docs of each cloud, on both CI systems.
  ...(['gcp', 'aws', 'azure'] as const).flatMap((cloud) => [
    { label: `--cloud ${cloud}, celery, the cloud's bucket`, state: () => stateFor({ cloud, celery: 'true', storage: { gcp: 'gcs', aws: 's3', azure: 'azure' }[cloud] }) },
    { label: `--cloud ${cloud}, mysql, gitlab`, state: () => stateFor({ cloud, database: 'mysql', ci: 'gitlab', cache: 'locmem' }) },
  ]),
  // Each plugin alone on a bare project, and on the default one (its dependencies follow).
  ...pluginNames.flatMap((name) => [
    { label: `plugin ${name} on a bare project`, state: async () => pluginState(await stateFor(bareAnswers, { plugins: [] }), name) },
    { label: `plugin ${name} on the defaults`, state: async () => pluginState(await stateFor({}), name) },
  ]),
  {
    label: 'every plugin that goes together',
    longAnswers: true,
    state: async () => {
      const base = await stateFor({ api: 'drf', celery: 'true', asgi: 'true' }, { apps: appsWithEveryField() });
      return { ...base, plugins: [...new Set([...base.plugins, ...compatiblePlugins()])] };
    },
  },
];

const bareAnswers = { api: 'none', cache: 'locmem', sentry: 'false', celery: 'false', email: 'console', storage: 'local' };

/** The state with the plugin on, as `djangoflow plugin <name>` makes it (unchanged when it is on already). */
function pluginState(state: ProjectState, name: string): ProjectState {
  const catalog = templates.catalog;
  if (presence(catalog, state).get(name)) return state;
  // A plugin that needs one of several (social-signin: df-auth or allauth) comes after the first.
  const [first] = catalog.get(name)!.requiresOneOf ?? [];
  return withPlugin(catalog, first ? pluginState(state, first) : state, name);
}

/** Every plugin, minus those that conflict with an earlier one. */
function compatiblePlugins(): string[] {
  const catalog = templates.catalog;
  const chosen: string[] = [];
  for (const name of pluginNames) {
    const plugin = catalog.get(name)!;
    if (plugin.enabledBy) continue;
    if (chosen.some((other) => plugin.conflicts.includes(other) || catalog.get(other)!.conflicts.includes(name))) continue;
    chosen.push(name);
  }
  return chosen;
}

/**
 * Templates of other work in progress that do not render formatted text yet: the render
 * formats them (mayNeedFormatting sees it), which costs the formatter's load time. Take a
 * path out once its template renders formatted; a path not listed here must never need it.
 */
const awaitingFormattedTemplates = new Set<string>([]);

interface Checked {
  /** Files where the fast path and the full formatter disagree: must be none. */
  wrong: string[];
  /** Files the fast path had to format. */
  formatted: string[];
}

/**
 * The full formatter's output, once per distinct (path, options, text): the cases render
 * many identical files (LICENSE, settings, CI files), and the formatter is a pure function
 * of those three, so each distinct file is still compared with what the formatter makes of it
 * (here and in the fast path's tests below, whose files are mostly the defaults' too).
 */
const formattedOnce = new Map<string, Promise<string>>();
function fullFormat(path: string, content: string, options: FormatOptions): Promise<string> {
  const key = createHash('sha256').update(`${path}\0${JSON.stringify(options)}\0${content}`).digest('hex');
  let pending = formattedOnce.get(key);
  if (!pending) {
    pending = formatFile(path, content, options);
    formattedOnce.set(key, pending);
  }
  return pending;
}

async function check(state: ProjectState): Promise<Checked> {
  const { tree, context } = renderTemplates(state, templates);
  const options = formatOptions(context);
  const wrong: string[] = [];
  const formatted: string[] = [];
  for (const [path, content] of tree) {
    if (typeof content !== 'string') continue;
    const full = await fullFormat(path, content, options);
    const trusted = !mayNeedFormatting(path, normalizeText(content));
    if (trusted && normalizeText(content) !== full) wrong.push(path);
    if (!trusted) formatted.push(path);
  }
  return { wrong: wrong.sort(), formatted: formatted.sort() };
}

describe('templates render formatted text', () => {
  test.each(cases.map((c) => [c.label, c] as const))('%s', async (_label, c) => {
    const state = await c.state();
    const { wrong, formatted } = await check(state);
    // What the render trusts must be exactly what the formatter makes of it.
    expect(wrong).toEqual([]);
    // And the matrix's answers leave nothing to format (answers with long free text may).
    if (!c.longAnswers) {
      expect(answersArePlain(state.answers)).toBe(true);
      expect(formatted.filter((path) => !awaitingFormattedTemplates.has(path))).toEqual([]);
    }
  });
});

/**
 * Plain free text that unformats files (too long for a line, apostrophes, parentheses, wide
 * characters in table cells): the fast path must format exactly those files.
 */
const hostileAnswers: Record<string, string>[] = [
  {
    projectName: 'The Extraordinarily Long Named (Internationally) Distributed Logistics Co',
    projectSlug: 'extraordinary_logistics',
    description: `A description with it's apostrophes, (parentheses), colons: slashes/and a long tail ${'x'.repeat(80)}`,
    authorName: "Zoë O'Connor-Łukasiewicz of the Long Surnames Guild and Associates International",
    authorEmail: 'someone.with.a.very.long.address@subdomain.of.a.rather.long.domain.example.org',
    domain: 'an-extremely-long-subdomain-name-for-testing.another-long-label.example.org',
  },
  {
    projectName: '東京 ロジスティクス プラットフォーム 株式会社 の ための 非常に 長い 名前',
    projectSlug: 'tokyo_logistics',
    description: '日本語の説明文 表の幅が変わる パイプ と 見出し と 番号',
    authorName: '山田 太郎',
    timezone: 'Asia/Tokyo',
    languageCode: 'ja',
  },
];

/**
 * Answers a formatter may rewrite (Markdown emphasis, headings, table pipes, quotes,
 * ampersands): the files that hold them are formatted, found by a word of each answer.
 */
const unplainAnswers: Record<string, string>[] = [
  { description: 'Shop *fast*, _cheap_ and #1 | or [not]', authorEmail: 'first_last+shop@example.com' },
  { authorName: 'Smith & Sons', description: "Sam's shop: 50% off & {free} ~shipping~ !" },
  { projectName: "Zoë's Shop & Co", projectSlug: 'zoes_shop', description: `*it's* a 'quoted' mix, ${'long '.repeat(20)}end` },
  // No word of three characters to look for: every file is formatted.
  { description: '* # | ok' },
];

describe('the fast path formats what answers unformat', () => {
  test.each(hostileAnswers.map((answers, i) => [i, answers] as const))('plain but hostile answers %s', async (_i, answers) => {
    let state: ProjectState;
    try {
      state = await stateFor(answers, { apps: appsWithEveryField() });
    } catch (error) {
      throw new Error(`the hostile answers are refused (${(error as Error).message}); adjust them to valid ones`);
    }
    expect(answersArePlain(state.answers)).toBe(true);
    const { tree, context } = renderTemplates(state, templates);
    const options = formatOptions(context);
    const different: string[] = [];
    for (const [path, content] of tree) {
      if (typeof content !== 'string') continue;
      const [fast, full] = await Promise.all([formatRendered(path, content, options), fullFormat(path, content, options)]);
      if (fast !== full) different.push(path);
    }
    expect(different).toEqual([]);
  });

  test.each(unplainAnswers)('answers with markup: the files holding them are formatted (%o)', async (answers) => {
    const state = await stateFor(answers);
    expect(answersArePlain(state.answers)).toBe(false);
    const { tree } = await renderProject(state, templates);
    const { tree: raw, context } = renderTemplates(state, templates);
    const different: string[] = [];
    for (const [path, content] of raw) {
      if (typeof content === 'string' && tree.get(path) !== (await fullFormat(path, content, formatOptions(context)))) different.push(path);
    }
    expect(different).toEqual([]);
  });

  test('only the files holding such an answer are formatted', async () => {
    const state = await stateFor({ authorName: 'Smith & Sons', description: 'Shop *fast*' });
    const { tree } = renderTemplates(state, templates);
    const texts = [...tree.values()].filter((content): content is string => typeof content === 'string');
    // "shop" is all over a project called Acme Shop: the rarer word marks the answer.
    const markers = unplainAnswerMarkers(state.answers, texts);
    expect([...markers!].sort()).toEqual(['fast', 'smith']);
    const formatted = [...tree].filter(([path, content]) => typeof content === 'string' && shouldFormat(path, normalizeText(content), markers));
    expect(formatted.map(([path]) => path)).toEqual(expect.arrayContaining(['LICENSE', 'pyproject.toml', 'README.md']));
    expect(formatted.length).toBeLessThan(10);
    expect(unplainAnswerMarkers({ description: '* # | ok' })).toBeNull();
    expect(unplainAnswerMarkers({ description: 'plain words only' })).toEqual([]);
  });
});

test('plain answers', () => {
  expect(answersArePlain({ projectSlug: 'acme_shop', name: "Zoë O'Neil (Ops): a/b @ 東京", ok: true })).toBe(true);
  for (const text of ['*fast*', '_cheap_', '#1', 'a | b', '[x]', 'a+b', '— dash', 'say "hi"']) {
    expect([text, answersArePlain({ description: text })]).toEqual([text, false]);
  }
});

test('the fast path recognises unformatted text', () => {
  expect(mayNeedFormatting('a.py', `x = ${'1 + '.repeat(30)}1\n`)).toBe(true);
  expect(mayNeedFormatting('a.py', 'x = "a \\"b\\""\n')).toBe(true);
  expect(mayNeedFormatting('a.py', 'x = 1\n')).toBe(false);
  expect(mayNeedFormatting('a.yml', `key: [${'item, '.repeat(25)}item]\n`)).toBe(true);
  expect(mayNeedFormatting('a.yml', 'key: value\n')).toBe(false);
  expect(mayNeedFormatting('a.md', '| a | b |\n| --- | --- |\n| long cell | b |\n')).toBe(true);
  expect(mayNeedFormatting('a.md', '| a   | b   |\n| --- | --- |\n| c   | d   |\n')).toBe(false);
  expect(mayNeedFormatting('a.md', '| 東京 | b   |\n| ---- | --- |\n| c    | d   |\n')).toBe(false);
  expect(mayNeedFormatting('a.toml', `x = "${'y'.repeat(200)}"\n`)).toBe(false);
});
