/** Generator versions compared numerically (0.10.0 after 0.9.0), for migrations and the downgrade guard. */

/** A release version as recorded: 1.2.3, with an optional pre-release or build part. */
export const versionPattern = /^\d+\.\d+\.\d+([-+][0-9A-Za-z.+-]*)?$/;

/** Compares dotted versions numerically: -1, 0 or 1. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) < (pb[i] ?? 0) ? -1 : 1;
  }
  return 0;
}
