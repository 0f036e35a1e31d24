/**
 * Helpers that let templates render text already in its formatted shape (ruff for Python),
 * so generation need not run the formatter (see lib/format/format.ts `mayNeedFormatting`); with
 * them, the escaping helpers of every destination free text lands in.
 */
import { ruffSettings } from '../format/format.js';
import { displayWidth } from '../format/needs-formatting.js';
import { escapeHelpers } from '../render/escape.js';
import { answerItems } from '../questions/question.js';
import { graphqlName } from '../input/naming.js';

/**
 * A Python list of string literals the way ruff prints it after `prefix` (the text before
 * `[` on its line, indentation included): on that line when it fits, otherwise one item per
 * line with a trailing comma. `explode` keeps the one-per-line shape even when it would fit.
 */
export function pyList(items: readonly string[], prefix = '', explode = false): string {
  const literals = items.map((item) => JSON.stringify(item));
  if (literals.length === 0) return '[]';
  const inline = `[${literals.join(', ')}]`;
  if (!explode && prefix.length + inline.length <= ruffSettings.lineLength) return inline;
  const indent = /^\s*/.exec(prefix)![0];
  return `[\n${literals.map((literal) => `${indent}    ${literal},\n`).join('')}${indent}]`;
}

/** Natural order (`app2` before `app10`), as ruff's isort compares names. */
function naturalCompare(a: string, b: string): number {
  const parts = (s: string) => s.match(/\d+|\D+/g) ?? [];
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [p, q] = [x[i]!, y[i]!];
    if (p === q) continue;
    if (/^\d/.test(p) && /^\d/.test(q)) return Number(p) - Number(q) || p.length - q.length;
    return p < q ? -1 : 1;
  }
  return x.length - y.length;
}

/** ruff's isort with order-by-type: CONSTANTS, then Classes, then other names; case-insensitive within. */
function memberRank(name: string): number {
  if (name.length > 1 && name === name.toUpperCase() && name !== name.toLowerCase()) return 0;
  return /^[A-Z]/.test(name) ? 1 : 2;
}

export function sortImportNames(names: readonly string[]): string[] {
  return [...new Set(names)].sort(
    (a, b) => memberRank(a) - memberRank(b) || naturalCompare(a.toLowerCase(), b.toLowerCase()) || naturalCompare(a, b),
  );
}

/** `from module import a, b` with the names in ruff's order, wrapped one per line when too long. */
export function pyImport(module: string, names: readonly string[]): string {
  const sorted = sortImportNames(names);
  const line = `from ${module} import ${sorted.join(', ')}`;
  if (line.length <= ruffSettings.lineLength) return line;
  return `from ${module} import (\n${sorted.map((name) => `    ${name},\n`).join('')})`;
}

/** `from ...` import lines of one section in ruff's order (by module; relative `..` before `.`). */
export function sortFromImports(lines: readonly string[]): string[] {
  const module = (line: string) => /^from\s+(\S+)/.exec(line)?.[1] ?? line;
  const key = (line: string) => {
    const name = module(line);
    const dots = /^\.*/.exec(name)![0].length;
    return { dots, name: name.slice(dots).toLowerCase() };
  };
  return [...lines].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return y.dots - x.dots || naturalCompare(x.name, y.name);
  });
}

/** A Markdown table with its columns aligned, as prettier prints it. */
export function mdTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, i) => Math.max(3, ...[header, ...rows.map((row) => row[i] ?? '')].map(displayWidth)));
  const line = (cells: readonly string[]) =>
    `| ${widths.map((width, i) => (cells[i] ?? '') + ' '.repeat(width - displayWidth(cells[i] ?? ''))).join(' | ')} |`;
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** The arguments of `callee(a, b(c, d), "e, f")`, split at its top-level commas. */
function callArguments(call: string): { callee: string; args: string[] } | null {
  const open = call.indexOf('(');
  if (open < 0 || !call.endsWith(')')) return null;
  const args: string[] = [];
  let depth = 0;
  let quote = '';
  let start = open + 1;
  for (let i = start; i < call.length - 1; i++) {
    const char = call[i]!;
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) quote = '';
    } else if (char === '"' || char === "'") quote = char;
    else if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char)) depth--;
    else if (char === ',' && depth === 0) {
      args.push(call.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = call.slice(start, -1).trim();
  if (last) args.push(last);
  return { callee: call.slice(0, open), args };
}

/**
 * A statement ending in a call, `prefix` + `callee(args)`, the way ruff prints it: on one
 * line when it fits, else the arguments on one indented line, else one per line with a
 * trailing comma.
 */
export function pyCall(prefix: string, call: string): string {
  const line = prefix + call;
  const parsed = callArguments(call);
  if (line.length <= ruffSettings.lineLength || !parsed || parsed.args.length === 0) return line;
  const indent = /^\s*/.exec(prefix)![0];
  const inner = `${indent}    ${parsed.args.join(', ')}`;
  if (inner.length <= ruffSettings.lineLength) return `${prefix}${parsed.callee}(\n${inner}\n${indent})`;
  return `${prefix}${parsed.callee}(\n${parsed.args.map((arg) => `${indent}    ${arg},\n`).join('')}${indent})`;
}

/**
 * What templates reach by name: the formatting helpers, the escaping ones (lib/render/escape.ts),
 * answerItems (the values of a comma-separated answer, as lib/plugins/questions.ts validates them)
 * and graphqlName (a field's name in the GraphQL API, the one rule lib/model/reserved-fields.ts checks).
 */
export const templateHelpers = { pyList, pyImport, sortFromImports, mdTable, pyCall, answerItems, graphqlName, ...escapeHelpers };
