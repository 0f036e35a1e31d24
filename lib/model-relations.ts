/**
 * Relations across the whole project, for commands that change recorded models: the models
 * a relation may point at, the reverse accessors (never two of the same name on one model,
 * nor one named like a field of it), and the fields that point at a model.
 */
import { UserError } from './errors.js';
import type { KnownModels } from './model-fields.js';
import { relatedName } from './render/field-view.js';
import type { ModelField, ProjectState } from './state.js';
import type { TemplateSet } from './template-set.js';

/** The models a relation may point at: the starter apps' (the user model) and every recorded app's. */
export function knownModels(state: ProjectState, templates: TemplateSet): KnownModels {
  const known: KnownModels = new Map(templates.core.starterApps.map((app) => [app.name, new Set(app.models ?? [])]));
  for (const app of state.apps) known.set(app.name, new Set(app.models.map((m) => m.name)));
  return known;
}

/** Every recorded relation field that points at `app.Model`, from models other than itself. */
export function fieldsPointingAt(state: ProjectState, target: string): string[] {
  return state.apps.flatMap((app) =>
    app.models
      .filter((model) => `${app.name}.${model.name}` !== target)
      .flatMap((model) => model.fields.filter((f) => f.target === target).map((f) => `${app.name}.${model.name}.${f.name}`)),
  );
}

/**
 * Refuses a state where two relations give one model the same reverse accessor, or one
 * names it like a field the model has: Django would stop at `check` (fields.E304/E302).
 */
export function checkRelatedNames(state: ProjectState): void {
  const fieldsOf = new Map<string, ModelField[]>(
    state.apps.flatMap((app) => app.models.map((model) => [`${app.name}.${model.name}`, model.fields] as const)),
  );
  const seen = new Map<string, string>();
  for (const app of state.apps) {
    for (const model of app.models) {
      for (const field of model.fields.filter((f) => f.target)) {
        const name = relatedName(field, model, app.name);
        if (!name) continue;
        const where = `${app.name}.${model.name}.${field.name}`;
        const key = `${field.target}.${name}`;
        const other = seen.get(key);
        if (other) throw new UserError(`${where} and ${other} both give ${field.target} the reverse accessor "${name}"; rename one field`);
        if (fieldsOf.get(field.target!)?.some((f) => f.name === name)) {
          throw new UserError(`${where}: its reverse accessor "${name}" clashes with the field ${field.target}.${name}`);
        }
        seen.set(key, where);
      }
    }
  }
}
