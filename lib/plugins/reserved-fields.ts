/**
 * Field names a plugin's generated code cannot carry (its manifest's `reservedFieldNames`):
 * Django Ninja's schemas are pydantic models, and pydantic refuses a field named
 * `model_config` or `model_dump`, and warns at every start about one that shadows another
 * BaseModel attribute (`json`, `copy`). A state about to be written that brings one (a new
 * field, or the plugin turned on while the models hold one) is refused with one line; one
 * the record already holds is left alone, as its project runs today.
 */
import { UserError } from '../input/errors.js';
import { quoted } from '../input/text.js';
import type { ProjectState } from '../record/state.js';
import { activePlugins } from './active.js';
import type { Catalog } from './manifest.js';

type State = Pick<ProjectState, 'answers' | 'plugins' | 'apps'>;

/** One line per recorded field that an active plugin reserves. */
export function reservedFieldProblems(catalog: Catalog, state: State): string[] {
  const problems: string[] = [];
  for (const plugin of activePlugins(catalog, state)) {
    const reserved = plugin.reservedFieldNames;
    if (!reserved) continue;
    for (const app of state.apps.filter((a) => !a.adopted)) {
      for (const model of app.models) {
        for (const field of model.fields.filter((f) => reserved.names.includes(f.name))) {
          problems.push(`${app.name}.${model.name}.${field.name}: plugin ${plugin.name} reserves the field name ${quoted(field.name)} (${reserved.reason}); choose another name`);
        }
      }
    }
  }
  return problems;
}

/** Refuses a next state with a reserved field name that the previous state did not have. */
export function refuseReservedFieldNames(catalog: Catalog, next: State, previous: State | null): void {
  const known = new Set(previous ? reservedFieldProblems(catalog, previous) : []);
  const added = reservedFieldProblems(catalog, next).filter((problem) => !known.has(problem));
  if (added.length) throw new UserError(added.length > 1 ? `${added[0]} (and ${added.length - 1} more)` : added[0]!);
}
