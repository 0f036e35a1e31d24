/**
 * The gunicorns a project's plugin tests talk to (`extra` tests of describeRealStack): one
 * per settings module (production, api, web, admin), started the first time a test asks
 * for it and stopped after the project's describe, instead of one per test. Each runs on
 * the project's production variables plus the overrides the file gives once (mail printed,
 * the providers' client IDs, a webhook secret), so every test of the file sees the same
 * deployment. `prepared()`: the production database migrated and the static files the
 * pages' {% static %} reads collected, once per project (RealProject.productionPrepared).
 */
import { type Gunicorn, startGunicorn } from '../support/python.js';
import type { RealProject } from '../support/real-stack.js';

export interface ServedProject {
  project: () => RealProject;
  /** The production database migrated and the static files collected (once per project). */
  prepared(): Promise<void>;
  /** gunicorn (one worker) on production variables with this settings module, started once. */
  server(settings: string): Promise<Gunicorn>;
  /** The variables the servers run with, for this settings module. */
  env(settings: string): Record<string, string | undefined>;
}

/** Declares the shared servers inside a describe (its afterAll stops them). */
export function servedProject(project: () => RealProject, overrides: Record<string, string> = {}): ServedProject {
  const servers = new Map<string, Promise<Gunicorn>>();
  const env = (settings: string) => project().production({ DJANGO_SETTINGS_MODULE: settings, ...overrides });

  afterAll(async () => {
    await Promise.allSettled([...servers.values()].map(async (pending) => (await pending).stop()));
  });

  // The project's own gunicorn checks migrated and collected already (RealProject).
  const prepared = (): Promise<void> => project().productionPrepared();

  const server = (settings: string): Promise<Gunicorn> => {
    let pending = servers.get(settings);
    if (!pending) {
      pending = prepared().then(() =>
        startGunicorn(project().dir, { env: env(settings), workers: 1, startTimeoutMs: 120_000 }),
      );
      servers.set(settings, pending);
    }
    return pending;
  };

  return { project, prepared, server, env };
}
