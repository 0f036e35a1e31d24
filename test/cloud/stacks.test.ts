/**
 * `--cloud`: the Terraform stacks and the overlays that read them, proved statically (no
 * cloud, no terraform binary): every .tf parses (python-hcl2), variables, outputs, module
 * inputs and names are consistent, checkov fails nothing that is not skipped in place with a
 * reason, names stay within the cloud's limits for a 40-character slug, the overlays built
 * with the stack's example outputs pass kubernetes-validate --strict and name only secrets
 * the stack creates, and the CI files validate against their schemas.
 */
import { chmodSync, copyFileSync, cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { listFiles, readText } from '../support/files.js';
import { generate } from '../support/generate.js';
import { describeRun, run } from '../support/process.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';
import { shellProblems, workflowProblems, yamlProblems } from '../support/validators.js';
import { type KubeObject, kustomize } from '../kubernetes/manifests.js';
import { moduleResources, type ParsedTree, stackNames, stackOutputs, terraformProblems } from './terraform-check.js';
import { tool } from './tools.js';
import { nameProblems } from './name-limits.js';

const longSlug = 'northwind_wholesale_trading_company_eu12';
const bucketStorage = { gcp: 'gcs', aws: 's3', azure: 'azure' } as const;
type Cloud = keyof typeof bucketStorage;

interface Variant {
  cloud: Cloud;
  label: string;
  args: string[];
  redis: boolean;
  bucket: boolean;
  ci: 'github' | 'gitlab';
}

const variants: Variant[] = (['gcp', 'aws', 'azure'] as const).flatMap((cloud) => [
  {
    cloud,
    label: `${cloud}: postgresql, celery, media in the cloud's bucket, GitHub`,
    args: ['--database=postgresql', '--celery', `--storage=${bucketStorage[cloud]}`, '--ci=github'],
    redis: true,
    bucket: true,
    ci: 'github' as const,
  },
  {
    cloud,
    label: `${cloud}: mysql, no celery, no redis, local media, a 40-character slug, GitLab`,
    args: ['--database=mysql', '--no-celery', '--cache=locmem', '--storage=local', '--ci=gitlab', '--project-slug', longSlug],
    redis: false,
    bucket: false,
    ci: 'gitlab' as const,
  },
]);

const environments = ['staging', 'production'] as const;
const placeholder = 'set-by-stack-outputs';
const customKinds = new Set(['SecretStore', 'ExternalSecret', 'ManagedCertificate']);

/** stack.env's lines as a map. */
const envFile = (text: string): Record<string, string> =>
  Object.fromEntries(
    text
      .split('\n')
      .filter((line) => /^[a-z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

interface CheckovReport {
  failed: string[];
  skipReasons: string[];
}

interface Generated {
  project: string;
  tree: ParsedTree;
  checkov: CheckovReport;
}

const generated: Generated[] = [];
let checkovRun = '';

/** The overlays, built with the stack's example outputs, and kubernetes-validate's one run over them all. */
interface Overlay {
  objects: KubeObject[];
  example: Record<string, string>;
  /** The file of the built-in kinds' objects kubernetes-validate read. */
  file: string;
}
const overlays = new Map<string, Overlay>();
const overlayKey = (index: number, environment: string): string => `${index}/${environment}`;
let kubeValidation = { code: 0, lines: [] as string[] };
let kubeDir = '';

/**
 * Every variant is generated first; one python-hcl2 process parses all their stacks, and
 * checkov runs once over all of them (a folder per variant): its start-up (~10 s) would
 * otherwise be paid per variant. kubernetes-validate, too, reads every overlay in one run.
 */
beforeAll(async () => {
  const hcl = await tool('hcl');
  const combined = makeTempDir('checkov');
  const terraformDirs: string[] = [];
  for (const variant of variants) {
    const result = await generate(['--defaults', '--project-name', 'Acme Shop', '--domain=shop.example.org', `--cloud=${variant.cloud}`, ...variant.args]);
    if (result.code !== 0) throw new Error(describeRun('djangoflow', result));
    terraformDirs.push(join(result.dir, 'deploy/terraform', variant.cloud));
    generated.push({ project: result.dir, tree: {}, checkov: { failed: [], skipReasons: [] } });
  }
  const trees = (await hcl.check('python', [fileURLToPath(new URL('./hcl_dump.py', import.meta.url)), ...terraformDirs])).trim().split('\n');
  expect(trees).toHaveLength(variants.length);
  for (const [index, terraformDir] of terraformDirs.entries()) {
    generated[index]!.tree = JSON.parse(trees[index]!) as ParsedTree;
    cpSync(terraformDir, join(combined, String(index)), { recursive: true });
  }
  kubeDir = makeTempDir('k8s');
  for (const [index, variant] of variants.entries()) {
    for (const environment of environments) {
      const dir = join(generated[index]!.project, 'deploy/kubernetes/overlays', `${variant.cloud}-${environment}`);
      const example = envFile(readFileSync(join(dir, 'stack.example.env'), 'utf8'));
      copyFileSync(join(dir, 'stack.example.env'), join(dir, 'stack.env'));
      const objects = (await kustomize(dir)).objects;
      const file = join(kubeDir, `${variant.cloud}-${index}-${environment}.yaml`);
      writeFileSync(file, objects.filter((object) => !customKinds.has(object.kind)).map((object) => stringify(object)).join('---\n'));
      overlays.set(overlayKey(index, environment), { objects, example, file });
    }
  }
  const validated = await hcl.run('kubernetes-validate', ['--strict', '--quiet', ...[...overlays.values()].map((overlay) => overlay.file)]);
  kubeValidation = { code: validated.code, lines: `${validated.stdout}\n${validated.stderr}`.split('\n').filter((line) => line.trim()) };
  const checkov = await tool('checkov');
  const result = await checkov.run('checkov', ['--directory', combined, '--framework', 'terraform', '--skip-download', '--output', 'json'], { timeoutMs: 900_000 });
  checkovRun = describeRun('checkov', result);
  const report = JSON.parse(result.stdout) as {
    results: {
      failed_checks: Array<{ check_id: string; resource: string; file_path: string }>;
      skipped_checks: Array<{ file_path: string; check_result: { suppress_comment: string } }>;
    };
  };
  const variantOf = (path: string): Generated => generated[Number(path.split('/')[1])]!;
  for (const check of report.results.failed_checks) variantOf(check.file_path).checkov.failed.push(`${check.check_id} ${check.resource} (${check.file_path})`);
  for (const check of report.results.skipped_checks) variantOf(check.file_path).checkov.skipReasons.push(check.check_result.suppress_comment);
  removeTempDir(combined);
}, 30 * 60_000);

afterAll(() => {
  generated.forEach(({ project }) => removeTempDir(project));
  if (kubeDir) removeTempDir(kubeDir);
});

describe.each(variants.map((variant, index) => ({ ...variant, index })))('--cloud $label', (variant) => {
  const { cloud } = variant;
  let project = '';
  let tree: ParsedTree = {};
  let checkov: CheckovReport = { failed: [], skipReasons: [] };
  const terraformDir = (): string => join(project, 'deploy/terraform', cloud);
  const overlayDir = (environment: string): string => join(project, 'deploy/kubernetes/overlays', `${cloud}-${environment}`);

  beforeAll(() => {
    ({ project, tree, checkov } = generated[variant.index]!);
  });

  test('renders one module and a stack per environment, with what the answers ask for', () => {
    const files = Object.keys(tree).sort();
    expect(files).toEqual(expect.arrayContaining(['staging/main.tf', 'production/main.tf', 'modules/environment/variables.tf']));
    const moduleFiles = files.filter((path) => path.startsWith('modules/environment/'));
    expect(moduleFiles.some((path) => /cache\.tf$/.test(path))).toBe(variant.redis);
    expect(moduleFiles.some((path) => /bucket\.tf$/.test(path))).toBe(variant.bucket);
    // The other clouds' stacks and overlays are not there.
    for (const other of ['gcp', 'aws', 'azure'].filter((c) => c !== cloud)) {
      expect(existsSync(join(project, 'deploy/terraform', other))).toBe(false);
      expect(existsSync(join(project, 'deploy/kubernetes/overlays', `${other}-staging`))).toBe(false);
    }
  });

  test('variables, outputs, module inputs and names are consistent', () => {
    expect(terraformProblems(tree)).toEqual([]);
  });

  test('every name is within the cloud limits', () => {
    for (const environment of environments) {
      const names = stackNames(tree, environment);
      expect(Object.keys(names).length).toBeGreaterThan(5);
      expect(nameProblems(cloud, names)).toEqual([]);
    }
  });

  test('checkov fails nothing; every skip is in place with a reason', () => {
    expect(checkovRun).toMatch(/exited with [01]\b/);
    expect(checkov.failed).toEqual([]);
    expect(checkov.skipReasons.length).toBeGreaterThan(3);
    for (const reason of checkov.skipReasons) expect(reason.split(/\s+/).length).toBeGreaterThan(4);
    // Skips are written in place, never as a config file or a command-line list.
    const skipLines = listFiles(terraformDir()).flatMap((path) => readText(terraformDir(), path).split('\n').filter((line) => line.includes('checkov:skip')));
    for (const line of skipLines) expect(line).toMatch(/^\s*#checkov:skip=CKV2?_[A-Z]+_\d+:\S+( \S+){4,}/);
  });

  describe.each(environments)('the %s overlay', (environment) => {
    let objects: KubeObject[] = [];
    let example: Record<string, string> = {};
    let file = '';

    beforeAll(() => {
      ({ objects, example, file } = overlays.get(overlayKey(variant.index, environment))!);
    });

    test('reads only outputs the stack has', () => {
      const outputs = stackOutputs(tree, environment);
      expect(Object.keys(example).filter((name) => !outputs.has(name))).toEqual([]);
      const kustomization = parse(readFileSync(join(overlayDir(environment), 'kustomization.yaml'), 'utf8')) as {
        replacements: Array<{ source: { fieldPath: string } }>;
      };
      const read = kustomization.replacements.map((replacement) => replacement.source.fieldPath.replace(/^data\./, ''));
      expect(read.filter((name) => !(name in example))).toEqual([]);
      // The scripts and the CI read outputs by name too.
      const scripts = ['deploy/terraform/cluster-setup', variant.ci === 'github' ? '.github/workflows/deploy.yml' : '.gitlab-ci.yml'];
      const named = scripts.flatMap((path) => [...readText(project, path).matchAll(/\boutput (?:-raw )?([a-z_]+)/g)].map((match) => match[1]!));
      expect(named.length).toBeGreaterThan(2);
      expect([...new Set(named)].filter((name) => !outputs.has(name))).toEqual([]);
    });

    test('fills every placeholder from the outputs', () => {
      const text = stringify(objects);
      expect(text).not.toContain(placeholder);
      const serviceAccounts = objects.filter((object) => object.kind === 'ServiceAccount');
      expect(serviceAccounts.map((object) => object.metadata.name).sort()).toEqual(['django', 'external-secrets']);
      for (const workload of objects.filter((object) => ['Deployment', 'Job'].includes(object.kind))) {
        expect(workload.spec.template.spec.serviceAccountName).toBe('django');
      }
    });

    test('passes kubernetes-validate --strict', () => {
      // One run read every overlay's file: none of its lines names this one, and a failing
      // exit is explained by lines naming other files (a crash fails every overlay).
      const files = [...overlays.values()].map((overlay) => overlay.file);
      expect({
        ownLines: kubeValidation.lines.filter((line) => line.includes(file)),
        unexplained: kubeValidation.lines.filter((line) => !files.some((other) => line.includes(other))),
        exitExplained: kubeValidation.code === 0 || kubeValidation.lines.length > 0,
      }).toEqual({ ownLines: [], unexplained: [], exitExplained: true });
      expect(readFileSync(file, 'utf8')).toMatch(/^kind: Deployment$/m);
      expect(objects.filter((object) => customKinds.has(object.kind)).map((object) => object.kind)).toEqual(
        expect.arrayContaining(['SecretStore', 'ExternalSecret']),
      );
    });

    test("the client's address: the ingress adds it, and Google's load balancer adds another", () => {
      const config = objects.find((object) => object.kind === 'ConfigMap' && object.metadata.name.startsWith('django-config-'));
      expect(config?.data?.DJANGO_NUM_PROXIES).toBe(cloud === 'gcp' ? '2' : '1');
    });

    test('django-secrets comes from secrets the stack creates, each variable once', () => {
      const externalSecret = objects.find((object) => object.kind === 'ExternalSecret')!;
      expect(externalSecret.spec.target.name).toBe('django-secrets');
      const data = externalSecret.spec.data as Array<{ secretKey: string; remoteRef: { key: string } }>;
      const variables = data.map((entry) => entry.secretKey);
      expect(new Set(variables).size).toBe(variables.length);
      expect(variables).toEqual(expect.arrayContaining(['DJANGO_SECRET_KEY', 'DATABASE_URL', ...(variant.redis ? ['REDIS_URL'] : [])]));
      const created = createdSecrets(tree, cloud, stackNames(tree, environment));
      expect(data.map((entry) => entry.remoteRef.key).filter((key) => !created.has(key))).toEqual([]);
    });
  });

  test('stack-env writes stack.env from terraform output', async () => {
    const bin = makeTempDir('tf-stub');
    const outputs = envFile(readFileSync(join(overlayDir('staging'), 'stack.example.env'), 'utf8'));
    const json = JSON.stringify(Object.fromEntries(Object.entries(outputs).map(([name, value]) => [name, { sensitive: false, type: 'string', value }])));
    writeFileSync(join(bin, 'terraform'), `#!/bin/sh\n[ "$1" = "-chdir=deploy/terraform/${cloud}/staging" ] && [ "$2" = output ] && [ "$3" = -json ] || exit 9\ncat <<'JSON'\n${json}\nJSON\n`);
    chmodSync(join(bin, 'terraform'), 0o755);
    const result = await run(join(project, 'deploy/terraform/stack-env'), ['staging'], { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    expect(describeRun('stack-env', result)).toContain('exited with 0');
    expect(envFile(readFileSync(join(overlayDir('staging'), 'stack.env'), 'utf8'))).toEqual(outputs);
    removeTempDir(bin);
  });

  test('the CI files validate against their schemas; the scripts pass shellcheck', async () => {
    const files = listFiles(project);
    expect(await shellProblems(project, files.filter((path) => path.startsWith('deploy/')))).toEqual([]);
    if (variant.ci === 'github') {
      expect(files).toContain('.github/workflows/deploy.yml');
      expect(workflowProblems(project, files)).toEqual([]);
    } else {
      const hcl = await tool('hcl');
      const result = await hcl.run('check-jsonschema', ['--builtin-schema', 'vendor.gitlab-ci', join(project, '.gitlab-ci.yml')]);
      expect(describeRun('check-jsonschema', result)).toContain('exited with 0');
    }
    expect(await yamlProblems(project, files)).toEqual([]);
  });
});

/** The secret names a stack's module creates: its secret resources' names, with the stack's names filled in. */
function createdSecrets(tree: ParsedTree, cloud: Cloud, names: Record<string, string>): Set<string> {
  const attribute = { gcp: 'secret_id', aws: 'name', azure: 'name' }[cloud];
  const type = { gcp: 'google_secret_manager_secret', aws: 'aws_secretsmanager_secret', azure: 'azurerm_key_vault_secret' }[cloud];
  return new Set(
    moduleResources(tree, type).map((body) =>
      String(body[attribute])
        .replace(/^"(.*)"$/, '$1')
        .replace(/\$\{var\.names\["(\w+)"\]\}/g, (_, key: string) => names[key] ?? `<no name ${key}>`),
    ),
  );
}
