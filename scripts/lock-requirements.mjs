// `npm run lock`: refreshes templates/lock.yaml from the Python package index.
// For each Python version a project can choose (lib/questions/table.ts) that pyenv has on this
// machine, a fresh venv gets every pin of templates/pins.yaml installed together; the
// versions pip resolved and, for each pinned requirement, the distributions it pulls in
// (scripts/lock-closure.py) are recorded. The generator renders from them the
// base/requirements/constraints.txt of a project: every transitive dependency pinned, so
// two installs a month apart get the same versions.
// A Python pyenv lacks keeps its earlier entry (a warning says so); nothing falls back.
//
// Usage: npm run build && npm run lock [-- --python 3.13]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { packageRoot } from '../dist/lib/template-set/paths.js';
import { questions } from '../dist/lib/questions/table.js';

/**
 * Pins that cannot be installed beside the rest, each locked in a venv of its own (with
 * why). Its closure then carries its own versions (`apart` in lock.yaml); a project that
 * combines it with a conflicting pin still fails to install, which is the truth until the
 * conflict is resolved. Remove a name here once its pins install with the others.
 */
const installApart = {
  'django-df-chat': 'django-df-chat requires channels==4.0.0; the project pins channels 4.3.2',
};

const lockFile = join(packageRoot, 'templates/lock.yaml');
const closureScript = join(packageRoot, 'scripts/lock-closure.py');

function fail(message) {
  console.error(`lock: ${message}`);
  process.exit(1);
}

function supportedPythons() {
  const question = questions.find((q) => q.name === 'pythonVersion');
  if (!question) fail('lib/questions/table.ts has no pythonVersion question');
  return question.choices.map((choice) => String(typeof choice === 'object' ? choice.value : choice));
}

/** pyenv's newest x.y.z of `version`, or undefined. */
function pyenvPython(version) {
  const versions = join(process.env.PYENV_ROOT || join(homedir(), '.pyenv'), 'versions');
  if (!existsSync(versions)) return undefined;
  const newest = readdirSync(versions)
    .filter((name) => name.startsWith(`${version}.`) && /^\d+\.\d+\.\d+$/.test(name))
    .sort((a, b) => Number(a.split('.')[2]) - Number(b.split('.')[2]))
    .at(-1);
  const python = newest && join(versions, newest, 'bin/python');
  return python && existsSync(python) ? python : undefined;
}

/** Runs a command, its output shown only when it fails; killed after `timeoutMs`. */
function run(command, args, options = {}, timeoutMs = 30 * 60_000) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    const settle = (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}\n${stdout}${stderr}`));
    };
    child.on('close', settle);
    // A build helper that inherited the pipes must not keep us waiting past the exit.
    child.on('exit', (code, signal) => setTimeout(() => settle(code, signal), 10_000).unref());
  });
}

/** Installs `requirements` into a fresh venv of `python` and reads back what pip resolved. */
async function resolveIn(python, requirements, label) {
  const venv = mkdtempSync(join(tmpdir(), 'djangoflow-lock-'));
  try {
    await run(python, ['-m', 'venv', venv]);
    const pip = join(venv, 'bin/python');
    const env = { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1' };
    console.log(`lock: ${label}: installing ${requirements.length} requirements`);
    await run(pip, ['-m', 'pip', 'install', '--quiet', ...requirements], { env });
    console.log(`lock: ${label}: installed`);
    const names = requirements.map((line) => line.replace(/==.*$/, ''));
    const { gaps, ...resolved } = JSON.parse(await run(pip, [closureScript, ...names], { env }));
    // The locked files carry no markers: a dependency of macOS or Linux on ARM alone would be
    // missing from a hash-checked install there (scripts/lock-closure.py).
    if (gaps.length) throw new Error(`${label}: the lock would not serve every platform:\n  ${gaps.join('\n  ')}`);
    return resolved;
  } finally {
    rmSync(venv, { recursive: true, force: true });
  }
}

async function lockPython(version, python, pins) {
  const together = Object.entries(pins).filter(([name]) => !(name in installApart));
  // The pins apart resolve beside the main set, not after it: pip spends its time waiting.
  const [main, ...alone] = await Promise.all([
    resolveIn(python, together.map(([name, pin]) => `${name}==${pin}`), `Python ${version}`),
    ...Object.keys(installApart)
      .filter((name) => name in pins)
      .map((name) => resolveIn(python, [`${name}==${pins[name]}`], `Python ${version}, ${name} apart`)),
  ]);
  const apart = {};
  for (const resolved of alone) {
    const [name, closure] = Object.entries(resolved.closures)[0];
    apart[name] = {
      why: installApart[name],
      closure,
      versions: Object.fromEntries(closure.map((dependency) => [dependency, resolved.versions[dependency]])),
    };
  }
  return { versions: main.versions, closures: main.closures, apart };
}

const only = process.argv.includes('--python') ? process.argv[process.argv.indexOf('--python') + 1] : undefined;
const pins = parse(readFileSync(join(packageRoot, 'templates/pins.yaml'), 'utf8')).python;
const previous = existsSync(lockFile) ? (parse(readFileSync(lockFile, 'utf8'))?.python ?? {}) : {};

const versions = supportedPythons().filter((version) => !only || version === only);
if (only && versions.length === 0) fail(`--python ${only} is not a choice of the pythonVersion question`);
const locked = { ...previous };
// Both cores: each Python's venv installs in parallel.
await Promise.all(
  versions.map(async (version) => {
    const python = pyenvPython(version);
    if (!python) {
      console.warn(`lock: warning: pyenv has no Python ${version}; its entry is ${previous[version] ? 'kept as it was' : 'missing'}`);
      return;
    }
    locked[version] = await lockPython(version, python, pins);
  }),
).catch((error) => fail(error.message));

const ordered = Object.fromEntries(Object.keys(locked).sort().map((version) => [version, locked[version]]));
const header = [
  '# Written by `npm run lock` (scripts/lock-requirements.mjs) from templates/pins.yaml: do not edit.',
  '# Per Python version: every distribution the pins resolve to (versions), and for each pin',
  '# the distributions it pulls in (closures); pins that cannot be installed beside the rest',
  '# are resolved on their own (apart). Projects get the closures of their requirements as',
  '# base/requirements/constraints.txt.',
];
writeFileSync(lockFile, `${header.join('\n')}\n${stringify({ python: ordered }, { lineWidth: 0 })}`);
console.log(`lock: wrote ${lockFile} (${Object.keys(ordered).join(', ')})`);
