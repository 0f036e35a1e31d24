/**
 * The JSON store never writes through a link (lib/reconcile/fallback-store.ts): a `.djangoflow`
 * that is a symbolic link could send the store outside the project, so a save is refused,
 * naming the rule, and nothing appears where the link points.
 */
import { readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from '@jest/globals';
import { writeFallbackTemp } from '../../lib/reconcile/fallback-store.js';
import { savePristine } from '../../lib/reconcile/store.js';
import { makeProject, removeProjects, tree } from './helpers.js';

afterEach(removeProjects);

it('refuses to write the JSON store through a linked .djangoflow, and writes nothing where it points', async () => {
  const dir = makeProject();
  const elsewhere = makeProject();
  symlinkSync(elsewhere, join(dir, '.djangoflow'));
  const rule = '.djangoflow/ is a symbolic link; djangoflow never writes through links';
  await expect(writeFallbackTemp(dir, tree({ 'a.py': 'a\n' }), 'r')).rejects.toThrow(rule);
  await expect(savePristine(dir, tree({ 'a.py': 'a\n' }))).rejects.toThrow(rule);
  expect(readdirSync(elsewhere)).toEqual([]);
});
