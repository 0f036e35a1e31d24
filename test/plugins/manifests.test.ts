/**
 * Every plugin folder holds a valid manifest whose references resolve: requirement names
 * pinned in templates/pins.yaml, a settings section that exists, known plugins in requires
 * and conflicts, an "off" answer for every plugin a question switches on.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { resolvePlugins } from '../../lib/plugins/active.js';
import { offValue, pluginQuestion } from '../../lib/plugins/questions.js';
import { manifestProblems } from '../../lib/plugins/check.js';
import { findQuestion, questions } from '../../lib/questions/table.js';
import { pluginOptions } from '../../generators/plugin/options.js';
import { repoRoot } from '../support/paths.js';
import { catalog } from './helpers.js';

const templates = join(repoRoot, 'templates');
const folders = readdirSync(join(templates, 'plugins')).sort();
const plugins = catalog();
const pins = parse(readFileSync(join(templates, 'pins.yaml'), 'utf8')).python as Record<string, string>;

test('the catalog has the plugins the issue asks for', () => {
  const required = ['df-api-drf', 'df-auth', 'df-notifications', 'df-chat', 'df-remote-config', 'df-survey', 'celery', 'drf', 'channels', 'sentry', 'storages', 'anymail', 'cors', 'debug-toolbar', 'redis-cache'];
  expect(required.filter((name) => !plugins.has(name))).toEqual([]);
});

describe.each(folders)('plugin %s', (folder) => {
  const file = join(templates, 'plugins', folder, 'plugin.yaml');
  const raw = existsSync(file) ? parse(readFileSync(file, 'utf8')) : undefined;
  const plugin = plugins.get(folder)!;

  test('has a manifest that passes the schema check', () => {
    expect(existsSync(file)).toBe(true);
    expect(manifestProblems(raw, folder)).toEqual([]);
  });

  test('pins every requirement it names', () => {
    const names = Object.values(plugin.requirements).flat();
    expect(names.filter((name) => !pins[name!])).toEqual([]);
  });

  test('renders its settings section (its own file, or a core section it replaces)', () => {
    if (!plugin.settingsSection) return;
    const path = `src/config/sections/${plugin.settingsSection}.py.ejs`;
    const found = [join(plugin.dir, 'files', path), join(templates, 'project', path)].some(existsSync);
    expect({ section: plugin.settingsSection, found }).toEqual({ section: plugin.settingsSection, found: true });
  });

  test('requires and conflicts with known plugins only, and resolves alone', () => {
    const unknown = [...plugin.requires, ...plugin.conflicts].filter((name) => !plugins.has(name));
    expect(unknown).toEqual([]);
    // A plugin that is not offered is refused alone too: it says why.
    if (plugin.unavailable) expect(() => resolvePlugins(plugins, [folder])).toThrow(plugin.unavailable);
    // A plugin that needs one of several (requiresOneOf) resolves beside the last of them.
    else expect(resolvePlugins(plugins, [...(plugin.requiresOneOf?.slice(-1) ?? []), folder]).map((p) => p.name)).toContain(folder);
  });

  test('has files to render (git keeps no empty folder), unless it is not offered', () => {
    const files = join(plugin.dir, 'files');
    // A module listed as not offered (df-cards …) never rendered anything: it needs none.
    expect({ files: existsSync(files) && readdirSync(files).length > 0, unavailable: Boolean(plugin.unavailable) }).not.toEqual({ files: false, unavailable: false });
  });

  test('can be switched off again when a question is the plugin', () => {
    if (!plugin.enabledBy) return;
    const off = offValue(plugin);
    const question = findQuestion(plugin.enabledBy.question)!;
    expect(off).toBeDefined();
    expect(plugin.enabledBy.values).not.toContain(off);
    if (question.choices) expect(question.choices.map((c) => c.value)).toContain(off);
  });
});

test('a required plugin never needs a choice: requiring it must be enough to switch it on', () => {
  const needsChoice = new Set([...plugins.values()].filter((p) => (p.enabledBy?.values.length ?? 0) > 1).map((p) => p.name));
  const offenders = [...plugins.values()].flatMap((p) => p.requires.filter((r) => needsChoice.has(r)).map((r) => `${p.name} → ${r}`));
  expect(offenders).toEqual([]);
});

test('plugin options never clash with each other or with the main questions', () => {
  const names = pluginOptions(plugins).map((o) => o.question.name);
  expect(new Set(names).size).toBe(names.length);
  const mainOnly = questions.filter((q) => !names.includes(q.name)).map((q) => q.name);
  for (const plugin of plugins.values()) {
    for (const q of plugin.questions) expect(mainOnly).not.toContain(q.name);
  }
});

describe('manifestProblems refuses', () => {
  const valid = { name: 'demo', summary: 'A demo', kind: 'integration' };
  test.each([
    [{ ...valid, name: 'other' }, /name must equal the folder name/],
    [{ ...valid, summary: 'two\nlines' }, /summary must be one line/],
    [{ ...valid, kind: 'module' }, /kind must be integration or df-module/],
    [{ ...valid, requires: 'celery' }, /requires must be a list/],
    [{ ...valid, env: [{ name: 'lower_case', description: 'x' }] }, /not UPPER_SNAKE/],
    [{ ...valid, enabledBy: { question: 'nope', values: [true] } }, /unknown question "nope"/],
    [{ ...valid, enabledBy: { question: 'celery', values: ['yes'] } }, /value yes is not an answer of celery/],
    [{ ...valid, enabledBy: { question: 'cache', values: ['redis'], off: 'redis' } }, /off redis must be an answer of cache that is not in values/],
    [{ ...valid, installedApps: { middle: ['x'] } }, /installedApps.middle is not a group/],
    [{ ...valid, installedApps: { extensions: ['not an app'] } }, /not a dotted module name/],
    [{ ...valid, requirements: { dev: [] } }, /requirements.dev is not a tier/],
    [{ ...valid, implies: ['asgi'] }, /implies must be a mapping of main answers/],
    [{ ...valid, unavailable: '' }, /unavailable must be the reason/],
    [{ ...valid, refusedAnswers: { database: 'mysql' } }, /refusedAnswers must be a list/],
    [{ ...valid, refusedAnswers: [{ question: 'engine', values: ['mysql'], reason: 'r' }] }, /refusedAnswers entries need a main question and a list of values/],
    [{ ...valid, refusedAnswers: [{ question: 'database', values: ['oracle'], reason: 'r' }] }, /refusedAnswers value oracle is not an answer of database/],
    [{ ...valid, refusedAnswers: [{ question: 'database', values: ['mysql'] }] }, /refusedAnswers entries need the reason, one line of text/],
    [{ ...valid, importsAdmin: ['LogEntry'] }, /importsAdmin must be the reason/],
    [{ ...valid, dfApiPath: '/auth' }, /dfApiPath must be a URL path segment ending in \/ \(auth\/\)/],
    [{ ...valid, dfApiPath: 'auth' }, /dfApiPath must be a URL path segment/],
    [{ ...valid, implies: { websockets: true } }, /implies names an unknown question "websockets"/],
    [{ ...valid, implies: { asgi: 'yes' } }, /implies asgi: yes is not an answer of asgi/],
    [{ ...valid, questions: [{ name: 'Bad-Name', type: 'input', message: 'm', description: 'd', default: 'x' }] }, /not camelCase/],
    [{ ...valid, questions: [{ name: 'celery', type: 'confirm', message: 'm', description: 'd', default: true }] }, /clashes with a main question/],
    [{ ...valid, questions: [{ name: 'pick', type: 'list', message: 'm', description: 'd', default: 'a' }] }, /a list needs choices/],
    [{ ...valid, questions: [{ name: 'level', type: 'input', message: 'm', description: 'd' }] }, /needs a default/],
    [{ ...valid, questions: [{ name: 'level', type: 'input', message: 'm', description: 'd', default: 'x', pattern: '(' }] }, /pattern is not a regular expression/],
    [{ ...valid, questions: [{ name: 'pick', type: 'confirm', message: 'm', description: 'd', default: true, items: ['a'] }] }, /items needs an input question/],
    [{ ...valid, authenticationBackends: [{ with: 'twilio' }] }, /authenticationBackends must be dotted names \(or \{ backend, with, item \}\)/],
    [{ ...valid, authenticationBackends: [{ backend: 'not a backend', with: 'twilio' }] }, /authenticationBackends must be dotted names/],
    [{ ...valid, personalData: [{ model: 'notes', table: 'notes_note', wipe: true }] }, /"notes" is not app_label.ModelName/],
    [{ ...valid, personalData: [{ model: 'notes.Note', table: 'Notes Note', wipe: true }] }, /table must be a table name/],
    [{ ...valid, personalData: [{ model: 'notes.Note', table: 'notes_note' }] }, /give either wipe: true or fields/],
    [{ ...valid, personalData: [{ model: 'notes.Note', table: 'notes_note', fields: { body: 'faker' } }] }, /notes.Note.body: "faker" is not one of email/],
  ])('%j', (raw, message) => {
    const problems = manifestProblems(raw, 'demo');
    expect(problems.join('\n')).toMatch(message);
    expect(manifestProblems(valid, 'demo')).toEqual([]);
  });
});

describe('a question whose answer is a list of items (allauthProviders)', () => {
  const question = pluginQuestion(plugins.get('allauth')!.questions.find((q) => q.name === 'allauthProviders')!);
  test.each([
    ['google,github', null],
    ['', null],
    [' gitlab , microsoft ', null],
    ['google,facebook', /^--allauth-providers "facebook" is not valid: choose from google, github, gitlab, microsoft/],
    ['github,github', /^--allauth-providers names "github" twice$/],
  ])('%j', (answer, problem) => {
    const found = question.validate!(answer, {});
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });
});
