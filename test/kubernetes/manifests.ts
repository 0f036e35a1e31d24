import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describeRun, run } from '../support/process.js';
import { parseDotenv } from '../support/python.js';

/** `kubectl` on PATH (Debian's kubernetes-client in CI); KUBECTL picks another binary. */
export const kubectl = process.env.KUBECTL ?? 'kubectl';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  // Manifests are checked field by field; `any` keeps the assertions readable.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: any;
  data?: Record<string, string>;
}

export const kubernetesDir = (projectDir: string): string => join(projectDir, 'deploy/kubernetes');

/** `kubectl kustomize <folder>`: every rendered object (throws with kubectl's output on failure). */
export async function kustomize(dir: string): Promise<{ objects: KubeObject[]; text: string; warnings: string }> {
  const result = await run(kubectl, ['kustomize', dir], { timeoutMs: 60_000 });
  if (result.code !== 0) throw new Error(describeRun(`${kubectl} kustomize ${dir}`, result));
  const objects = parseAllDocuments(result.stdout)
    .map((document) => document.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => object !== null);
  // kubectl warns on stderr (deprecated fields) and still succeeds: the caller checks it.
  return { objects, text: result.stdout, warnings: result.stderr };
}

/**
 * Problems of each object against the Kubernetes OpenAPI schemas (the kubernetes-models
 * classes: types, required fields, enums), as `Kind/name: message` lines.
 */
export async function schemaProblems(objects: readonly KubeObject[]): Promise<string[]> {
  const problems: string[] = [];
  for (const object of objects) {
    const label = `${object.kind}/${object.metadata?.name}`;
    const modulePath = `kubernetes-models/${object.apiVersion}`;
    let models: Record<string, new (data: unknown) => { validate(): void }>;
    try {
      models = (await import(modulePath)) as typeof models;
    } catch {
      problems.push(`${label}: unknown apiVersion ${object.apiVersion}`);
      continue;
    }
    const Model = models[object.kind];
    if (!Model) {
      problems.push(`${label}: ${object.apiVersion} has no kind ${object.kind}`);
      continue;
    }
    try {
      new Model(object).validate();
    } catch (error) {
      problems.push(`${label}: ${(error as Error).message}`);
    }
  }
  return problems;
}

export const byKind = (objects: readonly KubeObject[], kind: string): KubeObject[] =>
  objects.filter((object) => object.kind === kind);

export function named(objects: readonly KubeObject[], kind: string, name: string): KubeObject {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
}

/** The variables the project's secret example lists (commented-out optional ones too). */
export function secretExampleNames(projectDir: string): string[] {
  const text = readFileSync(join(kubernetesDir(projectDir), 'secret.example.env'), 'utf8');
  return [...text.matchAll(/^#? ?([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]!);
}

/** Variable → example value, from the project's .env.example. */
export function envExamples(projectDir: string): Record<string, string> {
  return parseDotenv(readFileSync(join(projectDir, '.env.example'), 'utf8'));
}

/** Variables .env.example marks "(required in production)". */
export function requiredInProduction(projectDir: string): string[] {
  const lines = readFileSync(join(projectDir, '.env.example'), 'utf8').split('\n');
  return lines.flatMap((line, index) =>
    /\(required in [^)]*\bproduction\b[^)]*\)/.test(line) && /^[A-Z]/.test(lines[index + 1] ?? '')
      ? [lines[index + 1]!.split('=')[0]!]
      : [],
  );
}

/** The generated .env's secret key (written once by the generator), when there is one. */
export function generatedSecretKey(projectDir: string): string | undefined {
  const path = join(projectDir, '.env');
  return existsSync(path) ? parseDotenv(readFileSync(path, 'utf8')).DJANGO_SECRET_KEY : undefined;
}
