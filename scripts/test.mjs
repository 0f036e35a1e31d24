/**
 * `npm test` after the build: the type check and jest side by side, since jest runs the
 * TypeScript sources without checking their types and needs nothing from the check. The
 * check's output is held and printed after jest's, so the two never interleave; the exit
 * code is jest's, or the check's when jest passed and the check failed.
 *
 * Usage: node scripts/test.mjs [jest arguments...]
 */
import { spawn } from 'node:child_process';

/** Runs a command; resolves with its exit code (a signal counts as failure) and, when held, its output. */
function start(command, args, { hold }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: hold ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    if (hold) {
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
    }
    child.on('error', (error) => resolve({ code: 1, output: `${command}: ${error.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

const started = Date.now();
const typecheck = start('npm', ['run', '--silent', 'typecheck'], { hold: true }).then((result) => ({ ...result, seconds: Math.round((Date.now() - started) / 1000) }));
const jest = await start(process.execPath, ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', ...process.argv.slice(2)], { hold: false });
const checked = await typecheck;

process.stdout.write(checked.output);
console.log(checked.code === 0 ? `type check passed (${checked.seconds}s, beside jest)` : `type check FAILED (exit ${checked.code}; output above)`);
process.exit(jest.code !== 0 ? jest.code : checked.code);
