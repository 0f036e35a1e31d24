/**
 * The page and the server share one statement of the API (generators/ui/api-types.ts): the
 * page imports its types (type-only, erased from the bundle) and restates none; the server
 * builds them. Changing a shape there, as a server change would, fails both typechecks:
 * the page's own (page/tsconfig.json: DOM, no Node) and the server's.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/paths.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';

const ui = join(repoRoot, 'generators/ui');
const pageModules = readdirSync(join(ui, 'page')).filter((name) => name.endsWith('.ts'));
const source = (path: string) => readFileSync(join(ui, path), 'utf8');
const importsOf = (text: string) => [...text.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)';/gm)].map((m) => ({ typeOnly: Boolean(m[1]), from: m[2]! }));
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeTempDir));

test('the shared module imports nothing and uses neither the DOM nor Node', () => {
  const text = source('api-types.ts');
  expect(importsOf(text)).toEqual([]);
  expect(text).not.toMatch(/\b(document|window|HTMLElement|Buffer|process|require)\b/);
});

test.each(pageModules)('page/%s takes the API types from ../api-types.ts, type-only, and restates none', (name) => {
  const text = source(`page/${name}`);
  for (const { typeOnly, from } of importsOf(text)) {
    // Inside the page, or the shared types; never the server's modules.
    expect([from, from.startsWith('./') || (from === '../api-types.js' && typeOnly)]).toEqual([from, true]);
  }
  const shared = [...source('api-types.ts').matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1]!);
  const declared = [...text.matchAll(/^(?:export )?(?:interface|type) (\w+)/gm)].map((m) => m[1]!);
  expect(declared.filter((type) => shared.includes(type))).toEqual([]);
});

test('the bundled page carries none of the server: the types are erased', () => {
  const bundle = readFileSync(join(repoRoot, 'dist/ui/app.js'), 'utf8');
  expect(bundle).not.toMatch(/^import |\bimport\(|require\(|api-types/m);
});

/** tsc on a copy of the sources, with `change` applied to the copy's api-types.ts; its output and whether it passed. */
function typecheckWith(change: (text: string) => string): { page: string; server: string } {
  const dir = makeTempDir('api-types');
  dirs.push(dir);
  for (const path of ['tsconfig.json', 'package.json', 'lib', 'generators/ui', 'generators/options.ts']) cpSync(join(repoRoot, path), join(dir, path), { recursive: true });
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
  const shared = join(dir, 'generators/ui/api-types.ts');
  writeFileSync(shared, change(readFileSync(shared, 'utf8')));
  // The server's side: the ui command's modules and what they import (not the page, not the Yeoman entry).
  writeFileSync(
    join(dir, 'tsconfig.server.json'),
    JSON.stringify({ extends: './tsconfig.json', compilerOptions: { noEmit: true, types: ['node'] }, include: ['generators/ui/*.ts'], exclude: ['generators/ui/index.ts'] }),
  );
  const tsc = (project: string): string => {
    try {
      execFileSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', project], { cwd: dir, encoding: 'utf8' });
      return 'passed';
    } catch (error) {
      return String((error as { stdout?: string }).stdout);
    }
  };
  return { page: tsc('generators/ui/page'), server: tsc('tsconfig.server.json') };
}

test('both sides typecheck against the shared module as it is', () => {
  expect(typecheckWith((text) => text)).toEqual({ page: 'passed', server: 'passed' });
}, 300_000);

test("a field renamed in the shared module fails the page's typecheck and the server's", () => {
  const result = typecheckWith((text) => {
    const renamed = text.replace(/^(  )label: string;/m, '$1title: string;');
    expect(renamed).not.toBe(text);
    return renamed;
  });
  expect(result.page).toMatch(/page\/fields\.ts\(\d+,\d+\): error TS2339: Property 'label' does not exist on type 'Field'/);
  expect(result.server).toMatch(/generators\/ui\/form\.ts\(\d+,\d+\): error TS\d+:/);
}, 300_000);
