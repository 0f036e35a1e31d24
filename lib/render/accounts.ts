/**
 * What templates see of accounts, from the core's data and the active plugins' manifests:
 * which pages serve web sign-in (the project's own, or a plugin's such as allauth: one
 * place decides, and LOGIN_URL, the accounts/ URLconf and the base template follow it), the
 * authentication backends (a plugin's conditional ones while their condition holds), and
 * the tables holding personal data or secrets that the generated anonymizer covers.
 */
import { conditionHolds } from '../plugins/active.js';
import type { PersonalData, PluginManifest, WebSignIn } from '../plugins/manifest.js';
import type { Answers } from '../questions/question.js';
import type { Contribution, TemplateSet } from '../template-set/index.js';

export interface AccountsContext {
  webSignIn: WebSignIn;
  authenticationBackends: string[];
  /** Sorted by model label, each table once. */
  personalData: PersonalData[];
}

export function accountsContext(templates: TemplateSet, contributions: Contribution[], plugins: PluginManifest[], answers: Answers): AccountsContext {
  const serving = plugins.filter((p) => p.webSignIn);
  if (serving.length > 1) throw new Error(`plugins ${serving.map((p) => p.name).join(' and ')} both serve web sign-in`);
  const webSignIn = serving[0]?.webSignIn ?? templates.core.webSignIn;
  if (!webSignIn) throw new Error('templates/core.yaml has no webSignIn');
  const on = new Set(plugins.map((p) => p.name));
  const pluginBackends = plugins.flatMap((p) =>
    p.authenticationBackends.filter((entry) => conditionHolds(entry, p, on, answers)).map((entry) => (typeof entry === 'string' ? entry : entry.backend)),
  );
  const backends = [...contributions.flatMap((c) => c.authenticationBackends ?? []), ...pluginBackends];
  const declared = [...contributions.flatMap((c) => c.personalData ?? []), ...plugins.flatMap((p) => p.personalData)];
  // One entry per model; a plugin's fields of a model already declared join its fields
  // (twilio's users.User.phone_number beside the core's).
  const personalData = declared
    .filter((entry, index) => declared.findIndex((other) => other.model === entry.model) === index)
    .map((entry) => {
      const same = declared.filter((other) => other.model === entry.model && other.fields);
      return same.length > 1 ? { ...entry, fields: Object.assign({}, ...same.map((other) => other.fields)) } : entry;
    })
    .sort((a, b) => (a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
  return { webSignIn, authenticationBackends: [...new Set(backends)], personalData };
}
