/**
 * What adding and removing do to the recorded state, on the shipped catalog: the answer
 * of the main question that is the plugin, or the explicit list; dependencies resolved;
 * conflicts and removals of needed plugins refused with the reason.
 */
import { UserError } from '../../lib/input/errors.js';
import type { ProjectState } from '../../lib/record/state.js';
import { activePlugins } from '../../lib/plugins/active.js';
import { dropStaleAnswers, presence, withoutPlugin, withPlugin } from '../../generators/plugin/toggle.js';
import { defaultAnswers } from '../support/matrix.js';
import { catalog } from './helpers.js';

const plugins = catalog();
const bare: ProjectState = {
  version: '0.1.0',
  answers: { ...defaultAnswers(), api: 'none', cache: 'locmem', sentry: false, celery: false, storage: 'local', email: 'smtp' },
  apps: [],
  plugins: [],
};
const names = (state: ProjectState) => activePlugins(plugins, state).map((p) => p.name);
const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
};

test('the bare state has no plugin on', () => {
  expect(names(bare)).toEqual([]);
});

test.each([
  ['celery', 'celery', true],
  ['drf', 'api', 'drf'],
  ['redis-cache', 'cache', 'redis'],
  ['sentry', 'sentry', true],
])('adding %s sets the answer of the question that is the plugin', (name, question, value) => {
  const next = withPlugin(plugins, bare, name);
  expect(next.answers[question]).toBe(value);
  expect(next.plugins).toEqual([]);
  expect(withoutPlugin(plugins, next, name)).toEqual(bare);
});

test.each([
  ['storages', 'storage', 'gcs', 'local'],
  ['anymail', 'email', 'postmark', 'smtp'],
])('adding %s sets %s to the chosen %s; removing restores %s', (name, question, value, off) => {
  const next = withPlugin(plugins, bare, name, value);
  expect(next.answers[question]).toBe(value);
  expect(withoutPlugin(plugins, next, name).answers[question]).toBe(off);
});

test('plugins without a question are recorded explicitly and bring their dependencies', () => {
  const next = withPlugin(plugins, bare, 'df-auth');
  expect(next.plugins).toEqual(['df-auth']);
  expect(names(next)).toEqual(expect.arrayContaining(['df-auth', 'df-api-drf', 'df-remote-config', 'drf']));
  // Dependencies come before the plugins that need them.
  expect(names(next).indexOf('df-api-drf')).toBeLessThan(names(next).indexOf('df-auth'));
  expect(presence(plugins, next).get('df-api-drf')).toEqual({ how: 'dependency', requiredBy: ['df-remote-config', 'df-auth'] });
});

test.each([
  ['channels', ['redis']],
  ['df-notifications', ['celery', 'redis', 'df-api-drf']],
  ['df-survey', ['df-notifications', 'celery']],
])('%s brings %j', (name, expected) => {
  expect(names(withPlugin(plugins, bare, name))).toEqual(expect.arrayContaining(expected));
});

test('a dependency brought by a plugin leaves with it', () => {
  const added = withPlugin(plugins, bare, 'df-notifications');
  expect(names(added)).toContain('celery');
  const removed = withoutPlugin(plugins, added, 'df-notifications');
  expect(removed).toEqual(bare);
  expect(names(removed)).toEqual([]);
});

test('removing a plugin another one needs is refused with the reason', () => {
  const added = withPlugin(plugins, bare, 'df-notifications');
  expect(refusal(() => withoutPlugin(plugins, added, 'celery'))).toBe('cannot remove celery: df-notifications requires it');
  const channels = withPlugin(plugins, bare, 'channels');
  expect(refusal(() => withoutPlugin(plugins, channels, 'redis'))).toBe('cannot remove redis: channels requires it');
  // Even when it was switched on by its own answer first.
  const both = withPlugin(plugins, withPlugin(plugins, bare, 'celery'), 'df-notifications');
  expect(refusal(() => withoutPlugin(plugins, both, 'celery'))).toBe('cannot remove celery: df-notifications requires it');
});

test('adding a plugin that is already on is refused, whichever way it is on', () => {
  const celery = withPlugin(plugins, bare, 'celery');
  expect(refusal(() => withPlugin(plugins, celery, 'celery'))).toMatch(/plugin celery is already in this project \(by answer celery=true\)/);
  const auth = withPlugin(plugins, bare, 'df-auth');
  expect(refusal(() => withPlugin(plugins, auth, 'df-auth'))).toMatch(/already in this project \(explicitly\)/);
  expect(refusal(() => withPlugin(plugins, auth, 'df-api-drf'))).toMatch(/already in this project \(required by df-remote-config, df-auth\)/);
});

test('a plugin the catalog does not offer is refused with the reason, also as a dependency', () => {
  expect(refusal(() => withPlugin(plugins, bare, 'df-chat'))).toMatch(/plugin df-chat is not offered: .*channels==4\.0\.0/);
  const needsChat = new Map(plugins);
  needsChat.set('cors', { ...plugins.get('cors')!, requires: ['df-chat'] });
  expect(refusal(() => withPlugin(needsChat, bare, 'cors'))).toMatch(/plugin df-chat \(required by cors\) is not offered/);
});

test('removing an absent plugin and naming an unknown one are refused', () => {
  expect(refusal(() => withoutPlugin(plugins, bare, 'cors'))).toMatch(/plugin cors is not in this project/);
  expect(refusal(() => withPlugin(plugins, bare, 'kafka'))).toMatch(/unknown plugin "kafka"; see: djangoflow plugin --list/);
  expect(refusal(() => withoutPlugin(plugins, bare, 'kafka'))).toMatch(/unknown plugin "kafka"/);
});

test('a conflict is refused before anything changes', () => {
  const withConflict = new Map(plugins);
  withConflict.set('cors', { ...plugins.get('cors')!, conflicts: ['debug-toolbar'] });
  const toolbar = withPlugin(withConflict, bare, 'debug-toolbar');
  expect(refusal(() => withPlugin(withConflict, toolbar, 'cors'))).toBe(
    'cannot add cors: plugin cors conflicts with debug-toolbar; remove one of them',
  );
});

test("a removed plugin's question answers are dropped, the others kept", () => {
  const added = { ...withPlugin(plugins, bare, 'df-auth'), answers: { ...withPlugin(plugins, bare, 'df-auth').answers, dfApiNamespace: 'v2' } };
  const removed = dropStaleAnswers(plugins, added, withoutPlugin(plugins, added, 'df-auth'));
  expect(removed).toEqual(bare);
  const notifications = withPlugin(plugins, added, 'df-notifications');
  const kept = dropStaleAnswers(plugins, notifications, withoutPlugin(plugins, notifications, 'df-auth'));
  expect(kept.answers.dfApiNamespace).toBe('v2');
});
