/**
 * The page as shipped: dist/ui/ holds index.html, app.js and style.css, built by
 * scripts/bundle.mjs from generators/ui/page/ at the package's build (no build step for users).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../lib/input/errors.js';
import { packageRoot } from '../../lib/template-set/paths.js';

export interface Asset {
  type: string;
  body: string;
}

export interface PageAssets {
  /** The page with the token written into it, so its script can send it back. */
  page(token: string): string;
  byPath: Map<string, Asset>;
}

export function loadAssets(dir = join(packageRoot, 'dist/ui')): PageAssets {
  if (!existsSync(join(dir, 'app.js'))) throw new UserError(`the ui page is not built (${dir}); run npm run build`);
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  const html = read('index.html');
  return {
    // The token is base64url: no character of it needs escaping in an attribute.
    page: (token) => html.replaceAll('__TOKEN__', token),
    byPath: new Map([
      ['/app.js', { type: 'text/javascript; charset=utf-8', body: read('app.js') }],
      ['/style.css', { type: 'text/css; charset=utf-8', body: read('style.css') }],
    ]),
  };
}
