#!/usr/bin/env node
// `npm run bench`: cold-process timings of the djangoflow commands, with Django's own
// `startproject` measured in the same run as the yardstick. A benchmark, not a test: it
// prints figures and never fails on them.
//
// Every run is a new process timed by GNU time (Debian package `time`): wall clock, user
// and system CPU (children included: git), and peak resident memory. Projects a command
// changes are copied fresh before each run, outside the timing.
//
//   BENCH_RUNS=7 npm run bench      runs per figure (default 5)
//   BENCH_APPS=1,10,50              project sizes for the growth table (check, startapp, plugin, upgrade)
//   BENCH_ONLY=default,startapp     only these scenarios (names as printed)
//   BENCH_PYTHON=.venv/bin/python   the Python whose Django runs the yardstick (default: python3 on PATH)
//   BENCH_ONLY=install              only pip vs uv installing the default project (bench/install.mjs; no Django needed)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installBench } from './install.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin/djangoflow.js');
const timeBin = '/usr/bin/time';
const python = process.env.BENCH_PYTHON || 'python3';
const runs = Number(process.env.BENCH_RUNS ?? 5);
const appCounts = (process.env.BENCH_APPS ?? '1,10,50').split(',').map(Number);
const only = process.env.BENCH_ONLY?.split(',');
const work = mkdtempSync(join(tmpdir(), 'djangoflow-bench-'));
const nextVersion = '99.0.0';

/** The default project rendered into `dir` (the install figure's project). */
function generateDefault(dir) {
  mkdirSync(dir, { recursive: true });
  const result = spawnSync(process.execPath, [bin, '--defaults', '--project-name', 'Acme Shop'], { cwd: dir, env: { ...process.env, CI: 'true' }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`djangoflow exited with ${result.status}\n${result.stderr}`);
}
if (only?.length === 1 && only[0] === 'install') {
  installBench(generateDefault);
  process.exit(0);
}

if (!existsSync(timeBin)) {
  console.error(`bench: ${timeBin} not found (Debian: apt-get install time)`);
  process.exit(1);
}
// The yardstick needs Django; a generated project's venv has the pinned one.
if (spawnSync(python, ['-c', 'import django'], { encoding: 'utf8' }).status !== 0) {
  console.error(`bench: ${python} cannot import django; set BENCH_PYTHON to a Python that can (a generated project's .venv/bin/python)`);
  process.exit(1);
}
if (!existsSync(join(root, 'dist/cli/main.js'))) {
  console.error('bench: run `npm run build` first');
  process.exit(1);
}

const baseEnv = { ...process.env, CI: 'true', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.com' };
delete baseEnv.DJANGOFLOW_TEMPLATES;
delete baseEnv.DJANGOFLOW_VERSION;

/** One timed process: { wall, user, sys, rss (KiB) }; throws when it exits with a code not expected. */
function timed(command, args, { cwd, env = {}, expect = [0] }) {
  const report = join(work, 'time.out');
  const started = process.hrtime.bigint();
  const result = spawnSync(timeBin, ['-f', '%e %U %S %M', '-o', report, command, ...args], {
    cwd,
    env: { ...baseEnv, ...env },
    encoding: 'utf8',
  });
  if (!expect.includes(result.status)) {
    throw new Error(`${command} ${args.join(' ')} in ${cwd} exited with ${result.status}\n${result.stdout}\n${result.stderr}`);
  }
  // GNU time counts wall clock in hundredths; the clock here in nanoseconds (time's own
  // start-up, a millisecond, included).
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const line = readFileSync(report, 'utf8').trim().split('\n').at(-1);
  const [, user, sys, rss] = line.split(' ').map(Number);
  return { wall, user, sys, rss };
}

function run(command, args, cwd, env = {}) {
  const result = spawnSync(command, args, { cwd, env: { ...baseEnv, ...env }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

const djangoflow = (args, cwd, env) => run(process.execPath, [bin, ...args], cwd, env);
const git = (args, cwd) => run('git', args, cwd);

function freshDir(name) {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

function commitAll(dir, message) {
  git(['add', '-A'], dir);
  git(['commit', '-q', '--no-gpg-sign', '-m', message], dir);
}

/** A generated project, committed (with its pristine ref), to copy before each run. */
function committedProject(name, args = ['--defaults', '--project-name', 'Acme Shop']) {
  const dir = freshDir(name);
  git(['init', '-q', '-b', 'main'], dir);
  djangoflow(args, dir);
  commitAll(dir, 'generated');
  return dir;
}

/** Adds `count` apps to a committed project through its record and one regeneration. */
function withApps(dir, count) {
  const rc = join(dir, '.yo-rc.json');
  const record = JSON.parse(readFileSync(rc, 'utf8'));
  const apps = Array.from({ length: count }, (_, i) => ({
    name: `app_${String(i + 1).padStart(2, '0')}`,
    models: [{ name: 'Item', fields: [{ name: 'title', type: 'str' }, { name: 'done', type: 'bool' }, { name: 'due', type: 'date' }] }],
  }));
  record['generator-djangoflow'].apps = apps;
  writeFileSync(rc, `${JSON.stringify(record, null, 2)}\n`);
  commitAll(dir, 'record apps');
  djangoflow(['upgrade'], dir);
  commitAll(dir, `${count} apps`);
  return dir;
}

/** The team's edits: a line at the top of 10 Python files (apps' first, then the project's). */
function editTenFiles(dir, appCount) {
  const appFiles = Array.from({ length: Math.min(5, appCount) }, (_, i) => `src/apps/app_${String(i + 1).padStart(2, '0')}/admin.py`);
  const projectFiles = ['src/config/urls.py', 'src/config/settings/local.py', 'src/config/settings/test.py', 'src/config/sections/general.py', 'src/config/sections/security.py', 'src/config/web/urls.py', 'src/config/admin/urls.py', 'src/config/wsgi.py', 'src/config/asgi.py', 'src/apps/users/admin.py'];
  const files = [...appFiles, ...projectFiles].slice(0, 10);
  for (const file of files) {
    const path = join(dir, file);
    writeFileSync(path, `# Edited by the team.\n${readFileSync(path, 'utf8')}`);
  }
  commitAll(dir, 'team edits');
}

/** The next release's templates: a line added at the end of project and app templates. */
function nextTemplates() {
  const dir = join(work, 'templates-next');
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(root, 'templates'), dir, { recursive: true });
  const changed = ['project/src/config/urls.py.ejs', 'project/src/config/settings/local.py.ejs', 'project/src/config/wsgi.py.ejs', 'app/src/apps/__app__/admin.py.ejs', 'app/src/apps/__app__/views.py.ejs'];
  for (const file of changed) {
    const path = join(dir, file);
    writeFileSync(path, `${readFileSync(path, 'utf8')}\n# Changed in the next release.\n`);
  }
  return dir;
}

/** Times `runs` runs; `prepare` returns the folder of each run (a fresh copy). */
function measure(prepare, command, args, options = {}) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const cwd = prepare(i);
    samples.push(timed(command, args, { cwd, ...options }));
  }
  return samples;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function summary(samples) {
  return {
    wall: median(samples.map((s) => s.wall)),
    cpu: median(samples.map((s) => s.user + s.sys)),
    user: median(samples.map((s) => s.user)),
    rss: Math.max(...samples.map((s) => s.rss)) / 1024,
  };
}

const copyOf = (source, name) => () => {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  cpSync(source, dir, { recursive: true });
  return dir;
};

const wanted = (name) => !only || only.includes(name);
const results = [];
function record(name, what, samples) {
  results.push({ name, what, ...summary(samples) });
  process.stderr.write(`  ${name}: done\n`);
}

process.stderr.write(`bench: ${runs} runs per figure in ${work}\n`);
const loadBefore = loadavg()[0];

// The yardstick, measured in this run.
record(
  'startproject',
  'python3 -m django startproject (yardstick)',
  measure(() => freshDir('startproject'), python, ['-m', 'django', 'startproject', 'yardstick']),
);

if (wanted('default')) {
  record('default', 'djangoflow --defaults --project-name "Acme Shop"', measure(() => freshDir('default'), process.execPath, [bin, '--defaults', '--project-name', 'Acme Shop']));
}

const maximalArgs = ['--defaults', '--project-name', 'Acme Shop', '--database', 'postgresql', '--api', 'drf', '--asgi', '--celery', '--cache', 'redis', '--email', 'mailgun', '--storage', 's3', '--sentry', '--ci', 'github', '--pre-commit', '--docker', '--deploy', 'kubernetes'];
if (wanted('maximal')) {
  record('maximal', 'every option on (postgresql, drf, asgi, celery, redis, mailgun, s3, sentry, CI, k8s)', measure(() => freshDir('maximal'), process.execPath, [bin, ...maximalArgs]));
}

const needsProject = ['startapp', 'plugin', 'plugin-deps', 'check', 'upgrade'].some(wanted);
const project = needsProject ? committedProject('project') : null;
if (wanted('startapp')) {
  record('startapp', 'startapp blog --model Post title:str body:text author:fk=users.User', measure(copyOf(project, 'run'), process.execPath, [bin, 'startapp', 'blog', '--model', 'Post', 'title:str', 'body:text', 'author:fk=users.User']));
}
if (wanted('plugin')) {
  record('plugin', 'plugin cors', measure(copyOf(project, 'run'), process.execPath, [bin, 'plugin', 'cors']));
}
if (wanted('plugin-deps')) {
  const maximal = committedProject('maximal-project', maximalArgs);
  record('plugin-deps', 'plugin df-auth on the maximal project (adds df-api-drf, df-remote-config)', measure(copyOf(maximal, 'run'), process.execPath, [bin, 'plugin', 'df-auth', '--defaults']));
}
if (wanted('check')) {
  record('check', 'upgrade --check, up to date', measure(() => project, process.execPath, [bin, 'upgrade', '--check']));
}

// Growth: each project command on projects of 1, 10 and 50 apps (upgrade: with 10 edited
// files, to the next release).
const startappArgs = ['startapp', 'blog', '--model', 'Post', 'title:str', 'body:text', 'author:fk=users.User'];
const growth = [];
if (wanted('upgrade') || wanted('check')) {
  const templatesNext = nextTemplates();
  for (const count of appCounts) {
    const sized = withApps(copyOf(project, `apps-${count}`)(), count);
    const figures = {
      check: summary(measure(() => sized, process.execPath, [bin, 'upgrade', '--check'])),
      startapp: summary(measure(copyOf(sized, 'run'), process.execPath, [bin, ...startappArgs])),
      plugin: summary(measure(copyOf(sized, 'run'), process.execPath, [bin, 'plugin', 'cors'])),
    };
    editTenFiles(sized, count);
    figures.upgrade = summary(
      measure(copyOf(sized, 'run'), process.execPath, [bin, 'upgrade'], {
        env: { DJANGOFLOW_VERSION: nextVersion, DJANGOFLOW_TEMPLATES: templatesNext },
      }),
    );
    growth.push({ count, ...figures });
    process.stderr.write(`  ${count} apps: done\n`);
  }
  const fifty = growth.find((g) => g.count === 50) ?? growth.at(-1);
  if (fifty) results.push({ name: 'upgrade', what: `upgrade of ${fifty.count} apps, 10 edited files, to a new release`, ...fifty.upgrade });
}

const loadAfter = loadavg()[0];
const yard = results[0];
const pad = (text, width) => String(text).padEnd(width);
const num = (value, digits = 2) => value.toFixed(digits);
console.log(`\nMedians of ${runs} cold runs; CPU = user + system (git included); peak RSS is the largest run's.`);
console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load ${num(loadBefore, 1)} → ${num(loadAfter, 1)}, node ${process.version}\n`);
console.log(`${pad('scenario', 13)}${pad('wall s', 8)}${pad('×yard', 7)}${pad('cpu s', 8)}${pad('×yard', 7)}${pad('peak MiB', 10)}what`);
for (const r of results) {
  console.log(
    `${pad(r.name, 13)}${pad(num(r.wall, 3), 8)}${pad(num(r.wall / yard.wall), 7)}${pad(num(r.cpu), 8)}${pad(num(r.cpu / yard.cpu, 1), 7)}${pad(num(r.rss, 0), 10)}${r.what}`,
  );
}
if (growth.length) {
  const columns = ['check', 'startapp', 'plugin', 'upgrade'];
  console.log(`\nGrowth with the number of apps: wall s / ×yard (wall) / peak MiB (medians; upgrade with 10 edited files):`);
  console.log(`${pad('apps', 6)}${columns.map((c) => pad(c === 'check' ? 'upgrade --check' : c, 22)).join('')}`.trimEnd());
  for (const row of growth) {
    const cell = (f) => pad(`${num(f.wall, 3)} / ${num(f.wall / yard.wall)} / ${num(f.rss, 0)}`, 22);
    console.log(`${pad(row.count, 6)}${columns.map((c) => cell(row[c])).join('')}`.trimEnd());
  }
}
rmSync(work, { recursive: true, force: true });

if (wanted('install')) installBench(generateDefault);
