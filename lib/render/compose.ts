/**
 * docker-compose.yml as data: the database, Redis and mail catcher services the answers and
 * plugins call for, the Django web service, and the plugins' services. A plugin service
 * without `image`/`build` is a Django process (celery worker, beat…) and gets the shared
 * Django service definition under its own keys, merging its `environment`.
 */
import { kebab } from '../input/naming.js';
import type { EnvVar } from '../plugins/manifest.js';
import type { Answers } from '../questions/question.js';

type Service = Record<string, unknown>;

export interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, object>;
}

export interface ComposeInputs {
  answers: Answers;
  slug: string;
  has: (plugin: string) => boolean;
  env: EnvVar[];
  pluginServices: Record<string, unknown>;
}

const healthcheck = (test: string[]) => ({ test, interval: '5s', timeout: '5s', retries: 10, start_period: '10s' });
const healthy = { condition: 'service_healthy' };

/** The database service of the answer, with the URL Django reaches it by; none for SQLite. */
function databaseService(database: unknown, slug: string) {
  if (database === 'postgresql') {
    return {
      name: 'postgres',
      service: {
        image: 'postgres:17',
        environment: { POSTGRES_DB: slug, POSTGRES_USER: slug, POSTGRES_PASSWORD: slug },
        volumes: ['postgres_data:/var/lib/postgresql/data'],
        healthcheck: healthcheck(['CMD', 'pg_isready', '--username', slug, '--dbname', slug]),
      },
      volume: 'postgres_data',
      url: `postgres://${slug}:${slug}@postgres:5432/${slug}`,
    };
  }
  if (database === 'mysql') {
    return {
      name: 'mysql',
      service: {
        image: 'mysql:8.4',
        // Local only: the tests create a test database, which needs the root account.
        environment: { MYSQL_DATABASE: slug, MYSQL_ROOT_PASSWORD: slug },
        volumes: ['mysql_data:/var/lib/mysql'],
        healthcheck: healthcheck(['CMD', 'mysqladmin', 'ping', '--host', '127.0.0.1', '--silent']),
      },
      volume: 'mysql_data',
      url: `mysql://root:${slug}@mysql:3306/${slug}`,
    };
  }
  return null;
}

export function composeFile({ answers, slug, has, env, pluginServices }: ComposeInputs): ComposeFile {
  const envNames = new Set(env.map((v) => v.name));
  const services: Record<string, Service> = {};
  const volumes: Record<string, object> = {};
  const djangoEnvironment: Record<string, string> = { DJANGO_SETTINGS_MODULE: 'config.settings.local' };
  const dependsOn: Record<string, object> = {};

  const database = databaseService(answers.database, slug);
  if (database) {
    services[database.name] = database.service;
    volumes[database.volume] = {};
    djangoEnvironment.DATABASE_URL = database.url;
    dependsOn[database.name] = healthy;
  }
  if (has('redis')) {
    services.redis = { image: 'redis:7-alpine', healthcheck: healthcheck(['CMD', 'redis-cli', 'ping']) };
    for (const name of ['REDIS_URL', 'CELERY_BROKER_URL']) {
      if (envNames.has(name)) djangoEnvironment[name] = 'redis://redis:6379/0';
    }
    dependsOn.redis = healthy;
  }
  // Mail catcher: every mail sent locally shows up at http://localhost:8025; its SMTP port is
  // open on the host too, for a runserver outside compose (EMAIL_URL=smtp://localhost:1025).
  services.mailpit = { image: 'axllent/mailpit:latest', ports: ['8025:8025', '1025:1025'], healthcheck: healthcheck(['CMD', '/mailpit', 'readyz']) };
  djangoEnvironment.EMAIL_URL = 'smtp://mailpit:1025';
  dependsOn.mailpit = healthy;

  // The base image with the local requirements tier; the sources are bind-mounted, so
  // code changes need no rebuild and the settings read the project's .env as on the host.
  const django = {
    build: { context: '.', dockerfile: 'base/Dockerfile', args: { REQUIREMENTS: 'local' } },
    image: `${kebab(slug)}-local`,
    volumes: ['.:/app:z'],
    working_dir: '/app/src',
    environment: djangoEnvironment,
    depends_on: dependsOn,
  };
  services.web = {
    ...django,
    command: ['bash', '-c', 'python manage.py migrate --noinput && exec python manage.py runserver 0.0.0.0:8000'],
    ports: ['8000:8000'],
    healthcheck: healthcheck(['CMD', 'python', '-c', "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz/', timeout=3)"]),
  };
  for (const [name, raw] of Object.entries(pluginServices)) {
    const service = raw as Service;
    const isDjango = !('image' in service) && !('build' in service);
    services[name] = isDjango
      ? { ...django, ...service, environment: { ...djangoEnvironment, ...((service.environment as object) ?? {}) } }
      : service;
  }
  // Through JSON: shared objects would otherwise come out as YAML anchors and aliases.
  const compose = JSON.parse(JSON.stringify({ services })) as ComposeFile;
  if (Object.keys(volumes).length) compose.volumes = volumes;
  return compose;
}
