/**
 * A new file's mode follows the process's umask (operations.ts reads it once per process,
 * so this file sets it before its first apply): 0644 and 0755 under 027 become 0640 and
 * 0750; a secret stays 0600 and a replaced file keeps its mode.
 */
import { chmodSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { applyReconcile, planReconcile } from '../../lib/reconcile/index.js';
import { makeProject, removeProjects, tree } from './helpers.js';

let previous = 0;
beforeAll(() => {
  previous = process.umask(0o027);
});
afterAll(() => {
  process.umask(previous);
  removeProjects();
});

it('new files follow the umask; scripts only when they start with #!; secrets and replaced files keep theirs', async () => {
  const dir = makeProject({ 'kept.py': 'k = 1\n' });
  chmodSync(join(dir, 'kept.py'), 0o604);
  const files = { 'data.txt': 'x\n', 'run': '#!/bin/sh\n', 'comment.sh': '# not a script\n', 'late': 'x #!\n', 'kept.py': 'k = 2\n' };
  const plan = await planReconcile({ projectDir: dir, base: tree({ 'kept.py': 'k = 1\n' }), theirs: tree(files) });
  await applyReconcile(dir, plan, { secrets: tree({ '.env': 'S=1\n' }) });
  const mode = (path: string) => statSync(join(dir, path)).mode & 0o777;
  expect(Object.fromEntries([...Object.keys(files), '.env'].map((path) => [path, mode(path).toString(8)]))).toEqual({
    'data.txt': '640',
    run: '750',
    'comment.sh': '640',
    late: '640',
    'kept.py': '604',
    '.env': '600',
  });
});
