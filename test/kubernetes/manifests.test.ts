import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../support/generate.js';
import { describeRun, run } from '../support/process.js';
import { makeTempDir, removeTempDir } from '../support/tempdir.js';
import {
  byKind,
  envExamples,
  generatedSecretKey,
  type KubeObject,
  kubectl,
  kubernetesDir,
  kustomize,
  named,
  requiredInProduction,
  schemaProblems,
  secretExampleNames,
} from './manifests.js';

/** Answer combinations and what their manifests must contain. */
const variants = [
  { label: 'defaults (drf, no celery)', args: [], api: true, celery: false },
  { label: 'celery + api', args: ['--celery', '--api=drf'], api: true, celery: true },
  { label: 'no api, s3 media, mailgun', args: ['--api=none', '--storage=s3', '--email=mailgun'], api: false, celery: false },
];
const overlays = ['staging', 'production'] as const;
const domain = 'shop.example.org';

const settingsModules: Record<string, string> = {
  web: 'config.web.settings',
  api: 'config.api.settings',
  admin: 'config.admin.settings',
  worker: 'config.settings.production',
  beat: 'config.settings.production',
  migrate: 'config.settings.production',
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Pod = any;
const podOf = (object: KubeObject): Pod => object.spec.template.spec;
const containerOf = (object: KubeObject): Pod => podOf(object).containers[0];
const podLabels = (object: KubeObject): Record<string, string> => object.spec.template.metadata.labels;
const matches = (selector: Record<string, string>, labels: Record<string, string>): boolean =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

describe.each(variants)('Kubernetes manifests: $label', ({ args, api, celery }) => {
  let project = '';
  const rendered: Record<string, { objects: KubeObject[]; text: string; warnings: string }> = {};
  const served = ['web', ...(api ? ['api'] : []), 'admin'];
  const deployments = [...served, ...(celery ? ['worker', 'beat'] : [])].sort();

  beforeAll(async () => {
    const result = await generate(['--defaults', '--project-name', 'Acme Shop', `--domain=${domain}`, ...args]);
    project = result.dir;
    if (result.code !== 0) throw new Error(describeRun('djangoflow', result));
    for (const overlay of overlays) {
      rendered[overlay] = await kustomize(join(kubernetesDir(project), 'overlays', overlay));
    }
  }, 120_000);

  afterAll(() => {
    if (project) removeTempDir(project);
  });

  test.each(overlays)('%s: kustomize renders it without a warning (no deprecated fields)', (overlay) => {
    expect(rendered[overlay]!.warnings).toBe('');
  });

  test('deploy --help prints the usage and the environments, and deploys nothing', async () => {
    const result = await run(join(kubernetesDir(project), 'deploy'), ['--help'], { env: { ...process.env, PATH: '/usr/bin:/bin' } });
    expect(describeRun('deploy --help', result)).toMatch(/^deploy --help exited with 0/);
    expect(result.stdout).toMatch(/^usage: deploy\/kubernetes\/deploy ENVIRONMENT IMAGE TAG\n/);
    expect(result.stdout).toContain('environments: production staging');
  });

  test.each(overlays)('%s: every object is valid against the Kubernetes schemas', async (overlay) => {
    expect(await schemaProblems(rendered[overlay]!.objects)).toEqual([]);
  });

  test.each(overlays)('%s: a Deployment per process, each with its settings module', (overlay) => {
    const { objects } = rendered[overlay]!;
    expect(byKind(objects, 'Deployment').map((d) => d.metadata.name).sort()).toEqual(deployments);
    for (const name of [...deployments, 'migrate']) {
      const object = named(objects, name === 'migrate' ? 'Job' : 'Deployment', name);
      const env = containerOf(object).env as Array<{ name: string; value?: string; valueFrom?: unknown }>;
      expect({ name, settings: env.find((v) => v.name === 'DJANGO_SETTINGS_MODULE')?.value }).toEqual({
        name,
        settings: settingsModules[name],
      });
      expect(env.find((v) => v.name === 'POD_IP')?.valueFrom).toEqual({ fieldRef: { fieldPath: 'status.podIP' } });
    }
  });

  test.each(overlays)('%s: every pod runs as non-root on a read-only root, with requests and limits', (overlay) => {
    const { objects } = rendered[overlay]!;
    const workloads = [...byKind(objects, 'Deployment'), ...byKind(objects, 'Job')];
    expect(workloads.length).toBe(deployments.length + 1);
    for (const object of workloads) {
      const pod = podOf(object);
      const label = `${object.kind}/${object.metadata.name}`;
      expect({ label, nonRoot: pod.securityContext?.runAsNonRoot }).toEqual({ label, nonRoot: true });
      for (const container of pod.containers) {
        expect({ label, ...container.securityContext }).toMatchObject({
          label,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
        });
        for (const tier of ['requests', 'limits']) {
          expect({ label, tier, keys: Object.keys(container.resources?.[tier] ?? {}).sort() }).toEqual({
            label,
            tier,
            keys: ['cpu', 'memory'],
          });
        }
        // Where Django and gunicorn write: /tmp (and collected static files) on volumes.
        const mounts = (container.volumeMounts ?? []).map((m: { mountPath: string }) => m.mountPath);
        expect({ label, mounts }).toEqual({ label, mounts: expect.arrayContaining(['/tmp']) });
        const volumes = (pod.volumes ?? []).map((v: { name: string }) => v.name);
        for (const mount of container.volumeMounts ?? []) expect(volumes).toContain(mount.name);
      }
    }
    const web = containerOf(named(objects, 'Deployment', 'web'));
    expect(web.volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toContain('/app/staticfiles');
  });

  test.each(overlays)('%s: served processes probe /healthz/ (ready) and /livez/ (alive) and have a Service, an HPA and a PDB', (overlay) => {
    const { objects } = rendered[overlay]!;
    const config = byKind(objects, 'ConfigMap')[0]!.data!;
    for (const name of served) {
      const deployment = named(objects, 'Deployment', name);
      const container = containerOf(deployment);
      const http = container.ports.find((p: { name: string }) => p.name === 'http');
      expect(http.containerPort).toBe(5000);
      // Liveness asks no backing service: their outage must not restart every pod.
      const paths = { readinessProbe: '/healthz/', startupProbe: '/healthz/', livenessProbe: '/livez/' };
      for (const [probe, path] of Object.entries(paths)) {
        expect({ name, probe, httpGet: container[probe]?.httpGet }).toEqual({
          name,
          probe,
          httpGet: { path, port: 'http' },
        });
      }
      // The endpoint leaves the Service before gunicorn drains; both fit in the grace period.
      const sleep = Number(container.lifecycle.preStop.exec.command.at(-1));
      const graceful = Number(config.GUNICORN_GRACEFUL_TIMEOUT);
      expect(sleep).toBeGreaterThan(0);
      expect(sleep + graceful).toBeLessThan(podOf(deployment).terminationGracePeriodSeconds);
      expect(deployment.spec.replicas).toBeUndefined();

      const service = named(objects, 'Service', name);
      expect(matches(service.spec.selector, podLabels(deployment))).toBe(true);
      expect(service.spec.ports[0].targetPort).toBe('http');

      const hpa = named(objects, 'HorizontalPodAutoscaler', name);
      expect(hpa.apiVersion).toBe('autoscaling/v2');
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
      expect(hpa.spec.minReplicas).toBeLessThanOrEqual(hpa.spec.maxReplicas);

      const pdb = named(objects, 'PodDisruptionBudget', name);
      expect(matches(pdb.spec.selector.matchLabels, podLabels(deployment))).toBe(true);
      // The selector picks this process's pods only.
      for (const other of served.filter((n) => n !== name)) {
        expect(matches(pdb.spec.selector.matchLabels, podLabels(named(objects, 'Deployment', other)))).toBe(false);
      }
    }
    expect(byKind(objects, 'Service').map((s) => s.metadata.name).sort()).toEqual([...served].sort());
  });

  test.each(overlays)('%s: Celery worker and beat only when Celery is on; beat is a single replica', (overlay) => {
    const { objects } = rendered[overlay]!;
    if (!celery) {
      expect(objects.filter((o) => ['worker', 'beat'].includes(o.metadata.name))).toEqual([]);
      return;
    }
    const worker = containerOf(named(objects, 'Deployment', 'worker'));
    expect(worker.args).toEqual(['/start-celeryworker']);
    expect(worker.livenessProbe.exec.command.join(' ')).toMatch(/celery -A config\.celery_app inspect ping/);
    const beat = named(objects, 'Deployment', 'beat');
    expect(containerOf(beat).args).toEqual(['/start-celerybeat']);
    expect(beat.spec.replicas).toBe(1);
    expect(beat.spec.strategy).toEqual({ type: 'Recreate' });
    const scaled = byKind(objects, 'HorizontalPodAutoscaler').map((h) => h.spec.scaleTargetRef.name);
    expect(scaled).not.toContain('beat');
    expect(scaled).toContain('worker');
  });

  test.each(overlays)('%s: the migrate Job runs manage.py migrate once, never restarted in place', (overlay) => {
    const job = named(rendered[overlay]!.objects, 'Job', 'migrate');
    expect(containerOf(job).args).toEqual(['python', 'manage.py', 'migrate', '--noinput']);
    expect(podOf(job).restartPolicy).toBe('Never');
    expect(job.metadata.labels?.['app.kubernetes.io/component']).toBe('migrate');
  });

  test.each(overlays)('%s: the Ingress serves the environment host over TLS', (overlay) => {
    const { objects } = rendered[overlay]!;
    const host = overlay === 'production' ? domain : `staging.${domain}`;
    const [ingress, ...others] = byKind(objects, 'Ingress');
    expect(others).toEqual([]);
    const hosts = ingress!.spec.rules.map((rule: { host: string }) => rule.host);
    expect(hosts).toEqual([host, `admin.${host}`]);
    expect(ingress!.spec.tls[0].hosts).toEqual(hosts);
    const backends: string[] = ingress!.spec.rules.flatMap((rule: Pod) =>
      rule.http.paths.map((path: Pod) => `${rule.host}${path.path}→${path.backend.service.name}`),
    );
    expect(backends.sort()).toEqual(
      [`${host}/→web`, `admin.${host}/→admin`, ...(api ? [`${host}/api/→api`] : [])].sort(),
    );
    // The settings allow exactly the hosts the ingress routes (plus the pod IP).
    const config = byKind(objects, 'ConfigMap')[0]!.data!;
    expect(config.DJANGO_ALLOWED_HOSTS!.split(',').sort()).toEqual([...hosts].sort());
  });

  test.each(overlays)('%s: one namespace per environment, config from the ConfigMap, secrets from outside', (overlay) => {
    const { objects } = rendered[overlay]!;
    const namespace = `acme-shop-${overlay}`;
    expect(byKind(objects, 'Namespace').map((n) => n.metadata.name)).toEqual([namespace]);
    for (const object of objects.filter((o) => o.kind !== 'Namespace')) {
      expect(`${object.kind}/${object.metadata.name} in ${object.metadata.namespace}`).toBe(
        `${object.kind}/${object.metadata.name} in ${namespace}`,
      );
    }
    expect(byKind(objects, 'Secret')).toEqual([]);
    const [configMap] = byKind(objects, 'ConfigMap');
    for (const object of [...byKind(objects, 'Deployment'), ...byKind(objects, 'Job')]) {
      expect(containerOf(object).envFrom).toEqual([
        { configMapRef: { name: configMap!.metadata.name } },
        { secretRef: { name: 'django-secrets' } },
      ]);
    }
  });

  test.each(overlays)('%s: no secret value appears in the manifests', (overlay) => {
    const { objects, text } = rendered[overlay]!;
    const secretNames = secretExampleNames(project);
    expect(secretNames).toEqual(expect.arrayContaining(['DJANGO_SECRET_KEY', 'DATABASE_URL']));
    const key = generatedSecretKey(project);
    expect(key).toBeTruthy();
    expect(text).not.toContain(key);
    const examples = envExamples(project);
    for (const name of secretNames.filter((n) => (examples[n] ?? '').length > 3)) {
      expect({ name, leaked: text.includes(examples[name]!) }).toEqual({ name, leaked: false });
    }
    const config = byKind(objects, 'ConfigMap')[0]!.data!;
    expect(Object.keys(config).filter((name) => secretNames.includes(name))).toEqual([]);
    for (const object of [...byKind(objects, 'Deployment'), ...byKind(objects, 'Job')]) {
      const literal = (containerOf(object).env as Array<{ name: string; value?: string }>)
        .filter((v) => v.value !== undefined && secretNames.includes(v.name))
        .map((v) => v.name);
      expect({ object: object.metadata.name, literal }).toEqual({ object: object.metadata.name, literal: [] });
    }
  });

  test('every variable production requires comes from the ConfigMap or the documented Secret', () => {
    const config = byKind(rendered.production!.objects, 'ConfigMap')[0]!.data!;
    const secretText = readFileSync(join(kubernetesDir(project), 'secret.example.env'), 'utf8');
    const required = requiredInProduction(project);
    expect(required).toEqual(expect.arrayContaining(['DJANGO_SECRET_KEY', 'DJANGO_ALLOWED_HOSTS']));
    for (const name of required) {
      const source = name in config ? 'configmap' : new RegExp(`^${name}=$`, 'm').test(secretText) ? 'secret' : 'nowhere';
      expect({ name, source }).toEqual({ name, source: expect.stringMatching(/^(configmap|secret)$/) });
    }
  });

  test('deploy applies the migrate Job first, waits for it, then rolls out every Deployment', async () => {
    // A kubectl stand-in that logs its arguments and renders what it is asked to apply.
    const bin = makeTempDir('fake-kubectl');
    const log = join(bin, 'calls.log');
    const real = (await run('sh', ['-c', `command -v ${kubectl}`])).stdout.trim();
    writeFileSync(
      join(bin, 'kubectl'),
      [
        '#!/bin/bash',
        `echo "$*" >> "${log}"`,
        'if [[ "$1" == apply ]]; then',
        `  "${real}" kustomize "$3" > "${bin}/applied-$(wc -l < "${log}").yaml"`,
        'fi',
        '',
      ].join('\n'),
    );
    chmodSync(join(bin, 'kubectl'), 0o755);
    try {
      const result = await run(join(kubernetesDir(project), 'deploy'), ['staging', 'registry.example.org/acme-shop', 'abc123'], {
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
      });
      expect(describeRun('deploy', result)).toMatch(/^deploy exited with 0/);
      const calls = readFileSync(log, 'utf8').trim().split('\n');
      const verbs = calls.map((call) => call.split(' ').find((word) => !word.startsWith('-') && word !== 'acme-shop-staging'));
      expect(verbs).toEqual(['delete', 'apply', 'wait', 'apply', ...deployments.map(() => 'rollout')]);
      expect(calls[1]).toMatch(/--selector app\.kubernetes\.io\/component in \(namespace,config,migrate\)/);
      expect(calls[2]).toMatch(/job\/migrate --for=condition=complete/);
      const rolledOut = calls.slice(4).map((call) => /deployment\/(\S+)/.exec(call)?.[1]);
      expect(rolledOut.sort()).toEqual(deployments);
      // What was applied carries this release's image, everywhere.
      const applied = readFileSync(join(bin, 'applied-4.yaml'), 'utf8');
      const images = [...applied.matchAll(/image: (\S+)/g)].map((match) => match[1]);
      expect(new Set(images)).toEqual(new Set(['registry.example.org/acme-shop:abc123']));
      // Its scratch folder is gone.
      expect(readdirSync(kubernetesDir(project)).filter((name) => name.startsWith('release.'))).toEqual([]);
    } finally {
      removeTempDir(bin);
    }
  });
});

describe('--deploy', () => {
  test('none: no deploy folder', async () => {
    const result = await generate(['--defaults', '--deploy=none']);
    try {
      expect(describeRun('djangoflow', result)).toMatch(/^djangoflow exited with 0/);
      expect(existsSync(join(result.dir, 'src/config/settings/production.py'))).toBe(true);
      expect(existsSync(join(result.dir, 'deploy'))).toBe(false);
    } finally {
      removeTempDir(result.dir);
    }
  });
});
