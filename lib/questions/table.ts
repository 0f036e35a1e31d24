/**
 * The question table: one entry per question drives the prompt, the CLI option
 * (`--kebab-case-name`), validation, the default, `--help` and the README's option list.
 */
import { djangoLanguages } from '../data/django-languages.js';
import { kebab, projectSlugProblem, slugify } from '../input/naming.js';
import { freeTextProblem, quoted } from '../input/text.js';
import { type Choice, type Question, choice } from './question.js';


const emailPattern = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
const domainPattern = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const languagePattern = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/;

const shipped = new Set(djangoLanguages);

/**
 * A language Django ships, as Django's get_supported_language_variant finds it: the code
 * itself, its generic language (en-us → en), or a variant of that (zh-cn → zh-hans).
 */
function languageProblem(value: string): string | null {
  if (!languagePattern.test(value)) return `language code ${quoted(value)} is not a lowercase language tag like en-us`;
  const generic = value.split('-')[0]!;
  if (shipped.has(value) || shipped.has(generic) || djangoLanguages.some((code) => code.startsWith(`${generic}-`))) return null;
  return `language code ${quoted(value)} is not a language Django ships (e.g. en, en-gb, de, fr, pt-br, zh-hans)`;
}

function timezoneProblem(value: string): string | null {
  const known = value === 'UTC' || Intl.supportedValuesOf('timeZone').includes(value);
  return known ? null : `timezone ${quoted(value)} is not an IANA time zone (e.g. UTC, Europe/Berlin)`;
}

export const anymailProviders: readonly Choice[] = [
  choice('amazon-ses', 'Amazon SES (anymail)'),
  choice('brevo', 'Brevo (anymail)'),
  choice('mailgun', 'Mailgun (anymail)'),
  choice('mailjet', 'Mailjet (anymail)'),
  choice('postmark', 'Postmark (anymail)'),
  choice('resend', 'Resend (anymail)'),
  choice('sendgrid', 'SendGrid (anymail)'),
];

/** Where the page shows a question of the table (the Project section's four groups). */
export const questionGroups = ['identity', 'stack', 'services', 'delivery'] as const;
export type QuestionGroup = (typeof questionGroups)[number];

/** A question of the table: it must say which group it belongs to. */
export interface MainQuestion extends Question {
  group: QuestionGroup;
}

export const questions: readonly MainQuestion[] = [
  {
    name: 'projectName',
    group: 'identity',
    type: 'input',
    message: 'Project name (display name)',
    description: 'Human-readable project name, e.g. "Acme Shop"',
    default: 'My Project',
    validate: (value) => freeTextProblem(value, 'project name', 80),
  },
  {
    name: 'projectSlug',
    group: 'identity',
    type: 'input',
    message: 'Project slug (python identifier)',
    description: 'Lowercase python identifier used for the package, database and image names',
    default: (answers) => slugify(String(answers.projectName)),
    validate: (value) => projectSlugProblem(value),
  },
  {
    name: 'description',
    group: 'identity',
    type: 'input',
    message: 'Short description',
    description: 'One-line description for the README and pyproject.toml',
    default: (answers) => `${answers.projectName}, a Django project in the DjangoFlow layout`,
    validate: (value) => freeTextProblem(value, 'description', 200),
  },
  {
    name: 'authorName',
    group: 'identity',
    type: 'input',
    message: 'Author name',
    description: 'Author or team name for pyproject.toml and the license',
    default: (answers) => `${answers.projectName} developers`,
    validate: (value) => freeTextProblem(value, 'author name', 100),
  },
  {
    name: 'domain',
    group: 'identity',
    type: 'input',
    message: 'Production domain',
    description: 'Domain the production site is served on (ALLOWED_HOSTS, CSRF origins, ingress)',
    default: (answers) => `${kebab(String(answers.projectSlug))}.example.com`,
    validate: (value) =>
      domainPattern.test(value) ? null : `domain ${quoted(value)} is not a lowercase domain name like example.com`,
  },
  {
    name: 'authorEmail',
    group: 'identity',
    type: 'input',
    message: 'Author email',
    description: 'Contact email; also the default sender and admin address',
    default: (answers) => `dev@${answers.domain}`,
    validate: (value) => (emailPattern.test(value) ? null : `author email ${quoted(value)} is not a valid email address`),
  },
  {
    name: 'pythonVersion',
    group: 'identity',
    type: 'list',
    message: 'Python version of the images',
    description: 'Python version for the Docker images and CI',
    // 3.14 is not offered until a machine of this project can install and run a project on
    // it (pyenv here has 3.12 and 3.13): a version no test runs is a promise nobody checked.
    choices: [choice('3.12'), choice('3.13')],
    default: '3.13',
  },
  {
    name: 'database',
    group: 'stack',
    type: 'list',
    message: 'Database',
    description: 'Production database engine (SQLite is always the zero-services fallback)',
    choices: [choice('postgresql', 'PostgreSQL'), choice('mysql', 'MySQL'), choice('sqlite', 'SQLite')],
    default: 'postgresql',
  },
  {
    name: 'api',
    group: 'stack',
    type: 'input',
    message: 'API styles (comma-separated: drf, ninja, graphql, or none)',
    description:
      'API styles, one or several comma-separated: drf (Django REST framework, OpenAPI at api/v1/), ninja (Django Ninja, typed and async-friendly, at api/ninja/), graphql (Strawberry GraphQL at api/graphql/), or none',
    items: [choice('drf', 'Django REST framework'), choice('ninja', 'Django Ninja'), choice('graphql', 'GraphQL (Strawberry)')],
    default: 'drf',
  },
  {
    name: 'asgi',
    group: 'stack',
    type: 'confirm',
    message: 'Serve with an ASGI worker (uvicorn under gunicorn)?',
    description: 'Run gunicorn with uvicorn workers instead of sync WSGI workers',
    default: false,
  },
  {
    name: 'celery',
    group: 'services',
    type: 'confirm',
    message: 'Use Celery (worker and beat, Redis broker)?',
    description: 'Background tasks with Celery, django-celery-beat and a Redis broker',
    default: false,
  },
  {
    name: 'cache',
    group: 'stack',
    type: 'list',
    message: 'Cache backend in production',
    description: 'Production cache: Redis (django-redis) or per-process memory',
    choices: [choice('redis', 'Redis'), choice('locmem', 'Local memory')],
    default: 'redis',
  },
  {
    name: 'email',
    group: 'services',
    type: 'list',
    message: 'Email backend in production',
    description: 'Production email: console, SMTP (EMAIL_URL) or an anymail provider',
    choices: [choice('console', 'Console (no real email)'), choice('smtp', 'SMTP'), ...anymailProviders],
    default: 'smtp',
  },
  {
    name: 'storage',
    group: 'services',
    type: 'list',
    message: 'Media and static storage in production',
    description: 'Where media files live: local disk (static via whitenoise) or a cloud bucket',
    choices: [
      choice('local', 'Local disk + whitenoise'),
      choice('s3', 'Amazon S3'),
      choice('gcs', 'Google Cloud Storage'),
      choice('azure', 'Azure Storage'),
    ],
    default: 'local',
  },
  {
    name: 'sentry',
    group: 'services',
    type: 'confirm',
    message: 'Report errors to Sentry?',
    description: 'Sentry error reporting (SENTRY_DSN)',
    default: true,
  },
  {
    name: 'ci',
    group: 'delivery',
    type: 'list',
    message: 'Continuous integration',
    description: 'CI configuration: GitHub Actions, GitLab CI or none',
    choices: [choice('github', 'GitHub Actions'), choice('gitlab', 'GitLab CI'), choice('none', 'None')],
    default: 'github',
  },
  {
    name: 'preCommit',
    group: 'delivery',
    type: 'confirm',
    message: 'Add pre-commit hooks?',
    description: 'pre-commit with ruff, django-upgrade, djlint and standard hooks',
    default: true,
  },
  {
    name: 'editor',
    group: 'delivery',
    type: 'list',
    message: 'Editor settings to generate',
    description:
      'Shared editor settings: .idea/ (PyCharm/IntelliJ: interpreter, source roots, Django support, run configurations, ruff) and/or .vscode/ (interpreter, paths, ruff, launch configurations), or none',
    choices: [choice('none', 'None'), choice('pycharm', 'PyCharm / IntelliJ (.idea/)'), choice('vscode', 'VS Code (.vscode/)'), choice('both', 'Both')],
    // None: a team's editors differ, and folders nobody asked for are noise in the repository
    // (.gitignore keeps ignoring both folders then); an existing project stays as it was.
    default: 'none',
  },
  {
    name: 'docker',
    group: 'delivery',
    type: 'confirm',
    message: 'Add Dockerfiles and a compose file?',
    description: 'Base and project Dockerfiles and a docker-compose file for local development',
    default: true,
  },
  {
    name: 'deploy',
    group: 'delivery',
    type: 'list',
    message: 'Deployment manifests',
    description: 'Kubernetes manifests (kustomize base + staging/production overlays) for the images, or none',
    choices: [choice('kubernetes', 'Kubernetes (kustomize)'), choice('none', 'None')],
    // SQLite is one file in one pod: the manifests run several replicas, a read-only root
    // and a migrate Job of its own, so a SQLite project gets none by default, and refuses them.
    default: (answers) => (answers.database === 'sqlite' ? 'none' : 'kubernetes'),
    validate: (value, answers) =>
      value === 'kubernetes' && answers.database === 'sqlite'
        ? '--deploy kubernetes needs a database server (SQLite is a file in one pod); pass --database postgresql or mysql, or --deploy none'
        : null,
  },
  {
    name: 'cloud',
    group: 'delivery',
    type: 'list',
    message: 'Cloud the Terraform stacks create the environments in',
    description: 'Terraform stacks (staging, production) for the cluster, database, cache, bucket, registry and secrets the manifests run on, or none',
    choices: [choice('gcp', 'Google Cloud'), choice('aws', 'Amazon Web Services'), choice('azure', 'Microsoft Azure'), choice('none', 'None')],
    default: 'none',
    // The stacks create what deploy/kubernetes runs on, and the deploy workflow builds the
    // images. Checked against what is known: a command-line value is checked before the
    // other answers take their defaults (and SQLite means no manifests).
    validate: (value, answers) =>
      value !== 'none' && (answers.database === 'sqlite' || (answers.deploy ?? 'kubernetes') !== 'kubernetes' || answers.docker === false)
        ? `--cloud ${value} needs --deploy kubernetes and --docker (the stacks run its manifests and images); pass them, or --cloud none`
        : null,
  },
  {
    name: 'license',
    group: 'identity',
    type: 'list',
    message: 'License',
    description: 'License of the generated project',
    choices: [choice('MIT'), choice('BSD-3-Clause'), choice('Apache-2.0'), choice('proprietary', 'Proprietary (no LICENSE file)')],
    default: 'MIT',
  },
  {
    name: 'timezone',
    group: 'identity',
    type: 'input',
    message: 'Time zone',
    description: 'TIME_ZONE setting (IANA name)',
    default: 'UTC',
    validate: timezoneProblem,
  },
  {
    name: 'languageCode',
    group: 'identity',
    type: 'input',
    message: 'Language code',
    description: 'LANGUAGE_CODE setting, e.g. en-us',
    default: 'en-us',
    validate: languageProblem,
  },
];

/** The main table's question named `name`. */
export function findQuestion(name: string): Question | undefined {
  return questions.find((question) => question.name === name);
}
