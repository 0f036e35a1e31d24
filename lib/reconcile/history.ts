/**
 * A base that follows git. Every pristine commit names, in trailers, the user's HEAD it was
 * rendered on and a fingerprint of the record (`.yo-rc.json`) written with it. The base of
 * the next run is a render whose record is the one on disk (the newest whose HEAD is in
 * the user's history first): after `git reset --hard`, `checkout`, `stash` or `clean`
 * undoing a run, or on another branch, that is the render the files on disk came from.
 */
import { createHash } from 'node:crypto';
import { gitFailure, runGit } from './git.js';
import type { FileContent } from './types.js';

/** The record a render is written with; its content tells which render the project is at. */
export const RECORD_FILE = '.yo-rc.json';

const HEAD_TRAILER = 'Djangoflow-Head';
const RECORD_TRAILER = 'Djangoflow-Record';

/** A short hash of a record's content (line endings and trailing space do not count). */
export function recordFingerprint(content: FileContent | undefined): string {
  if (content === undefined) return 'none';
  const text = (typeof content === 'string' ? content : content.toString('utf8')).replace(/\r\n/g, '\n').trim();
  return createHash('sha1').update(text).digest('hex').slice(0, 16);
}

export async function userHead(root: string): Promise<string | null> {
  const result = await runGit(['rev-parse', '-q', '--verify', 'HEAD^{commit}'], { cwd: root });
  return result.code === 0 ? result.stdout.toString('utf8').trim() : null;
}

/** The trailers appended to a pristine commit's message. */
export function renderTrailers(head: string | null, record: string): string {
  return `\n\n${HEAD_TRAILER}: ${head ?? 'none'}\n${RECORD_TRAILER}: ${record}\n`;
}

export interface RenderEntry {
  oid: string;
  head?: string;
  record?: string;
}

function trailer(body: string, name: string): string | undefined {
  return body.match(new RegExp(`^${name}: (\\S+)$`, 'm'))?.[1];
}

/** The renders under `ref`, newest first; empty when the ref does not exist. */
export async function renderHistory(root: string, ref: string): Promise<RenderEntry[]> {
  const args = ['log', '--format=%H%x1f%B%x1e', `${ref}^{commit}`, '--'];
  const result = await runGit(args, { cwd: root });
  if (result.code !== 0) {
    // A missing ref is no base yet; anything else (a repository git refuses) is an error.
    if (/unknown revision|bad revision|not a valid object|ambiguous argument/i.test(result.stderr)) return [];
    throw gitFailure(args, result);
  }
  return result.stdout
    .toString('utf8')
    .split('\x1e')
    .map((chunk) => chunk.trim())
    .filter(Boolean)
    .map((chunk) => {
      const [oid, body] = chunk.split('\x1f') as [string, string]; // the format puts the separator in every entry
      return { oid, head: trailer(body, HEAD_TRAILER), record: trailer(body, RECORD_TRAILER) };
    });
}

async function isAncestor(root: string, commit: string, of: string): Promise<boolean> {
  if (commit === of) return true;
  const result = await runGit(['merge-base', '--is-ancestor', commit, of], { cwd: root });
  return result.code === 0;
}

/**
 * The render written with record `record` (a fingerprint): the newest one whose HEAD the
 * user's HEAD contains, else the newest one at all (a rebased branch, another branch's
 * files). Renders stored before trailers existed match anything. Null when no render was
 * written with that record: the record was edited by hand, or came from elsewhere.
 */
export async function findBaseCommit(root: string, ref: string, record: string): Promise<string | null> {
  const history = await renderHistory(root, ref);
  const head = await userHead(root);
  let sameRecord: string | null = null;
  for (const entry of history) {
    if (entry.record === undefined) return sameRecord ?? entry.oid;
    if (entry.record !== record) continue;
    sameRecord ??= entry.oid;
    if (entry.head === undefined || entry.head === 'none') return entry.oid;
    if (head && (await isAncestor(root, entry.head, head))) return entry.oid;
  }
  return sameRecord;
}
