/**
 * What keeps the local server the user's alone: a random token every request must carry
 * (compared in constant time), the Host a browser on this machine sends (against DNS
 * rebinding), the page's own Origin on every state-changing request (against other sites
 * posting to it), and file paths that can only name a file of the project or the render.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const tokenHeader = 'x-djangoflow-token';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Hashing first gives equal lengths, so the comparison takes the same time whatever was sent. */
export function sameToken(sent: string | undefined, token: string): boolean {
  if (typeof sent !== 'string') return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(sent), digest(token));
}

/** The token of a request: the header the page's script sends, or `?token=` of the URL the user opened. */
export function sentToken(request: IncomingMessage, url: URL): string | undefined {
  const header = request.headers[tokenHeader];
  if (typeof header === 'string') return header;
  return url.searchParams.get('token') ?? undefined;
}

/** The origins the page itself is served from: loopback by address or by name, on our port. */
export function ownOrigins(port: number): Set<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
}

/** Host as a browser on this machine sends it; a rebinding site's name is refused. */
export function hostAllowed(request: IncomingMessage, port: number): boolean {
  return ownOrigins(port).has(`http://${request.headers.host ?? ''}`);
}

/** A state-changing request must come from the page: its Origin (browsers always send one on POST) and JSON. */
export function originAllowed(request: IncomingMessage, port: number): boolean {
  const origin = request.headers.origin;
  return typeof origin === 'string' && ownOrigins(port).has(origin);
}

/**
 * A project-relative path as the render and the plan name files: posix, relative, no `.` or
 * `..` segment, no backslash or NUL. Anything else is refused before any lookup.
 */
export function safeRelativePath(path: unknown): path is string {
  if (typeof path !== 'string' || path === '' || path.length > 1024) return false;
  if (path.startsWith('/') || /[\\\0]/.test(path) || /^[A-Za-z]:/.test(path)) return false;
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}
