/**
 * The names of the cloud resources a Terraform stack creates (`--cloud`), as data: per cloud
 * and resource, the name's pattern and the cloud's limits (length, characters). A name that
 * would pass a limit (a long project slug) is cut and given a short hash of the whole name,
 * so two environments never share one. Globally unique names (buckets, vaults, registries)
 * get a random suffix in Terraform: `suffix` is the room kept for it.
 */
import { createHash } from 'node:crypto';

export type Cloud = 'gcp' | 'aws' | 'azure';

interface NameRule {
  /** The whole name before fitting: `{kebab}` the project slug in kebab case, `{env}` the environment. */
  pattern: string;
  max: number;
  /** Letters and digits only (Azure storage accounts and registries). */
  alphanumeric?: boolean;
  /** Characters Terraform appends (`-` and 8 hex digits of a random_id). */
  suffix?: number;
}

const unique = 9;

export const nameRules: Record<Cloud, Record<string, NameRule>> = {
  gcp: {
    network: { pattern: '{kebab}-{env}', max: 49 },
    cluster: { pattern: '{kebab}-{env}', max: 40 },
    database: { pattern: '{kebab}-{env}', max: 80, suffix: unique },
    cache: { pattern: '{kebab}-{env}', max: 40 },
    bucket: { pattern: '{kebab}-{env}-media', max: 63, suffix: unique },
    registry: { pattern: '{kebab}-{env}', max: 63 },
    app_identity: { pattern: '{kebab}-{env}-app', max: 30 },
    secrets_identity: { pattern: '{kebab}-{env}-secrets', max: 30 },
    secret_prefix: { pattern: '{kebab}-{env}', max: 200 },
    address: { pattern: '{kebab}-{env}-ingress', max: 63 },
  },
  aws: {
    network: { pattern: '{kebab}-{env}', max: 54 },
    cluster: { pattern: '{kebab}-{env}', max: 100 },
    database: { pattern: '{kebab}-{env}', max: 63 },
    cache: { pattern: '{kebab}-{env}', max: 40 },
    bucket: { pattern: '{kebab}-{env}-media', max: 63, suffix: unique },
    registry: { pattern: '{kebab}-{env}', max: 200 },
    app_identity: { pattern: '{kebab}-{env}-app', max: 64 },
    secrets_identity: { pattern: '{kebab}-{env}-secrets', max: 64 },
    cluster_identity: { pattern: '{kebab}-{env}-cluster', max: 64 },
    node_identity: { pattern: '{kebab}-{env}-nodes', max: 64 },
    secret_prefix: { pattern: '{kebab}/{env}', max: 200 },
  },
  azure: {
    resource_group: { pattern: 'rg-{kebab}-{env}', max: 90 },
    network: { pattern: '{kebab}-{env}', max: 64 },
    cluster: { pattern: '{kebab}-{env}', max: 63 },
    database: { pattern: '{kebab}-{env}', max: 63, suffix: unique },
    cache: { pattern: '{kebab}-{env}', max: 63, suffix: unique },
    storage_account: { pattern: '{kebab}{env}', max: 24, alphanumeric: true, suffix: 8 },
    registry: { pattern: '{kebab}{env}', max: 50, alphanumeric: true, suffix: 8 },
    key_vault: { pattern: 'kv-{kebab}-{env}', max: 24, suffix: unique },
    app_identity: { pattern: '{kebab}-{env}-app', max: 128 },
    secrets_identity: { pattern: '{kebab}-{env}-secrets', max: 128 },
    address: { pattern: '{kebab}-{env}-ingress', max: 80 },
    secret_prefix: { pattern: '{kebab}-{env}', max: 87 },
  },
};

const hash = (text: string, length: number): string => createHash('sha256').update(text).digest('hex').slice(0, length);

/** The name within `max` characters: unchanged when it fits, else cut with a 4-character hash of the whole. */
export function fitName(whole: string, max: number, alphanumeric = false): string {
  const name = alphanumeric ? whole.replace(/[^a-z0-9]/g, '') : whole;
  if (name.length <= max) return name;
  const tag = hash(whole, 4);
  const kept = name.slice(0, max - tag.length - (alphanumeric ? 0 : 1)).replace(/-+$/, '');
  return alphanumeric ? `${kept}${tag}` : `${kept}-${tag}`;
}

/** Every resource name of one environment's stack, before Terraform's random suffix. */
export function cloudNames(cloud: Cloud, kebab: string, environment: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(nameRules[cloud]).map(([resource, rule]) => {
      const whole = rule.pattern.replace('{kebab}', kebab).replace('{env}', environment).replace(/--+/g, '-');
      return [resource, fitName(whole, rule.max - (rule.suffix ?? 0), rule.alphanumeric)];
    }),
  );
}
