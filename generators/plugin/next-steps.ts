/**
 * What to do after adding a plugin, from its manifest's `next` lines (the URLs a provider's
 * console needs, the commands to run), with `{domain}` filled in; and the settings still
 * missing locally, by name (`djangoflow settings` lists them).
 */
import type { Catalog } from '../../lib/plugins.js';
import type { ProjectState } from '../../lib/state.js';
import { newlyActive } from './toggle.js';

export function nextSteps(catalog: Catalog, previous: ProjectState, next: ProjectState): string[] {
  const lines = newlyActive(catalog, previous, next).flatMap((plugin) => plugin.next ?? []);
  if (!lines.length) return [];
  return ['Next:', ...lines.map((line) => `  ${line.replace(/\{domain\}/g, String(next.answers.domain))}`)];
}
