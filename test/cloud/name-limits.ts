/**
 * The clouds' naming limits, written down here apart from the generator's own table
 * (lib/render/cloud-names.ts), for the names a stack gives its module: the longest name the
 * module makes from each (what it appends: `-` and a random suffix, or a fixed word) must
 * stay within the cloud's length and character rules.
 */
interface Limit {
  max: number;
  min?: number;
  pattern: RegExp;
  /** The most characters the module appends to this name. */
  appended: number;
}

const rfc1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const lowerHyphen = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const limits: Record<string, Record<string, Limit>> = {
  gcp: {
    // VPC, subnet, router, NAT; firewall rules "<network>-load-balancer" the longest.
    network: { max: 63, pattern: rfc1035, appended: '-load-balancer'.length },
    cluster: { max: 40, pattern: rfc1035, appended: 0 },
    // Cloud SQL: the instance id with its project id stays under 98; 80 leaves room for it.
    database: { max: 80, pattern: rfc1035, appended: 9 },
    cache: { max: 40, pattern: rfc1035, appended: 0 },
    bucket: { max: 63, min: 3, pattern: lowerHyphen, appended: 9 },
    registry: { max: 63, pattern: rfc1035, appended: 0 },
    app_identity: { max: 30, min: 6, pattern: rfc1035, appended: 0 },
    secrets_identity: { max: 30, min: 6, pattern: rfc1035, appended: 0 },
    // Secret ids: up to 255 of [A-Za-z0-9_-]; the longest key appended is well under 40.
    secret_prefix: { max: 255, pattern: /^[a-z0-9-]+$/, appended: 40 },
    address: { max: 63, pattern: rfc1035, appended: 0 },
  },
  aws: {
    // The VPC's Name tag and the flow logs' IAM role "<network>-flow-logs" (64).
    network: { max: 64, pattern: lowerHyphen, appended: '-flow-logs'.length },
    // EKS: 1-100, letters, digits, hyphens, underscores, starting with a letter or digit.
    cluster: { max: 100, pattern: lowerHyphen, appended: 0 },
    // RDS identifier: 1-63, letter first, no "--", no trailing hyphen.
    database: { max: 63, pattern: rfc1035, appended: 0 },
    // ElastiCache replication group id: 1-40.
    cache: { max: 40, pattern: rfc1035, appended: 0 },
    bucket: { max: 63, min: 3, pattern: lowerHyphen, appended: 9 },
    registry: { max: 256, pattern: lowerHyphen, appended: 0 },
    // IAM role names: 64.
    app_identity: { max: 64, pattern: lowerHyphen, appended: 0 },
    secrets_identity: { max: 64, pattern: lowerHyphen, appended: 0 },
    cluster_identity: { max: 64, pattern: lowerHyphen, appended: 0 },
    node_identity: { max: 64, pattern: lowerHyphen, appended: 0 },
    // Secrets Manager names: 512 of [A-Za-z0-9/_+=.@-].
    secret_prefix: { max: 512, pattern: /^[a-z0-9/-]+$/, appended: 40 },
  },
  azure: {
    resource_group: { max: 90, pattern: lowerHyphen, appended: 0 },
    network: { max: 64, pattern: lowerHyphen, appended: 10 },
    // AKS: 1-63; its node resource group "MC_<rg>_<cluster>_<region>" is Azure's to cut.
    cluster: { max: 63, pattern: lowerHyphen, appended: 0 },
    // PostgreSQL/MySQL flexible server: 3-63, global.
    database: { max: 63, min: 3, pattern: lowerHyphen, appended: 9 },
    // Azure Cache for Redis: 1-63, global.
    cache: { max: 63, pattern: lowerHyphen, appended: 9 },
    // Storage account: 3-24 lowercase letters and digits, global.
    storage_account: { max: 24, min: 3, pattern: /^[a-z0-9]+$/, appended: 8 },
    // Container registry: 5-50 letters and digits, global.
    registry: { max: 50, min: 5, pattern: /^[a-z0-9]+$/, appended: 8 },
    // Key Vault: 3-24, letter first, letters, digits and single hyphens, global.
    key_vault: { max: 24, min: 3, pattern: rfc1035, appended: 9 },
    app_identity: { max: 128, pattern: lowerHyphen, appended: 0 },
    secrets_identity: { max: 128, pattern: lowerHyphen, appended: 0 },
    address: { max: 80, pattern: lowerHyphen, appended: 0 },
    secret_prefix: { max: 127, pattern: lowerHyphen, appended: 40 },
  },
};

/** One line per name over its cloud's limits, or naming a resource the table does not know. */
export function nameProblems(cloud: string, names: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [key, name] of Object.entries(names)) {
    const limit = limits[cloud]?.[key];
    if (!limit) {
      problems.push(`${key}: no limit known for ${cloud}`);
      continue;
    }
    const longest = name.length + limit.appended;
    if (longest > limit.max) problems.push(`${key} "${name}": ${longest} characters with what the module appends, over ${limit.max}`);
    if (name.length < (limit.min ?? 1)) problems.push(`${key} "${name}": under ${limit.min} characters`);
    if (!limit.pattern.test(name)) problems.push(`${key} "${name}": not ${limit.pattern}`);
    if (name.includes('--')) problems.push(`${key} "${name}": has "--"`);
  }
  return problems;
}
