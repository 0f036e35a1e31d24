/**
 * `--cloud` as an answer: refused with one line (nothing written) where the stacks would
 * have nothing to run, and reconciled like any answer: switching the cloud replaces one
 * cloud's stacks, overlays and deploy workflow with the other's; `none` takes them away.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles } from '../support/files.js';
import { folderHash } from '../support/folder-hash.js';
import { generate } from '../support/generate.js';
import { describeRun } from '../support/process.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeTempDir));

const refusals: Array<[string[], RegExp]> = [
  [['--cloud', 'gcp', '--deploy', 'none'], /^djangoflow: --cloud gcp needs --deploy kubernetes and --docker \(the stacks run its manifests and images\); pass them, or --cloud none$/],
  [['--cloud', 'aws', '--no-docker'], /^djangoflow: --cloud aws needs --deploy kubernetes and --docker/],
  [['--cloud', 'azure', '--database', 'sqlite'], /^djangoflow: --cloud azure needs --deploy kubernetes/],
  [['--cloud', 'mars'], /^djangoflow: --cloud must be one of gcp, aws, azure, none; got "mars"$/],
];

test.each(refusals)('%j is refused with one line, nothing written', async (args, message) => {
  const dir = makeTempDir('cloud-refused');
  dirs.push(dir);
  const result = await generate(['--defaults', '--project-name', 'Acme Shop', ...args], { cwd: dir });
  expect(result.code).not.toBe(0);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr.trimEnd()).toMatch(message);
  expect(readdirSync(dir)).toEqual([]);
});

const cloudFiles = (dir: string): string[] =>
  listFiles(dir).filter((path) => path.startsWith('deploy/terraform/') || /^deploy\/kubernetes\/overlays\/(gcp|aws|azure)-/.test(path) || path === '.github/workflows/deploy.yml');

describe('switching the cloud is an answer change', () => {
  let dir = '';

  beforeAll(async () => {
    dir = makeTempDir('cloud-switch');
    dirs.push(dir);
    const made = await generate(['--defaults', '--project-name', 'Acme Shop', '--cloud', 'gcp', '--storage', 'gcs'], { cwd: dir });
    if (made.code !== 0) throw new Error(describeRun('djangoflow', made));
  }, 120_000);

  test('a cloud project renders its stacks, overlays and deploy workflow, and records the answer', () => {
    const files = cloudFiles(dir);
    expect(files).toEqual(expect.arrayContaining(['deploy/terraform/gcp/staging/main.tf', 'deploy/kubernetes/overlays/gcp-production/kustomization.yaml', '.github/workflows/deploy.yml']));
    expect(files.filter((path) => /aws|azure/.test(path))).toEqual([]);
    const record = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8')) as Record<string, { answers: Record<string, unknown> }>;
    expect(record['generator-djangoflow']!.answers.cloud).toBe('gcp');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toContain('/deploy/kubernetes/overlays/*/stack.env');
  });

  test('--deploy none with the cloud on record is refused, nothing changed', async () => {
    const before = folderHash(dir);
    const result = await generate(['--deploy', 'none'], { cwd: dir });
    expect(result.code).not.toBe(0);
    expect(result.stderr.trimEnd()).toMatch(/^djangoflow: --cloud gcp needs --deploy kubernetes and --docker/);
    expect(folderHash(dir)).toBe(before);
  });

  test('--cloud aws replaces the gcp stacks and overlays with the aws ones', async () => {
    const result = await generate(['--cloud', 'aws'], { cwd: dir });
    expect(describeRun('djangoflow --cloud aws', result)).toContain('exited with 0');
    const files = cloudFiles(dir);
    expect(files.filter((path) => /gcp/.test(path))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['deploy/terraform/aws/staging/main.tf', 'deploy/kubernetes/overlays/aws-staging/secrets.yaml']));
    // The storage answer (gcs) is not AWS's bucket: the aws module makes none.
    expect(existsSync(join(dir, 'deploy/terraform/aws/modules/environment/bucket.tf'))).toBe(false);
    expect(readFileSync(join(dir, '.github/workflows/deploy.yml'), 'utf8')).toContain('aws-actions/configure-aws-credentials');
  });

  test('--cloud none takes the stacks, the overlays and the deploy workflow away', async () => {
    const result = await generate(['--cloud', 'none'], { cwd: dir });
    expect(describeRun('djangoflow --cloud none', result)).toContain('exited with 0');
    expect(cloudFiles(dir)).toEqual([]);
    expect(existsSync(join(dir, 'deploy/kubernetes/overlays/staging/kustomization.yaml'))).toBe(true);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).not.toContain('stack.env');
  });
});
