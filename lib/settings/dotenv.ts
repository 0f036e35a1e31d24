/**
 * Reading and updating a .env file as django-environ reads it: `NAME=value` lines, comments
 * and blank lines kept, `export ` allowed, quoted values unquoted. An update replaces the
 * line of each name in place (or appends it), so the user's other lines stay as written.
 */
import { envValue } from '../render/escape.js';

const line = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;

function unquote(raw: string): string {
  const value = raw.trim();
  if (value.startsWith("'") && value.endsWith("'") && value.length >= 2) return value.slice(1, -1);
  if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) return value.slice(1, -1).replace(/\\([\\"$`])/g, '$1');
  return value.replace(/\s+#.*$/, '');
}

/** The values of a .env text by name (the last line of a name wins, as in django-environ). */
export function parseDotenv(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*#/.test(raw)) continue;
    const match = line.exec(raw);
    if (match) values.set(match[1]!, unquote(match[2]!));
  }
  return values;
}

/** `text` with each name set to its value: its line replaced where there is one, else appended. */
export function withDotenvValues(text: string, values: ReadonlyMap<string, string>): string {
  const pending = new Map(values);
  const lines = text.split('\n');
  const out = lines.map((raw) => {
    const match = /^\s*#/.test(raw) ? null : line.exec(raw);
    const name = match?.[1];
    if (!name || !values.has(name)) return raw;
    pending.delete(name);
    return `${name}=${envValue(values.get(name)!)}`;
  });
  if (out.length && out[out.length - 1] === '') out.pop();
  for (const [name, value] of pending) out.push(`${name}=${envValue(value)}`);
  return `${out.join('\n')}\n`;
}
