/**
 * The project's .env with a fresh DJANGO_SECRET_KEY: created once, when absent, and never
 * part of the pristine render, so the secret is neither merged nor stored in git's objects.
 * An integration wizard's values go the same way: into .env (created or updated name by
 * name, 0600), never into the render, the record or the base.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApplyOptions, FileTree } from '../reconcile/types.js';
import { withDotenvValues } from './dotenv.js';

const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_';
const envPath = '.env';

export function secretFiles(): FileTree {
  const key = [...randomBytes(64)].map((byte) => alphabet[byte % alphabet.length]).join('');
  const env = [
    '# Local settings and secrets: never commit this file (it is in .gitignore).',
    '# Every variable is documented in .env.example.',
    `DJANGO_SECRET_KEY=${key}`,
    '',
  ].join('\n');
  return new Map([[envPath, env]]);
}

/** What a reconcile writes of .env: created when absent; with `values`, those names set in it too. */
export function envWrites(projectDir: string, values: ReadonlyMap<string, string> = new Map()): Pick<ApplyOptions, 'createOnly' | 'secrets'> {
  if (!values.size) return { createOnly: secretFiles() };
  let current: string;
  try {
    current = readFileSync(join(projectDir, envPath), 'utf8');
  } catch {
    current = secretFiles().get(envPath) as string;
  }
  return { secrets: new Map([[envPath, withDotenvValues(current, values)]]) };
}
