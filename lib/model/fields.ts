/**
 * The model DSL of `startapp --model`: `Post title:str body:text author:fk=users.User`.
 * A word without `:` names a model, every `name:type[=target]` after it is one of its
 * fields. Each `--model` value may hold one or several models; they are read as one
 * stream of words, so `--model Post title:str --model Tag name:slug` and a single
 * `--model "Post title:str Tag name:slug"` mean the same. The types are lib/render/field-types.ts.
 */
import { UserError } from '../input/errors.js';
import { applyModifiers } from './field-modifiers.js';
import { fieldNameProblem, modelClashProblem, modelNameProblem } from './names.js';
import { fieldTypes } from '../render/field-types.js';
import type { ModelField, ModelSpec } from '../record/state.js';
import { didYouMean } from '../input/suggest.js';

export { fieldNameProblem, generatedClassNames, modelNameProblem, perModelSuffixes } from './names.js';

const typeList = Object.keys(fieldTypes).join(', ');
const choicePattern = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/**
 * One `name:type[=target][?][:modifier...]`: `title:str?:120:unique`, `status:choice=a,b`,
 * `author:fk=users.User?`, `count:int:default=0:index`. A target without an app (`fk=Post`)
 * means the app the model belongs to.
 */
export function parseField(spec: string, model: string, appName: string): ModelField {
  const where = `field "${spec}" of ${model}`;
  const pieces = spec.split(':');
  // Stryker disable next-line StringLiteral: split gives at least one piece, and a text without a lowercase type fails the pattern as "" does
  const [name = '', typePart = '', ...modifiers] = pieces;
  const match = /^([a-z0-9]+)(?:=([^?]*))?(\?)?$/.exec(typePart);
  if (!match) throw new UserError(`${where}: expected name:type, name:type? or name:fk=app.Model`);
  const [, type, target, optional] = match;
  const nameProblem = fieldNameProblem(name);
  if (nameProblem) throw new UserError(`${where}: ${nameProblem}`);
  const fieldType = fieldTypes[type!];
  if (!fieldType) throw new UserError(`${where}: unknown type "${type}"${didYouMean(type!, Object.keys(fieldTypes))} (types: ${typeList})`);
  const field: ModelField = { name, type: type! };
  if (fieldType.relation) {
    if (!target) throw new UserError(`${where}: ${type} needs a target model: ${name}:${type}=app.Model`);
    const parts = target.split('.');
    const [app, targetModel] = parts.length === 1 ? [appName, target] : [parts[0]!, parts[1]!];
    if (parts.length > 2 || !/^[a-z_][a-z0-9_]*$/.test(app) || modelNameProblem(targetModel)) {
      throw new UserError(`${where}: target "${target}" must be app.Model (e.g. users.User) or a Model of this app`);
    }
    field.target = `${app}.${targetModel}`;
  } else if (fieldType.choices) {
    // Stryker disable next-line StringLiteral: a missing list fails the choice pattern as any text with a space does
    const list = target ?? '';
    const values = list.split(',');
    const bad = values.find((value) => !choicePattern.test(value));
    if (bad !== undefined) throw new UserError(`${where}: choices are letters, digits, "_" and "-": ${name}:choice=draft,published`);
    if (new Set(values).size !== values.length) throw new UserError(`${where}: a choice is given twice`);
    field.choices = values;
  } else if (target !== undefined) {
    throw new UserError(`${where}: type "${type}" takes no "=target" (only fk, o2o, m2m and choice do)`);
  }
  if (optional) {
    if (!fieldType.optional) throw new UserError(`${where}: ${type} fields are optional already; drop the "?"`);
    field.optional = true;
  }
  applyModifiers(field, modifiers, where);
  return field;
}

/**
 * The words of `--model` values and of the model command's arguments: whitespace separates
 * them, and so do commas, except between the values of a `choice=` list (a piece continues
 * the list while it is a bare value, or a value followed by modifiers: `published:default=x`).
 */
export function fieldWords(values: readonly string[]): string[] {
  const words: string[] = [];
  // Each blank ends a chunk: the empty chunks between blanks give one empty piece, dropped below.
  for (const chunk of values.flatMap((value) => value.split(/\s/))) {
    let inChoices = false;
    for (const piece of chunk.split(',')) {
      const rest = piece.includes(':') ? piece.slice(piece.indexOf(':') + 1) : null;
      if (inChoices && (rest === null || /^(\d|unique|index|default=)/.test(rest))) {
        words[words.length - 1] += `,${piece}`;
        inChoices = rest === null;
        continue;
      }
      if (piece) words.push(piece);
      inChoices = /^[^:]*:choice=[^:]*$/.test(piece);
    }
  }
  return words;
}

/** The models of every `--model` value, validated on their own (targets are checked later). */
export function parseModels(values: readonly string[], appName: string): ModelSpec[] {
  const words = fieldWords(values);
  const models: ModelSpec[] = [];
  for (const word of words) {
    if (word.includes(':')) {
      const model = models.at(-1);
      if (!model) throw new UserError(`field "${word}" comes before any model name: --model Post ${word}`);
      const field = parseField(word, model.name, appName);
      if (model.fields.some((f) => f.name === field.name)) {
        throw new UserError(`model ${model.name}: field "${field.name}" is given twice`);
      }
      model.fields.push(field);
      continue;
    }
    const problem = modelNameProblem(word);
    if (problem) throw new UserError(word.includes('=') ? `"${word}" is not name:type (e.g. title:str)` : problem);
    if (models.some((m) => m.name.toLowerCase() === word.toLowerCase())) throw new UserError(`model "${word}" is given twice`);
    models.push({ name: word, fields: [] });
  }
  return models;
}

/**
 * The models other apps are known to have: `null` for an app whose models the generator
 * cannot know (none here: starter apps are listed, startapp apps are recorded).
 */
export type KnownModels = Map<string, Set<string>>;

/** Refuses a relation to an app or model that is not in the project. */
export function checkTargets(models: readonly ModelSpec[], appName: string, known: KnownModels): void {
  const all = new Map(known);
  all.set(appName, new Set(models.map((m) => m.name)));
  for (const model of models) {
    for (const field of model.fields.filter((f) => f.target)) {
      const [app, target] = field.target!.split('.');
      const where = `field "${field.name}:${field.type}=${field.target}" of ${model.name}`;
      const appModels = all.get(app);
      const everywhere = [...all].flatMap(([name, models]) => [...models].map((m) => `${name}.${m}`));
      if (!appModels) {
        const hint = didYouMean(field.target!, everywhere);
        throw new UserError(`${where}: the project has no app "${app}"${hint} (apps: ${[...all.keys()].join(', ')})`);
      }
      if (!appModels.has(target)) {
        const names = [...appModels].join(', ') || 'none';
        // `fk=User` in app blog: the model of that name in another app (users.User) is the likely meaning.
        const sameName = everywhere.find((dotted) => dotted.split('.')[1]!.toLowerCase() === target!.toLowerCase());
        const hint = sameName ? ` (did you mean "${sameName}"?)` : didYouMean(field.target!, everywhere);
        throw new UserError(`${where}: app "${app}" has no model "${target}" that djangoflow knows of${hint} (models: ${names})`);
      }
    }
  }
}

/**
 * Required foreign keys between the new models must not form a loop (Post → Blog → Post):
 * no row could be created first, and the factories would recurse forever. A model's
 * reference to itself is fine: it is made optional.
 */
export function checkForeignKeyCycles(models: readonly ModelSpec[], appName: string): void {
  const edges = new Map(
    models.map((m) => [
      m.name,
      m.fields
        .filter(
          // Stryker disable next-line OptionalChaining: an fk always has its target (parseField refuses one without, and recorded fields are read back through it)
          (f) => f.type === 'fk' && f.target?.startsWith(`${appName}.`),
        )
        .map((f) => f.target!.slice(appName.length + 1))
        .filter((target) => target !== m.name),
    ]),
  );
  const visit = (name: string, path: string[]): void => {
    if (path.includes(name)) {
      const loop = [...path.slice(path.indexOf(name)), name].join(' → ');
      throw new UserError(`foreign keys form a loop (${loop}); make one of them an m2m, or add it by hand later`);
    }
    for (const next of edges.get(name) ?? []) visit(next, [...path, name]);
  };
  // Stryker disable next-line ArrayDeclaration: a name in the path that is no model never closes a loop, and the message starts where it closes
  for (const model of models) visit(model.name, []);
}

/** Refuses a model named like the user model or a class the app's generated code defines or imports. */
export function checkModelNames(models: readonly ModelSpec[], appName: string): void {
  const problem = modelClashProblem(models, appName);
  if (problem) throw new UserError(problem);
}
