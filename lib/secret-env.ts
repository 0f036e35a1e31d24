/**
 * The project's .env with a fresh DJANGO_SECRET_KEY: created once, when absent, and never
 * part of the pristine render, so the secret is neither merged nor stored in git's objects.
 */
import { randomBytes } from 'node:crypto';
import type { FileTree } from './reconcile/types.js';

const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_';

export function secretFiles(): FileTree {
  const key = [...randomBytes(64)].map((byte) => alphabet[byte % alphabet.length]).join('');
  const env = [
    '# Local settings and secrets: never commit this file (it is in .gitignore).',
    '# Every variable is documented in .env.example.',
    `DJANGO_SECRET_KEY=${key}`,
    '',
  ].join('\n');
  return new Map([['.env', env]]);
}
