/**
 * Relations across the whole project, for commands that change recorded models: the models
 * a relation may point at, and the fields that point at a model. Reverse names have their
 * own rule (lib/model/reverse-names.ts).
 */
import type { KnownModels } from './fields.js';
import type { ProjectState } from '../record/state.js';
import type { TemplateSet } from '../template-set/index.js';

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
