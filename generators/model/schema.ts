/**
 * `model --from schema.yaml`: many models in a plain YAML file a team reviews in a pull
 * request, app → Model → field: spec (the field language without the name):
 *
 *     blog:
 *       Post:
 *         title: str:120
 *         status: choice=draft,published:default=draft
 *         author: fk=users.User?
 *         pages: true
 *
 * `pages: true` (a yes/no, not a type) gives the model its HTML pages, `pages: false` takes
 * them out, as `--pages`/`--no-pages` do; `pages: int` is still a field named pages.
 * Every refusal names the file, the line and the field.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { UserError } from '../../lib/input/errors.js';
import { parseField } from '../../lib/model/fields.js';
import type { ModelField } from '../../lib/record/state.js';

export interface SchemaEntry {
  app: string;
  model: string;
  fields: ModelField[];
  /** `pages: true|false` under the model; absent: its pages stay as recorded. */
  pages?: boolean;
  /** `schema.yaml:4` */
  where: string;
}

export function readSchema(cwd: string, file: string): SchemaEntry[] {
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw new UserError(`${file}: no such schema file`);
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(path, 'utf8'), { lineCounter: lines, uniqueKeys: true });
  const at = (node: Node | null | undefined) => `${file}:${node?.range ? lines.linePos(node.range[0]).line : 1}`;
  if (doc.errors.length) {
    const error = doc.errors[0]!;
    throw new UserError(`${file}:${error.linePos?.[0]?.line ?? 1}: not valid YAML (${error.message.split('\n')[0]})`);
  }
  const root = doc.contents;
  if (!isMap(root)) throw new UserError(`${at(root)}: a schema maps apps to models: blog: {Post: {title: str}}`);
  const entries: SchemaEntry[] = [];
  for (const appPair of root.items) {
    const app = String((appPair.key as Node).toJSON());
    if (!isMap(appPair.value)) throw new UserError(`${at(appPair.key as Node)}: app ${app} maps model names to their fields`);
    for (const modelPair of appPair.value.items) {
      const model = String((modelPair.key as Node).toJSON());
      const where = at(modelPair.key as Node);
      const fieldMap = modelPair.value;
      const fields: ModelField[] = [];
      let pages: boolean | undefined;
      if (fieldMap !== null && !(isScalar(fieldMap) && fieldMap.value === null)) {
        if (!isMap(fieldMap)) throw new UserError(`${where}: ${app}.${model} maps field names to types (title: str)`);
        for (const fieldPair of fieldMap.items) {
          const name = String((fieldPair.key as Node).toJSON());
          const fieldAt = at(fieldPair.key as Node);
          if (name === 'pages' && isScalar(fieldPair.value) && typeof fieldPair.value.value === 'boolean') {
            pages = fieldPair.value.value;
            continue;
          }
          if (!isScalar(fieldPair.value) || typeof fieldPair.value.value !== 'string') {
            throw new UserError(`${fieldAt}: field "${name}" of ${app}.${model}: give its type as text (${name}: str)`);
          }
          try {
            fields.push(parseField(`${name}:${fieldPair.value.value}`, model, app));
          } catch (error) {
            if (error instanceof UserError) throw new UserError(`${fieldAt}: ${error.message}`);
            throw error;
          }
        }
      }
      entries.push({ app, model, fields, pages, where });
    }
  }
  return entries;
}
