/**
 * The modifiers after a field's type in the field language (lib/model/fields.ts): a max
 * length, `unique`, `index`, `default=VALUE`; which types take which is in the field-type
 * table (lib/render/field-types.ts).
 */
import { UserError } from '../input/errors.js';
import { fieldTypes, ownMaxLength, takesMaxLength } from '../render/field-types.js';
import type { ModelField } from '../record/state.js';

/** `:120`, `:unique`, `:index`, `:default=VALUE` (a default holds no ":": it would start another modifier). */
export function applyModifiers(field: ModelField, modifiers: string[], where: string): void {
  const fieldType = fieldTypes[field.type]!;
  for (const modifier of modifiers) {
    if (/^\d+$/.test(modifier)) {
      const length = Number(modifier);
      if (!takesMaxLength(fieldType) && !fieldType.choices) throw new UserError(`${where}: ${field.type} takes no max length`);
      if (length < 1 || length > 10_000) throw new UserError(`${where}: max length ${modifier} is not between 1 and 10000`);
      field.maxLength = length;
    } else if (modifier === 'unique' || modifier === 'index') {
      if (fieldType.relation === 'm2m' || fieldType.generated) throw new UserError(`${where}: ${field.type} fields take no "${modifier}"`);
      if (modifier === 'unique' && fieldType.relation === 'fk') throw new UserError(`${where}: a unique foreign key is a one-to-one: ${field.name}:o2o=${field.target}`);
      // The factories must still make distinct rows: only a per-row sequence does.
      if (modifier === 'unique' && !fieldType.relation && !fieldType.factory?.startsWith('Sequence(')) {
        throw new UserError(`${where}: ${field.type} fields cannot be unique here (their sample rows would repeat); add unique=True by hand`);
      }
      field[modifier] = true;
    } else if (modifier.startsWith('default=')) {
      field.default = modifier.slice('default='.length);
    } else {
      throw new UserError(`${where}: unknown modifier "${modifier}" (a max length like 120, unique, index, default=VALUE)`);
    }
  }
  if (field.default !== undefined) defaultProblem(field, where);
}

/** A default must be a value of the field's type, one the field can hold; the table says how it is written. */
function defaultProblem(field: ModelField, where: string): void {
  const fieldType = fieldTypes[field.type]!;
  const kind = fieldType.defaultKind;
  const value = field.default!;
  if (!kind) throw new UserError(`${where}: ${field.type} fields take no default=`);
  const valid: Record<string, boolean> = {
    string: !field.choices || field.choices.includes(value),
    int: /^-?\d+$/.test(value),
    float: /^-?\d+(\.\d+)?$/.test(value),
    bool: value === 'true' || value === 'false',
  };
  if (!valid[kind]) {
    const expected = field.choices ? `one of ${field.choices.join(', ')}` : kind === 'bool' ? 'true or false' : `a number (${kind})`;
    throw new UserError(`${where}: default "${value}" is not ${expected}`);
  }
  const { range } = fieldType;
  if (range && (BigInt(value) < BigInt(range.min) || BigInt(value) > BigInt(range.max))) {
    throw new UserError(`${where}: default ${value} is outside what ${field.type} fields hold (${range.min} to ${range.max})`);
  }
  const maxLength = field.maxLength ?? ownMaxLength(fieldType);
  if (maxLength !== undefined && [...value].length > maxLength) {
    throw new UserError(`${where}: default "${value}" is longer than the field's max length (${maxLength})`);
  }
  if (field.unique) throw new UserError(`${where}: a unique field takes no default (every row would share it)`);
}
