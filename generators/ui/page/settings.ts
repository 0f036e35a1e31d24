/**
 * The page's Settings section: `djangoflow settings` as tables, one per environment (local,
 * staging, production): each setting's kind (environment, secret, code), its owner, whether
 * the environment requires it and whether it is set. Names and presence only, never a value.
 */
import type { SettingsEnvironment } from '../api-types.js';
import { el } from './dom.js';

export function drawSettings(root: HTMLElement, environments: SettingsEnvironment[]): void {
  if (!environments.length) {
    root.replaceChildren(el('p', { class: 'note' }, 'Generate the project first: its settings follow its answers and plugins.'));
    return;
  }
  root.replaceChildren(
    el('p', { class: 'note' }, 'Values are never shown. Secrets go to .env only: an integration\'s keys are asked under its plugin in the Project section (or by djangoflow plugin NAME in a terminal).'),
    ...environments.map((env) => {
      const heading = `${env.environment}${env.source ? ` (values read from ${env.source})` : ' (no values read here)'}`;
      const missing = env.missing.length ? el('p', { class: 'error', 'data-missing': env.environment }, `Missing: ${env.missing.join(', ')}`) : el('p', { class: 'note' }, env.source ? 'Nothing required is missing.' : '');
      const rows = env.rows.map((row) =>
        el('tr', { 'data-setting': row.name, 'data-presence': row.presence }, el('th', { scope: 'row' }, el('code', {}, row.name)), el('td', {}, row.kind), el('td', {}, row.owner), el('td', {}, row.required ? 'required' : 'optional'), el('td', {}, row.presence)),
      );
      const table = el('table', { class: 'settings', 'data-environment': env.environment },
        el('caption', {}, heading),
        el('thead', {}, el('tr', {}, ...['Setting', 'Kind', 'Owner', 'Here', 'Value'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, ...rows));
      return el('div', { class: 'table-wrap', role: 'region', 'aria-label': `settings in ${env.environment}`, tabindex: '0' }, table, missing);
    }),
  );
}
