import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ejs from 'ejs';
import { packageRoot } from './paths.js';
import { yamlTextKey } from './yaml-data.js';

/**
 * EJS templates compiled at build time. Compiling (parsing the template, then `new
 * Function`) is most of what rendering costs a cold process; `npm run build` stores each
 * template's compiled function by a hash of its text (scripts/template-cache.mjs), so an
 * edited or foreign template set (DJANGOFLOW_TEMPLATES) just misses the cache and compiles.
 */
export const templateCacheFile = join(packageRoot, 'dist', 'template-cache.json');

type TemplateFunction = (
  locals: object,
  escapeFn: (value: unknown) => string,
  include: (path: string, data?: object) => string,
) => string;

/** Options for compiled functions; rendering errors are reported by a second, plain ejs run. */
const compileOptions = { client: true, compileDebug: false } as const;

/** The source of a template's compiled function, as the cache stores it. */
export function compileTemplateSource(text: string): string {
  return ejs.compile(text, compileOptions).toString();
}

let cache: Record<string, string> | undefined;
let cacheEnabled = true;
const functions = new Map<string, TemplateFunction>();

/** Tests compare renders with and without the cache. */
export function useTemplateCache(enabled: boolean): void {
  cacheEnabled = enabled;
  functions.clear();
}

function loadCache(): Record<string, string> {
  try {
    return JSON.parse(readFileSync(templateCacheFile, 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

function compiled(text: string): TemplateFunction {
  const key = yamlTextKey(text);
  let fn = functions.get(key);
  if (!fn) {
    cache ??= cacheEnabled ? loadCache() : {};
    const source = (cacheEnabled && cache[key]) || compileTemplateSource(text);
    // Sloppy-mode function: EJS templates read their locals through `with`.
    fn = new Function(`return (${source})`)() as TemplateFunction;
    functions.set(key, fn);
  }
  return fn;
}

/** Renders a template file like `ejs.render(text, data, {filename})`, includes relative to it. */
export function renderTemplateFile(file: string, data: object, text = readFileSync(file, 'utf8')): string {
  const include = (path: string, includeData?: object) =>
    renderTemplateFile(ejs.resolveInclude(path, file, false), { ...data, ...includeData });
  try {
    return compiled(text)(data, ejs.escapeXML, include);
  } catch {
    // A template bug: plain ejs throws the same error, naming the file and line.
    return ejs.render(text, data, { filename: file, async: false });
  }
}
