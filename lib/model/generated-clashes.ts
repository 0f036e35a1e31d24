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
  const [head, list] = statement.replace(/#.*/g, ' ').replace(/[()\\]/g, ' ').split(/\bimport\b/) as [string, string];
  const module = head.trim().split(/\s+/)[1];
  return list
    .split(',')
    .map((item) => item.trim().split(/\s+/))
    .filter(([path]) => path && path !== '*')
    .map(([path, , alias]) => {
      if (module) return { name: alias ?? path!, to: `${module}.${path}` };
      return alias ? { name: alias, to: path! } : { name: path!.split('.')[0]!, to: path!.split('.')[0]! };
    });
}

/** What a block's segments bind, in order: classes, functions and imported names. */
function bindings(segments: readonly Segment[]): Binding[] {
  return segments.flatMap((segment, index): Binding[] => {
    if (segment.kind === 'import') return importBindings(segment.lines.join(''));
    const text = segment.lines.join('');
    if (segment.kind === 'class' || (segment.kind === 'def' && !redefiningDecorator.test(text))) return [{ name: segment.key.split(' ')[1]!, to: `#${index}` }];
    // Stryker disable next-line ArrayDeclaration: a placeholder of no name binds nothing twice
    return [];
  });
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
    found.push(...twice(bindings(segment.body.members)).map((member) => `${segment.key.split(' ')[1]}.${member}`));
  }
  return found;
}

/** Refuses a render in which a Python module the render changes defines a name twice that it did not before. */
export async function refuseGeneratedClashes(theirs: FileTree, base: FileTree | null): Promise<void> {
  for (const [path, content] of theirs) {
    const before = base?.get(path);
    if (!path.endsWith('.py') || typeof content !== 'string') continue;
    // Stryker disable next-line ConditionalExpression: a module as it was has the clashes it had (reading it again finds none new)
    if (content === before) continue;
    // Stryker disable next-line ArrayDeclaration: a placeholder is no name a module defines
    const known = new Set(typeof before === 'string' ? await definedTwice(before) : []);
    const added = (await definedTwice(content)).filter((name) => !known.has(name));
    if (added.length) {
      throw new UserError(
        `${path} would define ${quoted(added[0]!)} twice: a model is named like something generated for another model (or imported there); choose another model name`,
      );
    }
  }
}
