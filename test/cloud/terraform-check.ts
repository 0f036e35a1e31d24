/**
 * Consistency of a Terraform tree, read from python-hcl2's parse (hcl_dump.py): in every
 * folder, each `var.x` is declared and each declared variable used, each `local.x`,
 * resource, data, ephemeral and module reference names a block of that folder, each
 * `module.m.x` an output of the called module; each module call gives every input the
 * module requires and none it does not declare, and the `names` map a module reads by key
 * (`var.names["x"]`) holds exactly those keys.
 */
import { dirname, join, normalize } from 'node:path';

// python-hcl2's JSON: blocks are lists of objects keyed by their quoted labels.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;
export type ParsedTree = Record<string, Body>;

const unquote = (label: string): string => label.replace(/^"(.*)"$/, '$1');
const meta = new Set(['source', 'version', 'providers', 'depends_on', 'count', 'for_each', '__is_block__']);

export interface ModuleFolder {
  dir: string;
  variables: Map<string, { hasDefault: boolean }>;
  outputs: Set<string>;
  locals: Set<string>;
  /** `type.name` of resources; data and ephemeral blocks prefixed `data.` / `ephemeral.`. */
  blocks: Set<string>;
  modules: Map<string, Body>;
  /** Every expression text of the folder (all values, as JSON). */
  text: string;
}

/** The two-label blocks (resource "type" "name"): `type.name`. */
function twoLabels(entries: Body[] | undefined, prefix = ''): string[] {
  return (entries ?? []).flatMap((entry) =>
    Object.entries(entry).flatMap(([type, named]) => Object.keys(named as Body).map((name) => `${prefix}${unquote(type)}.${unquote(name)}`)),
  );
}

/** One folder's declarations and text. */
export function folders(tree: ParsedTree): Map<string, ModuleFolder> {
  const result = new Map<string, ModuleFolder>();
  for (const [path, body] of Object.entries(tree)) {
    const dir = dirname(path);
    let folder = result.get(dir);
    if (!folder) {
      folder = { dir, variables: new Map(), outputs: new Set(), locals: new Set(), blocks: new Set(), modules: new Map(), text: '' };
      result.set(dir, folder);
    }
    for (const entry of (body.variable ?? []) as Body[]) {
      for (const [name, spec] of Object.entries(entry)) folder.variables.set(unquote(name), { hasDefault: 'default' in (spec as Body) });
    }
    for (const entry of (body.output ?? []) as Body[]) for (const name of Object.keys(entry)) folder.outputs.add(unquote(name));
    for (const entry of (body.locals ?? []) as Body[]) for (const name of Object.keys(entry)) if (name !== '__is_block__') folder.locals.add(name);
    for (const name of twoLabels(body.resource)) folder.blocks.add(name);
    for (const name of twoLabels(body.data, 'data.')) folder.blocks.add(name);
    for (const name of twoLabels(body.ephemeral, 'ephemeral.')) folder.blocks.add(name);
    for (const entry of (body.module ?? []) as Body[]) for (const [name, spec] of Object.entries(entry)) folder.modules.set(unquote(name), spec as Body);
    folder.text += JSON.stringify(body) + '\n';
  }
  return result;
}

const matches = (text: string, pattern: RegExp): Set<string> => new Set([...text.matchAll(pattern)].map((match) => match[1]!));

/** The problems of the tree, one line each (empty: consistent). */
export function terraformProblems(tree: ParsedTree): string[] {
  const problems: string[] = [];
  const all = folders(tree);
  for (const folder of all.values()) {
    const where = folder.dir;
    const used = matches(folder.text, /\bvar\.([A-Za-z_][\w-]*)/g);
    for (const name of used) if (!folder.variables.has(name)) problems.push(`${where}: var.${name} is not declared`);
    for (const name of folder.variables.keys()) if (!used.has(name)) problems.push(`${where}: variable ${name} is never used`);
    for (const name of matches(folder.text, /\blocal\.([A-Za-z_][\w-]*)/g)) {
      if (!folder.locals.has(name)) problems.push(`${where}: local.${name} is not declared`);
    }
    const referenced = [
      ...[...folder.text.matchAll(/(?<![\w.])((?:google|aws|azurerm|random)_\w+\.\w+)/g)].map((m) => m[1]!),
      ...[...folder.text.matchAll(/(?<![\w.])((?:data|ephemeral)\.\w+\.\w+)/g)].map((m) => m[1]!),
    ];
    for (const name of new Set(referenced)) if (!folder.blocks.has(name)) problems.push(`${where}: ${name} is not a block of this folder`);
    for (const [, moduleName, output] of folder.text.matchAll(/\bmodule\.(\w+)\.(\w+)/g)) {
      const call = folder.modules.get(moduleName!);
      if (!call) {
        problems.push(`${where}: module.${moduleName} is not called here`);
        continue;
      }
      const target = all.get(normalize(join(where, unquote(String(call.source)))));
      if (target && !target.outputs.has(output!)) problems.push(`${where}: module.${moduleName}.${output} is not an output of ${target.dir}`);
    }
    for (const [name, call] of folder.modules) {
      const source = unquote(String(call.source));
      const target = all.get(normalize(join(where, source)));
      if (!target) {
        problems.push(`${where}: module ${name}'s source ${source} has no .tf files`);
        continue;
      }
      const given = new Set(Object.keys(call).filter((key) => !meta.has(key)));
      for (const input of given) if (!target.variables.has(input)) problems.push(`${where}: module ${name} gives ${input}, which ${target.dir} does not declare`);
      for (const [input, { hasDefault }] of target.variables) {
        if (!hasDefault && !given.has(input)) problems.push(`${where}: module ${name} does not give ${input}, which ${target.dir} requires`);
      }
      const keys = matches(target.text, /var\.names\[\\"(\w+)\\"\]/g);
      const names = new Set(Object.keys((call.names ?? {}) as Body).map(unquote));
      for (const key of keys) if (!names.has(key)) problems.push(`${where}: module ${name}'s names has no "${key}", which ${target.dir} reads`);
      for (const key of names) if (!keys.has(key)) problems.push(`${where}: module ${name}'s names has "${key}", which ${target.dir} never reads`);
    }
  }
  return problems;
}

/** A stack folder's output names. */
export function stackOutputs(tree: ParsedTree, dir: string): Set<string> {
  return folders(tree).get(dir)?.outputs ?? new Set();
}

/** The names map a stack gives its module "environment": key → name. */
export function stackNames(tree: ParsedTree, dir: string): Record<string, string> {
  const call = folders(tree).get(dir)?.modules.get('environment');
  return Object.fromEntries(Object.entries((call?.names ?? {}) as Body).map(([key, value]) => [unquote(key), unquote(String(value))]));
}

/** The bodies of the module's resources of one type (modules/…). */
export function moduleResources(tree: ParsedTree, type: string): Body[] {
  return Object.entries(tree)
    .filter(([path]) => path.startsWith('modules/'))
    .flatMap(([, body]) => (body.resource ?? []) as Body[])
    .flatMap((entry) => Object.entries(entry).filter(([label]) => unquote(label) === type))
    .flatMap(([, named]) => Object.values(named as Body) as Body[]);
}
