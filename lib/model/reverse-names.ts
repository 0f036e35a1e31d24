/**
 * The one rule for reverse names (Django's fields.E302-E305), used by startapp, model and the
 * record check alike: every relation gives its target a reverse accessor (named by
 * render/field-view.ts), and no two may give one model the same name, nor may one take the
 * name of a field the model has. One message format, whichever command finds the clash.
 */
import { relatedName } from '../render/field-view.js';
import type { AppSpec } from '../record/state.js';

/** Fields of the starter user model (Django's AbstractUser, its reverse relations included). */
const userFields = [
  'id', 'password', 'last_login', 'is_superuser', 'username', 'first_name', 'last_name', 'email', 'is_staff',
  'is_active', 'date_joined', 'groups', 'user_permissions', 'logentry', 'name',
];

/** A clash: where the relation is recorded (`apps[0].models[1].fields[2]`) and the one-line problem. */
export interface ReverseNameClash {
  key: string;
  problem: string;
}

/** Every clash among the reverse names of `apps`' relations, in the order the fields are recorded. */
export function reverseNameClashes(apps: readonly AppSpec[]): ReverseNameClash[] {
  const fieldsOf = new Map<string, ReadonlySet<string>>([['users.User', new Set(userFields)]]);
  for (const app of apps) for (const model of app.models) fieldsOf.set(`${app.name}.${model.name}`, new Set(model.fields.map((field) => field.name)));
  const clashes: ReverseNameClash[] = [];
  const givenBy = new Map<string, string>();
  apps.forEach((app, a) => {
    app.models.forEach((model, m) => {
      model.fields.forEach((field, f) => {
        if (!field.target) return;
        const related = relatedName(field, model, app.name);
        if (related === null) return; // a symmetrical self m2m has no reverse accessor
        const owner = `${app.name}.${model.name}.${field.name}`;
        const clash = (other: string, fix: string) =>
          clashes.push({ key: `apps[${a}].models[${m}].fields[${f}]`, problem: `reverse name "${related}" on ${field.target}: ${owner} clashes with ${other}; ${fix}` });
        const taken = givenBy.get(`${field.target}.${related}`);
        if (taken) clash(taken, 'rename a model or an app');
        else if (fieldsOf.get(field.target)?.has(related)) clash(`the field ${field.target}.${related}`, 'rename that field, a model or an app');
        givenBy.set(`${field.target}.${related}`, owner);
      });
    });
  });
  return clashes;
}
