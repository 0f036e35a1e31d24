/**
 * `npm run smoke`: a seconds-long check that the built generator works on this machine: the
 * bin answers --version, generates a default project into a temporary folder, adds a plugin
 * and takes it out again, each exiting 0 with the files it should leave. The full suite
 * (`npm test`) is the proof; this is the first-hour check.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'djangoflow.js');
const dir = mkdtempSync(join(tmpdir(), 'djangoflow-smoke-'));
const started = Date.now();

function djangoflow(...args) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  if (result.status !== 0) fail(`djangoflow ${args.join(' ')} exited with ${result.status}:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

function fail(message) {
  rmSync(dir, { recursive: true, force: true });
  process.stderr.write(`smoke check failed: ${message}\n`);
  process.exit(1);
}

try {
  const version = djangoflow('--version').trim();
  djangoflow('--defaults', '--project-name', 'Smoke Check');
  for (const path of ['.yo-rc.json', 'src/manage.py', 'src/config/settings/base.py', 'Makefile', '.env']) {
    if (!existsSync(join(dir, path))) fail(`the generated project has no ${path}`);
  }
  djangoflow('plugin', 'cors');
  if (!readFileSync(join(dir, 'base/requirements/base.txt'), 'utf8').includes('django-cors-headers==')) fail('plugin cors added no requirement');
  djangoflow('plugin', '--remove', 'cors');
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`smoke check passed: djangoflow ${version} generated a project and added and removed a plugin in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
} catch (error) {
  fail(String(error));
}
