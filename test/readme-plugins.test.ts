/**
 * The README's plugin table against the catalog: one row per plugin in the catalog, no row
 * for a plugin that is not in it, and each row's "requires" column the manifest's `requires`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { templatesDir } from '../lib/template-set/paths.js';
import { loadTemplateSet } from '../lib/template-set/index.js';
import { repoRoot } from './support/paths.js';

const catalog = loadTemplateSet(templatesDir()).catalog;

/** The rows of the table whose header is `| plugin | what | requires |`: name → requires. */
function readmeTable(): Map<string, string[]> {
  const lines = readFileSync(join(repoRoot, 'README.md'), 'utf8').split('\n');
  const start = lines.indexOf('| plugin | what | requires |');
  expect(start).toBeGreaterThan(-1);
  const rows = new Map<string, string[]>();
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split('|').map((cell) => cell.trim());
    const requires = cells.at(-2)!;
    rows.set(cells[1]!, requires ? requires.split(',').map((name) => name.trim()) : []);
  }
  return rows;
}

test("the README's plugin table lists every plugin of the catalog, and only those", () => {
  expect([...readmeTable().keys()].sort()).toEqual([...catalog.keys()].sort());
});

test("each row's requires column is the manifest's", () => {
  const rows = readmeTable();
  for (const plugin of catalog.values()) {
    expect({ plugin: plugin.name, requires: rows.get(plugin.name)?.sort() }).toEqual({ plugin: plugin.name, requires: [...plugin.requires].sort() });
  }
});
