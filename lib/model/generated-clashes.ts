/**
 * The last guard on model names: a rendered Python module must not define one name twice
 * (a model named like a class generated for another model, `PostIn` beside `Post`'s Ninja
 * schema; `Posts` beside `Post`, whose GraphQL query fields are `posts` and `post`). The
 * second definition silently replaces the first, so the project would import, or serve an
 * API, wrong. names.ts refuses the clashes known in advance with a message naming the model;
 * this catches any it misses, in whatever a template or plugin generates, before anything is
 * written. Only new clashes count: a module the render leaves as it was is not read.
 */
import { UserError } from '../input/errors.js';
import { type Segment, pythonSegments } from '../merge/python-parse.js';
import type { FileTree } from '../reconcile/types.js';
import { quoted } from '../input/text.js';

/** Decorators under which a second definition of a name is meant (a property's setter, typing overloads). */
const redefiningDecorator = /^\s*@(\w+\.(setter|deleter)|(typing\.)?overload)\b/m;

/** A name a statement binds, and what to: the same import twice (`import django.a`, `import django.b`) is no clash. */
interface Binding {
  name: string;
  to: string;
}

/** What an import statement binds: `from a import b as c, d` → c (a.b), d (a.d); `import a.b` → a (a). */
export function importBindings(statement: string): Binding[] {
  const code = statement
    .split('\n')
    .map((line) => line.replace(/#.*$/, ''))
    .join(' ')
    .replace(/[()\\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const from = /^from (\S+) import (.+)$/.exec(code);
  const list = from ? from[2]! : /^import (.+)$/.exec(code)?.[1];
  if (!list) return [];
  return list
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item && item !== '*')
    .map((item) => {
      const [path, alias] = item.split(' as ').map((part) => part.trim()) as [string, string | undefined];
      if (from) return { name: alias ?? path, to: `${from[1]}.${path}` };
      return alias ? { name: alias, to: path } : { name: path.split('.')[0]!, to: path.split('.')[0]! };
    });
}

/** What a block's segments bind, in order: classes, functions and imported names. */
function bindings(segments: readonly Segment[]): Binding[] {
  const found: Binding[] = [];
  segments.forEach((segment, index) => {
    const [, name] = /^(?:class|def) (\w+)/.exec(segment.key) ?? [];
    if (segment.kind === 'import') found.push(...importBindings(segment.lines.join('\n')));
    else if (name && !(segment.kind === 'def' && redefiningDecorator.test(segment.lines.join('\n')))) found.push({ name, to: `#${index}` });
  });
  return found;
}

/** The names bound twice to different things. */
function twice(found: readonly Binding[]): string[] {
  const first = new Map<string, string>();
  const clashes = new Set<string>();
  for (const { name, to } of found) {
    if (!first.has(name)) first.set(name, to);
    else if (first.get(name) !== to) clashes.add(name);
  }
  return [...clashes];
}

/** The names a module defines twice: `PostIn` at module level, `Query.posts` in a class body. Empty when it does not parse. */
export async function definedTwice(text: string): Promise<string[]> {
  const segments = await pythonSegments(text);
  if (!segments) return [];
  const found = twice(bindings(segments));
  for (const segment of segments) {
    if (!segment.body) continue;
    const owner = segment.key.replace(/^class /, '').replace(/ #\d+$/, '');
    found.push(...twice(bindings(segment.body.members)).map((member) => `${owner}.${member}`));
  }
  return found;
}

/** Refuses a render in which a Python module the render changes defines a name twice that it did not before. */
export async function refuseGeneratedClashes(theirs: FileTree, base: FileTree | null): Promise<void> {
  for (const [path, content] of theirs) {
    const before = base?.get(path);
    if (!path.endsWith('.py') || typeof content !== 'string' || content === before) continue;
    const known = new Set(typeof before === 'string' ? await definedTwice(before) : []);
    const added = (await definedTwice(content)).filter((name) => !known.has(name));
    if (added.length) {
      throw new UserError(
        `${path} would define ${quoted(added[0]!)} twice: a model is named like something generated for another model (or imported there); choose another model name`,
      );
    }
  }
}
