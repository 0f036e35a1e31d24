/** The build caches' key for a template file's text. */
import { createHash } from 'node:crypto';

/**
 * The key under which the build caches what it prepared from a template file (compiled EJS,
 * parsed YAML): a hash of the text, so an edited or foreign file simply misses the cache.
 */
export function contentKey(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
