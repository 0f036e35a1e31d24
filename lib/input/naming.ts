/** Name rules and conversions: python identifiers, reserved module names, slugs, kebab and title case. */
import { installedModules } from '../data/installed-modules.js';
import { pythonKeywords, pythonStdlibModules } from '../data/python-names.js';

/**
 * Top-level modules a project name or app name must not shadow: Django itself, the
 * packages generated projects depend on, and the DF layout's own packages.
 */
export const reservedModules: readonly string[] = [
  // Django and the layout of a generated project
  'django', 'config', 'apps', 'src', 'base', 'docs', 'tools', 'static', 'templates', 'locale',
  'media', 'tests', 'test', 'users', 'core', 'admin', 'auth', 'contenttypes', 'sessions',
  'messages', 'staticfiles', 'sites', 'workflow',
  // common dependencies (import names)
  'anymail', 'celery', 'channels', 'corsheaders', 'daphne', 'debug_toolbar', 'django_celery_beat',
  'django_extensions', 'django_redis', 'drf_spectacular', 'environ', 'factory', 'flower',
  'gunicorn', 'health_check', 'kombu', 'psycopg', 'psycopg2', 'pytest', 'pytest_django', 'redis',
  'rest_framework', 'sentry_sdk', 'storages', 'uvicorn', 'whitenoise', 'requests', 'six',
  'setuptools', 'pip', 'yaml', 'jwt', 'PIL', 'reversion',
];

const identifierPattern = /^[a-z_][a-z0-9_]*$/;
const keywords = new Set(pythonKeywords);
const alwaysShadowable = new Set([...pythonStdlibModules, ...reservedModules]);
const shadowable = new Set([...alwaysShadowable, ...installedModules]);

/**
 * Why `name` cannot be a python package/module name of the project, or null when it can.
 * `what` names the thing in the message ("project slug", "app name"). A name already
 * `recorded` may shadow a distribution the list gained since (a project's `stripe` app from
 * before: it runs without the stripe plugin), never the stdlib, Django or the layout's own.
 */
export function pythonNameProblem(name: string, what: string, { recorded = false } = {}): string | null {
  if (name === '') return `${what} must not be empty`;
  if (!identifierPattern.test(name)) {
    return `${what} "${name}" must be a lowercase python identifier (a-z, 0-9, _; not starting with a digit)`;
  }
  if (keywords.has(name)) return `${what} "${name}" is a python keyword`;
  // `import __main__` gives the running script, `__init__`/`__pycache__` are the import system's own.
  if (name.startsWith('__')) return `${what} "${name}" cannot be imported as a package of its own (names starting with "__" are Python's)`;
  if (name.startsWith('df_')) return `${what} "${name}" would clash with DF module packages (df_*)`;
  if ((recorded ? alwaysShadowable : shadowable).has(name)) {
    return `${what} "${name}" would shadow the python module "${name}" (stdlib, Django or a distribution the project installs)`;
  }
  return null;
}

/**
 * The longest project slug: its kebab form names the Kubernetes namespaces
 * (`<kebab>-production`, a DNS label of at most 63 characters) and the database (PostgreSQL
 * keeps 63 bytes of a name, MySQL 64), with room to spare.
 */
export const maxSlugLength = 40;

/**
 * Why `slug` cannot be the project slug, or null. Beyond a python package name, it becomes
 * a Kubernetes name and label value, an image and a database name: so it starts with a
 * letter, ends with a letter or digit, has no `__` (no `--` in its kebab form) and is short.
 */
export function projectSlugProblem(slug: string): string | null {
  const problem = pythonNameProblem(slug, 'project slug');
  if (problem) return problem;
  if (!/^[a-z]/.test(slug)) return `project slug "${slug}" must start with a letter (it names Kubernetes objects and images)`;
  if (slug.endsWith('_')) return `project slug "${slug}" must end with a letter or digit (it names Kubernetes objects and images)`;
  if (slug.includes('__')) return `project slug "${slug}" must not contain "__" (its kebab form names Kubernetes objects)`;
  if (slug.length > maxSlugLength) {
    return `project slug "${slug}" is ${slug.length} characters; at most ${maxSlugLength} (it names Kubernetes namespaces and the database)`;
  }
  return null;
}

// Stryker disable next-line Regex: splitting at each such character leaves empty words, which filter(Boolean) drops
const wordBreaks = /[^a-z0-9]+/;

/** Latin letters that Unicode does not decompose into a base letter and a mark (ø is not o + a mark). */
const plainLatin: Record<string, string> = { ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h' };
const undecomposed = new RegExp(`[${Object.keys(plainLatin).join('')}]`, 'g');

/**
 * "Acme Shop!" → "acme_shop": the default slug for a display name, valid whatever the
 * name: ASCII words only, cut at a word boundary to the length limit, and a name without
 * a usable word (emoji, another script) or one that would shadow a module gets a fallback.
 */
export function slugify(displayName: string): string {
  const words = displayName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(undecomposed, (letter) => plainLatin[letter]!)
    .split(wordBreaks)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}_${word}` : word;
    if (next.length > maxSlugLength) break;
    slug = next;
  }
  if (!slug && words.length) slug = words[0]!.slice(0, maxSlugLength);
  // Stryker disable next-line Regex: the words are joined by single "_", so a cut ends in one at most
  const trimmed = (text: string, length: number) => text.slice(0, length).replace(/_+$/, '');
  if (/^[0-9]/.test(slug)) slug = trimmed(`project_${slug}`, maxSlugLength);
  if (!slug) return 'project';
  if (projectSlugProblem(slug) === null) return slug;
  // A reserved name gets a suffix (django → django_project); a df_ one a prefix, a suffix would keep df_.
  // Stryker disable next-line ArithmeticOperator: a reserved name other than df_* is a short module name, never cut
  return slug.startsWith('df_') ? trimmed(`project_${slug}`, maxSlugLength) : `${trimmed(slug, maxSlugLength - 8)}_project`;
}

/** An option's spelling of a camelCase name: `projectName` → `project-name`. */
export const kebabCase = (name: string): string => name.replace(/[A-Z]/g, (char) => `-${char.toLowerCase()}`);

/**
 * A field's name in a GraphQL API, as strawberry spells it (its to_camel_case): `first_name` →
 * `firstName`, `a_1` → `a1` (the same as the field `a1`: reserved-fields.ts refuses the pair).
 */
export const graphqlName = (name: string): string => {
  const [first, ...rest] = name.split('_');
  return first + rest.map((word) => (word ? word[0]!.toUpperCase() + word.slice(1) : '_')).join('');
};

/** "acme_shop" → "acme-shop": for domains, image and compose names. */
export function kebab(slug: string): string {
  return slug.replace(/_/g, '-');
}

/** "blog_posts" → "Blog Posts". */
export function titleCase(slug: string): string {
  return slug
    .split('_')
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(' ');
}
