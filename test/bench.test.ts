/**
 * `npm run bench` is a benchmark, not a test: nothing here judges a time. This smoke run
 * (one cold run per figure, projects of 1 and 2 apps) keeps the script working and holds
 * the one figure that does not depend on the machine's speed: peak memory under 150 MiB.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { generate } from './support/generate.js';
import { repoRoot } from './support/paths.js';
import { installProject } from './support/stack.js';

const scenarios = ['startproject', 'default', 'maximal', 'startapp', 'plugin', 'plugin-deps', 'check', 'upgrade'];

test('the bench runs every scenario and reports medians, ratios, memory and growth', async () => {
  // The yardstick runs the Django a generated project pins, from that project's venv.
  const project = await generate(['--defaults', '--project-name', 'Bench Yardstick']);
  expect(project.code).toBe(0);
  const stack = await installProject(project.dir);
  const result = spawnSync(process.execPath, [join(repoRoot, 'bench/run.mjs')], {
    // Not the install figure (pip and uv installing a project cold: minutes, the index's).
    env: { ...process.env, BENCH_RUNS: '1', BENCH_APPS: '1,2', BENCH_PYTHON: stack.python, BENCH_ONLY: scenarios.slice(1).join(',') },
    encoding: 'utf8',
    timeout: 240_000,
  });
  expect({ status: result.status, stderr: result.stderr }).toMatchObject({ status: 0 });
  const rows = new Map(
    result.stdout
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((cells) => scenarios.includes(cells[0]!))
      .map((cells) => [cells[0]!, cells.slice(1, 6).map(Number)]),
  );
  expect([...rows.keys()]).toEqual(scenarios);
  for (const [name, [wall, ratio, cpu, cpuRatio, mib]] of rows) {
    expect([name, [wall, ratio, cpu, cpuRatio, mib].every((n) => Number.isFinite(n) && n! > 0)]).toEqual([name, true]);
    expect([name, mib! < 150]).toEqual([name, true]);
  }
  expect(rows.get('startproject')![1]).toBe(1);
  // Per size: upgrade --check, startapp, plugin and upgrade, each "wall / ×yard / MiB".
  const growth = result.stdout.slice(result.stdout.indexOf('Growth'));
  for (const size of ['1', '2']) {
    const cells = [...(new RegExp(`^${size}\\s+(.*)$`, 'm').exec(growth)?.[1] ?? '').matchAll(/([\d.]+) \/ ([\d.]+) \/ (\d+)/g)];
    expect([size, cells.length]).toEqual([size, 4]);
    for (const cell of cells) expect([size, Number(cell[3]) < 150]).toEqual([size, true]);
  }
}, 1_200_000);
