/**
 * Signed-in users for a running project's HTTP tests: users created and given a session in
 * one `manage.py shell` process, their session cookies returned.
 */
import { expectSuccess } from './e2e.js';
import { type RunResult } from './process.js';
import { manage } from './python.js';
import type { RealProject } from './real-stack.js';

/**
 * Python for `manage.py shell -c`: creates the users (username → staff) and signs each in,
 * printing `{username: "cookie=key"}` as JSON.
 */
export const signedInUsersScript = (users: Record<string, boolean>): string => `
import json
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model

cookies = {}
for username, staff in json.loads(${JSON.stringify(JSON.stringify(users))}).items():
    user = get_user_model().objects.create_user(
        username, email=f"{username}@example.com", password="e2e-Pass-123456", is_staff=staff
    )
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    cookies[username] = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
print(json.dumps(cookies))
`;

/** The `{username: cookie}` a run of signedInUsersScript printed (its last line). */
export function signedInCookiesOf(label: string, created: RunResult): Record<string, string> {
  expectSuccess(label, created);
  return JSON.parse(created.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, string>;
}

/** New users (username → staff) signed in on the project's production database, in one process: their session cookies, `name=key`. */
export async function signedInCookies(project: RealProject, users: Record<string, boolean>): Promise<Record<string, string>> {
  const created = await manage(project.dir, ['shell', '-c', signedInUsersScript(users)], project.production());
  return signedInCookiesOf(`create the signed-in users ${Object.keys(users).join(', ')}`, created);
}

/** A new user (staff or not) signed in on the project's production database: its session cookie, `name=key`. */
export async function signedInCookie(project: RealProject, username: string, staff = false): Promise<string> {
  return (await signedInCookies(project, { [username]: staff }))[username]!;
}

