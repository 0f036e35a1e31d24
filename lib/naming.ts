/** Name rules and conversions: python identifiers, reserved module names, slugs, kebab and title case. */
import { pythonKeywords, pythonStdlibModules } from './data/python-names.js';

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
const shadowable = new Set([...pythonStdlibModules, ...reservedModules]);

/**
 * Why `name` cannot be a python package/module name of the project, or null when it can.
 * `what` names the thing in the message ("project slug", "app name").
 */
export function pythonNameProblem(name: string, what: string): string | null {
  if (name === '') return `${what} must not be empty`;
  if (!identifierPattern.test(name)) {
    return `${what} "${name}" must be a lowercase python identifier (a-z, 0-9, _; not starting with a digit)`;
  }
  if (keywords.has(name)) return `${what} "${name}" is a python keyword`;
  if (name.startsWith('df_')) return `${what} "${name}" would clash with DF module packages (df_*)`;
  if (shadowable.has(name)) {
    return `${what} "${name}" would shadow the python module "${name}" (stdlib, Django or a common dependency)`;
  }
  return null;
}

/** "Acme Shop!" → "acme_shop": the default slug for a display name. */
export function slugify(displayName: string): string {
  const slug = displayName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[0-9]/.test(slug) ? `project_${slug}` : slug;
}

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
