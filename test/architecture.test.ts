/**
 * The layers, checked by reading the imports: the shell (cli/) uses the commands
 * (generators/), which use the core (lib/); the core knows neither. No import cycle; no
 * module over 250 lines without a stated reason, none over 300; a module comment on top of each file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { templatesDir } from '../lib/template-set/paths.js';
import { questions } from '../lib/questions/table.js';
import { type Question, optionName } from '../lib/questions/question.js';
import { appFileRules, projectFileRules } from '../lib/render/file-rules.js';
import { loadTemplateSet } from '../lib/template-set/index.js';
import { repoRoot } from './support/paths.js';

const layers = ['cli', 'generators', 'lib'];
const maxLines = 250;
/** The limit no reason lifts: a module past it is split by concern. */
const hardMaxLines = 300;

/** Modules allowed past maxLines, and why. */
const longModules: Record<string, string> = {
  'lib/questions/table.ts': 'the question table: data, one entry per question',
  'lib/render/field-types.ts': 'the field-type table: data, one entry per type',
  'lib/reconcile/plan.ts': 'the per-file decision (base, ours, theirs, renames) in one place, as issue 14 left it',
  'lib/reconcile/apply.ts': 'the atomic apply: journal, moves, rollback and the signal checks are one transaction (issue 14)',
  'lib/reconcile/store.ts': 'the pristine store: git ref and fallback file, each with its crash-safe write (issue 14)',
};

function sources(dir: string): string[] {
  return readdirSync(join(repoRoot, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

interface Import {
  target: string;
  /** `import type` / `export type`: gone after compilation, so it makes no cycle. */
  typeOnly: boolean;
}

/** The repository-relative modules a source file imports (relative specifiers only). */
function importsOf(file: string): Import[] {
  const text = readFileSync(join(repoRoot, file), 'utf8');
  const found: Import[] = [];
  const statements = /(?:^|\n)\s*(import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'|import\('([^']+)'\)|(?:^|\n)\s*import\s+'([^']+)'/g;
  for (const match of text.matchAll(statements)) {
    const specifier = match[3] ?? match[4] ?? match[5]!;
    if (!specifier.startsWith('.')) continue;
    const target = relative(repoRoot, resolve(repoRoot, dirname(file), specifier)).replace(/\.js$/, '.ts');
    found.push({ target, typeOnly: Boolean(match[2]) });
  }
  return found;
}

const files = layers.flatMap(sources).sort();
const graph = new Map(files.map((file) => [file, importsOf(file)]));

test('every import resolves to a module of the package', () => {
  const missing = [...graph].flatMap(([file, imports]) => imports.filter((i) => !graph.has(i.target)).map((i) => `${file} → ${i.target}`));
  expect(missing).toEqual([]);
});

test('the core imports neither commands nor the shell', () => {
  const upward = [...graph]
    .filter(([file]) => file.startsWith('lib/'))
    .flatMap(([file, imports]) => imports.filter((i) => !i.target.startsWith('lib/')).map((i) => `${file} → ${i.target}`));
  expect(upward).toEqual([]);
});

test('commands do not import the shell, but for the Yeoman entries Yeoman finds in generators/', () => {
  const yeomanEntry = /^generators\/[^/]+\/index\.ts$/;
  const upward = [...graph]
    .filter(([file]) => file.startsWith('generators/'))
    .flatMap(([file, imports]) =>
      imports
        .filter((i) => i.target.startsWith('cli/') && !(yeomanEntry.test(file) && i.target === 'cli/yeoman.ts'))
        .map((i) => `${file} → ${i.target}`),
    );
  expect(upward).toEqual([]);
});

test('a command imports no other command', () => {
  const commandOf = (path: string) => /^generators\/([^/]+)\//.exec(path)?.[1];
  const across = [...graph].flatMap(([file, imports]) =>
    imports
      .filter((i) => commandOf(file) && commandOf(i.target) && commandOf(file) !== commandOf(i.target))
      .map((i) => `${file} → ${i.target}`),
  );
  expect(across).toEqual([]);
});

test('each command folder holds its spec, run and Yeoman entry, and the shell lists it', () => {
  const folders = readdirSync(join(repoRoot, 'generators'), { withFileTypes: true }).filter((entry) => entry.isDirectory());
  const listed = importsOf('cli/commands.ts').map((i) => i.target);
  for (const { name } of folders) {
    const own = ['spec.ts', 'command.ts', 'index.ts'].map((file) => `generators/${name}/${file}`);
    expect([name, own.filter((file) => !graph.has(file))]).toEqual([name, []]);
    expect([name, listed.includes(`generators/${name}/spec.ts`)]).toEqual([name, true]);
  }
});

test('the core is grouped by concern: every lib/ module sits in a folder of its concern', () => {
  expect(files.filter((file) => /^lib\/[^/]+\.ts$/.test(file))).toEqual([]);
});

test('no import cycle', () => {
  const cycles: string[] = [];
  const done = new Set<string>();
  const visit = (file: string, path: string[]) => {
    if (path.includes(file)) {
      cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
      return;
    }
    if (done.has(file)) return;
    for (const { target, typeOnly } of graph.get(file) ?? []) if (!typeOnly) visit(target, [...path, file]);
    done.add(file);
  };
  for (const file of files) visit(file, []);
  expect(cycles).toEqual([]);
});

const lineCount = (file: string) => readFileSync(join(repoRoot, file), 'utf8').split('\n').length;

test(`no module over ${hardMaxLines} lines`, () => {
  expect(files.filter((file) => lineCount(file) > hardMaxLines)).toEqual([]);
});

test(`no module over ${maxLines} lines without a reason`, () => {
  const long = files.filter((file) => lineCount(file) > maxLines);
  expect(long.filter((file) => !longModules[file])).toEqual([]);
  // A reason for a module that has shrunk is stale: drop it.
  expect(Object.keys(longModules).filter((file) => !long.includes(file))).toEqual([]);
});

test('every module opens with its comment', () => {
  // lib/reconcile/ documents itself in its README and is left as it is while issue 14 works there.
  const bare = files.filter(
    (file) => !file.startsWith('lib/reconcile/') && !/^\s*(\/\*\*|\/\/)/.test(readFileSync(join(repoRoot, file), 'utf8')),
  );
  expect(bare).toEqual([]);
});

const architecture = () => readFileSync(join(repoRoot, 'docs/architecture.md'), 'utf8');

test('docs/architecture.md lists every module', () => {
  const doc = architecture();
  // lib/reconcile/ is listed as a folder with its modules named in the same row.
  const unlisted = files.filter((file) =>
    file.startsWith('lib/reconcile/') ? !doc.includes(`\`${file.split('/').at(-1)}\``) : !doc.includes(`\`${file}\``),
  );
  const perCommand = /^generators\/[^/]+\/(spec|command|index)\.ts$/;
  expect(unlisted.filter((file) => !perCommand.test(file))).toEqual([]);
});

/** The docs' table from a question to what it switches: file rules, plugins, core.yaml blocks. */
function questionTable(): string[] {
  const { catalog, core } = loadTemplateSet(templatesDir());
  const show = (value: unknown): string =>
    Array.isArray(value) ? value.map(show).join(' or ') : value === true ? 'yes' : value === false ? 'no' : String(value);
  const row = (question: Question) => {
    const files = [...projectFileRules, ...appFileRules].flatMap((rule) => [
      ...(question.name in (rule.when.answers ?? {}) ? [`\`${rule.prefix}\` = ${show(rule.when.answers![question.name])}`] : []),
      ...(question.name in (rule.when.not ?? {}) ? [`\`${rule.prefix}\` ≠ ${show(rule.when.not![question.name])}`] : []),
    ]);
    const plugins = [...catalog.values()]
      .filter((plugin) => plugin.enabledBy?.question === question.name)
      .map((plugin) => `\`${plugin.name}\` = ${plugin.enabledBy!.values.map(show).join(' or ')}`);
    const blocks = (core.conditional ?? [])
      .filter((block) => question.name in (block.when ?? {}))
      .map((block) => [block.when![question.name]].flat().map(show).join(' or '));
    const cells = [files, plugins, blocks].map((cell) => cell.join('; ') || '-');
    return `| \`--${optionName(question)}\` (\`${question.name}\`) | ${cells.join(' | ')} |`;
  };
  return [
    '| question | files it switches (`lib/render/file-rules.ts`) | plugins it switches on (`templates/plugins/<name>/`) | `conditional` blocks of `templates/core.yaml` |',
    '|---|---|---|---|',
    ...questions.map(row),
  ];
}

test('docs/architecture.md leads from each question to what it switches', () => {
  const doc = architecture();
  const table = doc.slice(doc.indexOf('<!-- questions:start -->\n') + 25, doc.indexOf('<!-- questions:end -->'));
  expect(table.trim().split('\n')).toEqual(questionTable());
});
