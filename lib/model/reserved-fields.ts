/**
 * Field names the generated code cannot carry, though Python and Django accept them: every
 * project's (`self`, which Django's `Model()` and `objects.create()` take as their own
 * argument; `created` and `modified`, the fields core.TimeStampedModel gives every model) and
 * an active plugin's (its manifest's `reservedFieldNames`: Django Ninja's schemas are pydantic
 * models, and pydantic refuses a field named `model_config` or `model_dump`, and warns at
 * every start about one that shadows another BaseModel attribute, `json`, `copy`). A state
 * about to be written that brings one (a new field, or the plugin turned on while the models
 * hold one) is refused with one line, and so is a field named like the column of a relation
 * beside it (`author_id` beside `author:fk`) or one a camelCase API (GraphQL's) would name
 * like another of its model (`a_1` beside `a1`); one the record already holds is left alone, as its
 * project runs today (Django lets a model override an abstract base's field).
 */
import { graphqlName } from '../input/naming.js';
import { quoted } from '../input/text.js';
import { fieldTypes } from '../render/field-types.js';
import type { ProjectState } from '../record/state.js';
import { recordedPlugins } from '../plugins/active.js';
import type { Catalog } from '../plugins/manifest.js';
import { refuseNewProblems } from './new-problems.js';

type State = Pick<ProjectState, 'answers' | 'plugins' | 'apps'>;

/** Every project's reserved field names, and why. */
export const projectReservedFields: Readonly<Record<string, string>> = {
  self: "Django's Model() and objects.create() take self as their own argument",
  created: 'core.TimeStampedModel gives every model its created and modified fields',
  modified: 'core.TimeStampedModel gives every model its created and modified fields',
};

/** A foreign key or one-to-one: its column is `<name>_id`. */
const hasColumn = (type: string) => fieldTypes[type]!.relation === 'fk' || fieldTypes[type]!.relation === 'o2o';

/** One line per recorded field that the project or an active plugin reserves. */
export function reservedFieldProblems(catalog: Catalog, state: State): string[] {
  // Those no longer offered too: the previous state may still record one (plugin --remove takes it out).
  const plugins = recordedPlugins(catalog, state);
  const reservations = [
    { by: 'the project', names: Object.keys(projectReservedFields), reason: (name: string) => projectReservedFields[name]! },
    ...plugins.flatMap(({ name, reservedFieldNames: reserved }) => (reserved ? [{ by: `plugin ${name}`, names: reserved.names, reason: () => reserved.reason }] : [])),
  ];
  const camelCased = plugins.find((plugin) => plugin.camelCaseFields);
  const problems: string[] = [];
  for (const app of state.apps.filter((a) => !a.adopted)) {
    for (const model of app.models) {
      const where = `${app.name}.${model.name}`;
      model.fields.forEach((field, index) => {
        const reserved = reservations.find((entry) => entry.names.includes(field.name));
        if (reserved) {
          problems.push(`${where}.${field.name}: ${reserved.by} reserves the field name ${quoted(field.name)} (${reserved.reason(field.name)}); choose another name`);
        }
        const column = model.fields.find((other) => `${other.name}_id` === field.name && hasColumn(other.type));
        if (column) {
          problems.push(`${where}.${field.name}: Django names the column of the relation ${column.name} ${field.name} already (models.E006); choose another name`);
        }
        const alike = camelCased && model.fields.slice(0, index).find((other) => graphqlName(other.name) === graphqlName(field.name));
        if (alike) {
          problems.push(`${where}.${field.name}: plugin ${camelCased!.name} names the fields ${alike.name} and ${field.name} alike (${graphqlName(field.name)}); choose another name`);
        }
      });
    }
  }
  return problems;
}

/** Refuses a next state with a reserved field name that the previous state did not have (new-problems.ts). */
export function refuseReservedFieldNames(catalog: Catalog, next: State, previous: State | null): void {
  // Stryker disable next-line ArrayDeclaration: a placeholder is no problem line
  refuseNewProblems(reservedFieldProblems(catalog, next), previous ? reservedFieldProblems(catalog, previous) : []);
}
