/**
 * Every plugin of the catalog added to a bare project (`plugin <name> --defaults`): the
 * project passes the static checks (ruff, YAML, compose, workflow schema, shellcheck), the
 * record names it, and `plugin --remove <name>` brings back the original tree byte for byte.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPool } from '../support/pool.js';
import { removeTempDir } from '../support/tempdir.js';
import { noProblems, problemsOf, validateProject } from '../support/validators.js';
import { catalog, commitAll, copyProject, djangoflow, generatedProject, recordedState, snapshot } from './helpers.js';

// Plugins the catalog does not offer are refused (state.test.ts), never added.
const names = [...catalog().values()].filter((p) => !p.unavailable).map((p) => p.name).sort();
let base: string;
let original: Record<string, string>;
const dirs: string[] = [];

interface Cycle {
  added: { code: number; output: string };
  problems: ReturnType<typeof problemsOf>;
  state: ReturnType<typeof recordedState>;
  changed: string[];
  removed: { code: number; output: string };
  restored: Record<string, string>;
}

/** Add, check, commit, remove: each plugin in its own copy, two at a time. */
let cycles: Map<string, Promise<Cycle>>;

beforeAll(async () => {
  base = await generatedProject();
  dirs.push(base);
  original = snapshot(base);
  const jobs = names.map((name) => async (): Promise<Cycle> => {
    const dir = copyProject(base);
    dirs.push(dir);
    // A plugin that needs one of several (social-signin: df-auth or allauth) comes with the last of them.
    const companion = catalog().get(name)!.requiresOneOf?.slice(-1) ?? [];
    const add = await djangoflow(dir, ['plugin', ...companion, name, '--defaults']);
    const afterAdd = snapshot(dir);
    const changed = Object.keys({ ...original, ...afterAdd }).filter((path) => original[path] !== afterAdd[path]);
    const problems = problemsOf(await validateProject(dir));
    const state = recordedState(dir);
    commitAll(dir, `add ${name}`);
    const remove = await djangoflow(dir, ['plugin', '--remove', name, ...companion]);
    return {
      added: { code: add.code, output: `${add.stdout}${add.stderr}` },
      problems,
      state,
      changed,
      removed: { code: remove.code, output: `${remove.stdout}${remove.stderr}` },
      restored: snapshot(dir),
    };
  });
  cycles = new Map(startPool(jobs, 2).map((cycle, i) => [names[i]!, cycle]));
}, 120_000);
afterAll(() => dirs.forEach(removeTempDir));

describe.each(names)('plugin %s', (name) => {
  test('is added, passes the static checks, and is recorded', async () => {
    const cycle = await cycles.get(name)!;
    expect(cycle.added).toEqual({ code: 0, output: expect.stringMatching(/Summary/) });
    expect(cycle.problems).toEqual(noProblems);
    const plugin = catalog().get(name)!;
    if (plugin.enabledBy) expect(plugin.enabledBy.values).toContain(cycle.state.answers[plugin.enabledBy.question]);
    else expect(cycle.state.plugins).toEqual([...(plugin.requiresOneOf?.slice(-1) ?? []), name]);
    expect(cycle.changed).toContain('.yo-rc.json');
  }, 900_000);

  test('is removed again, leaving the project byte-identical', async () => {
    const cycle = await cycles.get(name)!;
    expect(cycle.removed).toEqual({ code: 0, output: expect.stringMatching(/Summary/) });
    expect(cycle.restored).toEqual(original);
  }, 900_000);
});

test('wiring changes with the plugin: requirements, settings, env, compose and CI', async () => {
  const cycle = await cycles.get('celery')!;
  expect(cycle.changed).toEqual(
    expect.arrayContaining([
      'base/requirements/base.txt',
      'src/config/settings/base.py',
      'src/config/sections/celery.py',
      '.env.example',
      'docker-compose.yml',
      '.github/workflows/ci.yml',
    ]),
  );
}, 900_000);

test("the user's edits to settings and requirements survive adding and removing", async () => {
  await Promise.all([...cycles.values()]).catch(() => undefined);
  const dir = copyProject(base);
  dirs.push(dir);
  appendFileSync(join(dir, 'src/config/settings/base.py'), '\n# Our own setting.\nUSER_SETTING = "kept"\n');
  appendFileSync(join(dir, 'base/requirements/base.txt'), 'requests==2.32.3\n');
  commitAll(dir, 'user edits');
  const edited = snapshot(dir);

  const add = await djangoflow(dir, ['plugin', 'celery', '--defaults']);
  expect({ code: add.code, output: add.stdout + add.stderr }).toMatchObject({ code: 0 });
  const settings = readFileSync(join(dir, 'src/config/settings/base.py'), 'utf8');
  expect(settings).toContain('from config.sections.celery import *');
  expect(settings).toContain('USER_SETTING = "kept"');
  const requirements = readFileSync(join(dir, 'base/requirements/base.txt'), 'utf8');
  expect(requirements).toMatch(/^celery==/m);
  expect(requirements).toContain('requests==2.32.3');
  commitAll(dir, 'add celery');

  const remove = await djangoflow(dir, ['plugin', '--remove', 'celery']);
  expect({ code: remove.code, output: remove.stdout + remove.stderr }).toMatchObject({ code: 0 });
  expect(snapshot(dir)).toEqual(edited);
}, 300_000);
