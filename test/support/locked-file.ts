/**
 * Reading a hash-locked requirements file (`base/requirements/locked/<tier>.txt`, as uv
 * writes it) the way the e2e tests compare them: each entry's `name==version` and its digests.
 */

/** A locked file's entries: `name==version` → its sha256 digests (environment markers left out). */
export function lockedEntries(text: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const line of text.replace(/ \\\n\s+/g, ' ').split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const [requirement, ...words] = line.trim().split(/\s+/);
    const digests = words.filter((word) => word.startsWith('--hash=sha256:'));
    result.set(requirement!, digests.map((word) => word.slice('--hash=sha256:'.length)));
  }
  return result;
}
