/**
 * The secrets a cloud stack (`--cloud`) keeps in the cloud's secret manager for the
 * `django-secrets` Secret: every credential production requires (the rule of
 * deploy/kubernetes/secret.example.env). Terraform writes the ones it can make (a random
 * key, the connection URLs of what it creates); the others are created empty for the team
 * to fill in. External Secrets copies them all into the namespace.
 */
import type { EnvVar } from '../plugins/manifest.js';

/** What Terraform puts in a secret it fills itself. */
export type SecretSource = 'random-key' | 'admin-path' | 'database-url' | 'redis-url' | 'storage-key';

export interface CloudSecret {
  /** The environment variable the pods read. */
  variable: string;
  /** The secret's name in the cloud, after the environment's prefix (lowercase, hyphens). */
  key: string;
  /** How Terraform fills it, or null: the team adds its value. */
  source: SecretSource | null;
}

/** The same rule as deploy/kubernetes: these variables hold credentials. */
export const sensitive = (name: string): boolean => /SECRET|PASSWORD|_KEY$|_KEY_ID$|DSN|TOKEN|_URL$/.test(name);

const sources: Record<string, SecretSource> = {
  DJANGO_SECRET_KEY: 'random-key',
  HASHID_FIELD_SALT: 'random-key',
  DJANGO_ADMIN_URL: 'admin-path',
  DATABASE_URL: 'database-url',
  REDIS_URL: 'redis-url',
  DJANGO_AZURE_ACCOUNT_KEY: 'storage-key',
};

export function cloudSecrets(env: readonly EnvVar[]): CloudSecret[] {
  return env
    .filter((variable) => variable.required === 'production' && sensitive(variable.name))
    .map((variable) => ({
      variable: variable.name,
      key: variable.name.toLowerCase().replace(/_/g, '-'),
      source: sources[variable.name] ?? null,
    }));
}
