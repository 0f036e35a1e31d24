/**
 * Torture, property: random sequences (seeded, of a fixed number of steps) of commands,
 * user edits, commits, git resets and kills at random apply points. After every step:
 * nothing outside the project changed, every line the user committed is still in the
 * work tree, no staging leftovers, and a run that exited 0 left the project up to date.
 * DJANGOFLOW_PROPERTY_SEED replays one seed; DJANGOFLOW_PROPERTY_STEPS sets the length.
 * The killed runs are real bin processes; the other commands run its main in this process
 * (torture-harness.ts `djangoflowInProcess`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { commitAll, djangoflow, djangoflowInProcess, git, gitTry, makeSeed, read, removeSandboxes, sandbox, snapshot, write, type Run } from './torture-harness.js';
import { seededRandom as random } from '../support/random.js';

let seed: string;
beforeAll(async () => {
  seed = await makeSeed();
});
afterAll(removeSandboxes);

const EDITABLE = ['README.md', 'docs/architecture.md', 'src/config/sections/apps.py', 'pyproject.toml', 'src/config/web/urls.py', '.gitignore'];
const APPS = ['blog', 'shop', 'orders', 'news', 'forum', 'wiki'];
const PLUGINS = ['cors', 'reversion', 'celery'];
const MARKER_LINE = /^(<{7}|\|{7}|={7}|>{7})( .*)?$/;

/** Lines the user committed (the markers of their edits) that must never disappear. */
function committedUserLines(project: string): string[] {
  // git grep exits 1 when nothing matches.
  const found = (gitTry(project, 'grep', '-h', '-o', 'user-edit-[0-9]*', 'HEAD', '--', '.') ?? '').trim();
  return found ? [...new Set(found.split('\n').map((line) => line.replace(/^HEAD:/, '')))] : [];
}

function workTreeText(project: string): string {
  return EDITABLE.filter((path) => existsSync(join(project, path)))
    .map((path) => readFileSync(join(project, path), 'utf8'))
    .join('\n');
}

/** The user resolves conflicts the crude way: drop the marker lines, keep every side. */
function resolveConflicts(project: string): void {
  const unmerged = git(project, 'diff', '--name-only', '--diff-filter=U').trim();
  for (const path of unmerged ? unmerged.split('\n') : []) {
    write(project, path, read(project, path).split('\n').filter((line) => !MARKER_LINE.test(line)).join('\n'));
  }
  for (const path of EDITABLE) {
    if (existsSync(join(project, path)) && /^<{7} /m.test(read(project, path))) {
      write(project, path, read(project, path).split('\n').filter((line) => !MARKER_LINE.test(line)).join('\n'));
    }
  }
}

async function sequence(seedValue: number, steps: number): Promise<string[]> {
  const next = random(seedValue);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const sb = sandbox(seed);
  const outside = snapshot(sb.outside);
  const log: string[] = [];
  let edits = 0;
  let commits = 1;

  for (let step = 0; step < steps; step++) {
    const roll = next();
    let run: Run | null = null;
    let action: string;
    if (roll < 0.25) {
      const path = pick(EDITABLE);
      action = `edit ${path}`;
      write(sb.project, path, read(sb.project, path) + `# user-edit-${++edits}\n`);
      commitAll(sb.project, action);
      commits++;
    } else if (roll < 0.45) {
      const app = pick(APPS);
      action = `startapp ${app}`;
      run = await djangoflowInProcess(sb.project, ['startapp', app]);
    } else if (roll < 0.55) {
      const plugin = pick(PLUGINS);
      action = `plugin ${plugin}`;
      run = await djangoflowInProcess(sb.project, ['plugin', plugin, '--defaults']);
    } else if (roll < 0.7) {
      const app = pick(APPS);
      const at = 1 + Math.floor(next() * 20);
      action = `startapp ${app} killed after-move:${at}`;
      const killed = await djangoflow(sb.project, ['startapp', app], { DJANGOFLOW_FAULT: `after-move:${at}` });
      // Fewer moves than `at`: the run finished; either way the next command must cope.
      run = await djangoflowInProcess(sb.project, ['upgrade', '--check']);
      action += killed.signal ? ' (killed)' : ' (finished)';
      if (!killed.signal) run = killed;
    } else if (roll < 0.82 && commits > 1) {
      const back = 1 + Math.floor(next() * Math.min(3, commits - 1));
      action = `git reset --hard HEAD~${back}`;
      git(sb.project, 'reset', '-q', '--hard', `HEAD~${back}`);
      git(sb.project, 'clean', '-qfd');
      commits -= back;
    } else {
      action = 'upgrade --check';
      run = await djangoflowInProcess(sb.project, ['upgrade', '--check']);
    }
    log.push(`${step}: ${action}${run ? ` -> ${run.code}` : ''}`);
    const where = `seed ${seedValue}\n${log.join('\n')}\n${run ? run.stdout + run.stderr : ''}`;

    // Invariants, whatever happened.
    expect({ where, outside: snapshot(sb.outside) }).toEqual({ where, outside });
    expect({ where, leftovers: existsSync(join(sb.project, '.djangoflow')) }).toEqual({ where, leftovers: false });
    if (run) {
      expect({ where, stackTrace: /\n\s+at /.test(run.stderr) }).toEqual({ where, stackTrace: false });
      expect({ where, known: [0, 1, 2, 3].includes(run.code) }).toEqual({ where, known: true });
    }
    const text = workTreeText(sb.project);
    const lost = committedUserLines(sb.project).filter((line) => !text.includes(line));
    expect({ where, lost }).toEqual({ where, lost: [] });

    if (run && run.code === 3) resolveConflicts(sb.project);
    if (run && (run.code === 0 || run.code === 3) && action.startsWith('upgrade --check') === false) {
      if (run.code === 0 && !action.includes('check')) {
        // A run that said "done" left files, record and base consistent.
        const check = await djangoflowInProcess(sb.project, ['upgrade', '--check']);
        expect({ where, check: check.code, out: check.stdout.split('\n').slice(-1)[0] }).toEqual({ where, check: 0, out: expect.stringMatching(/up to date|^$/) });
      }
      commitAll(sb.project, action);
      commits++;
    }
    if (git(sb.project, 'status', '--porcelain').trim()) {
      commitAll(sb.project, `${action} (left over)`);
      commits++;
    }
  }
  return log;
}

describe('torture: random sequences of commands, edits, resets and kills', () => {
  const fixed = process.env.DJANGOFLOW_PROPERTY_SEED;
  const seeds = fixed ? [Number(fixed)] : [1, 2, 3];
  const steps = Number(process.env.DJANGOFLOW_PROPERTY_STEPS ?? 12);

  // Every step runs (no deadline cuts a sequence short); a step is one command of a few
  // seconds, so 12 fit the timeout with room for a loaded machine.
  it.each(seeds)('seed %i keeps every invariant after every step', async (seedValue) => {
    const log = await sequence(seedValue, steps);
    expect(log).toHaveLength(steps);
    expect(log.map((line) => Number(line.split(':')[0]))).toEqual([...Array(steps).keys()]);
  }, 60_000 + steps * 20_000);
});
