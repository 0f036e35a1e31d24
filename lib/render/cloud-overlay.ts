/**
 * What the Kubernetes overlay of a cloud environment (`--cloud`, overlays/<cloud>-<env>)
 * takes from its Terraform stack, as data: which stack output lands in which field
 * (kustomize replacements from the `stack-outputs` ConfigMap that deploy/terraform/stack-env
 * writes), the service accounts' workload identity annotation, and the secret manager's
 * name of every secret of `django-secrets`.
 */
import type { EnvVar } from '../plugins/manifest.js';
import type { Answers } from '../questions/question.js';
import { type Cloud, cloudNames } from './cloud-names.js';
import { type CloudSecret, cloudSecrets } from './cloud-secrets.js';

export interface Replacement {
  /** The stack output (a key of stack.env). */
  output: string;
  kind: string;
  name: string;
  fieldPath: string;
}

export interface CloudOverlay {
  /** The workload identity annotation of a Kubernetes service account. */
  annotation: string;
  replacements: Replacement[];
  /** django-config entries the replacements fill (a placeholder until then). */
  config: string[];
  /** Each variable of django-secrets and its secret's name in the cloud. */
  secrets: Array<{ variable: string; key: string }>;
}

const identity: Record<Cloud, { annotation: string; app: string; secrets: string }> = {
  gcp: { annotation: 'iam.gke.io/gcp-service-account', app: 'app_service_account', secrets: 'secrets_service_account' },
  aws: { annotation: 'eks.amazonaws.com/role-arn', app: 'app_role_arn', secrets: 'secrets_role_arn' },
  azure: { annotation: 'azure.workload.identity/client-id', app: 'app_client_id', secrets: 'secrets_client_id' },
};

/** The storage answer that puts media in this cloud's bucket, the setting naming it and the output. */
const buckets: Record<Cloud, { storage: string; variable: string; output: string }> = {
  gcp: { storage: 'gcs', variable: 'DJANGO_GCP_STORAGE_BUCKET_NAME', output: 'media_bucket' },
  aws: { storage: 's3', variable: 'DJANGO_AWS_STORAGE_BUCKET_NAME', output: 'media_bucket' },
  azure: { storage: 'azure', variable: 'DJANGO_AZURE_ACCOUNT_NAME', output: 'storage_account' },
};

/** The SecretStore's fields that name the cloud's secret manager. */
const store: Record<Cloud, Array<[string, string]>> = {
  gcp: [
    ['project_id', 'spec.provider.gcpsm.projectID'],
    ['region', 'spec.provider.gcpsm.auth.workloadIdentity.clusterLocation'],
    ['cluster_name', 'spec.provider.gcpsm.auth.workloadIdentity.clusterName'],
  ],
  aws: [['region', 'spec.provider.aws.region']],
  azure: [
    ['key_vault_url', 'spec.provider.azurekv.vaultUrl'],
    ['tenant_id', 'spec.provider.azurekv.tenantId'],
  ],
};

/** The Ingress's fields the stack fills on GKE (elsewhere ingress-nginx takes the static address, cert-manager the certificate). */
const ingress: Record<Cloud, Array<[string, string]>> = {
  gcp: [['ingress_address_name', 'metadata.annotations.[kubernetes.io/ingress.global-static-ip-name]']],
  aws: [],
  azure: [],
};

/** Whether the stack creates the media bucket: the storage answer names this cloud's. */
export const cloudBucket = (cloud: Cloud, storage: string): boolean => buckets[cloud]?.storage === storage;

export function cloudOverlay(
  cloud: Cloud,
  answers: { storage: string; ingressName: string; secretPrefix: string },
  secrets: readonly CloudSecret[],
): CloudOverlay {
  const { annotation, app, secrets: reader } = identity[cloud];
  const replacements: Replacement[] = [
    { output: app, kind: 'ServiceAccount', name: 'django', fieldPath: `metadata.annotations.[${annotation}]` },
    { output: reader, kind: 'ServiceAccount', name: 'external-secrets', fieldPath: `metadata.annotations.[${annotation}]` },
  ];
  const config: string[] = [];
  const bucket = buckets[cloud];
  if (bucket.storage === answers.storage) {
    replacements.push({ output: bucket.output, kind: 'ConfigMap', name: 'django-config', fieldPath: `data.${bucket.variable}` });
    config.push(bucket.variable);
    if (cloud === 'aws') {
      replacements.push({ output: 'region', kind: 'ConfigMap', name: 'django-config', fieldPath: 'data.DJANGO_AWS_S3_REGION_NAME' });
      config.push('DJANGO_AWS_S3_REGION_NAME');
    }
  }
  for (const [output, fieldPath] of store[cloud]) replacements.push({ output, kind: 'SecretStore', name: 'cloud-secrets', fieldPath });
  for (const [output, fieldPath] of ingress[cloud]) replacements.push({ output, kind: 'Ingress', name: answers.ingressName, fieldPath });
  const separator = cloud === 'aws' ? '/' : '-';
  return {
    annotation,
    replacements,
    config,
    secrets: secrets.map((secret) => ({ variable: secret.variable, key: `${answers.secretPrefix}${separator}${secret.key}` })),
  };
}

/** The render context's cloud part: names, secrets and overlay data per environment. */
export function cloudContext(answers: Answers, kebab: string, env: readonly EnvVar[]) {
  const cloud = answers.cloud as Cloud;
  const secrets = cloudSecrets(env);
  const names = (environment: string) => cloudNames(cloud, kebab, environment);
  return {
    cloudNames: names,
    cloudSecrets: secrets,
    cloudBucket: cloudBucket(cloud, String(answers.storage)),
    cloudOverlay: (environment: string) =>
      cloudOverlay(cloud, { storage: String(answers.storage), ingressName: kebab, secretPrefix: names(environment).secret_prefix! }, secrets),
  };
}
