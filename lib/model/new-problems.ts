/**
 * The rule the state checks share (database-keys.ts, reserved-fields.ts): a state about to be
 * written is refused for a problem its previous state did not have, the first one named and
 * the rest counted; one the record already holds is left alone, as its project runs today.
 */
import { UserError } from '../input/errors.js';

export function refuseNewProblems(next: readonly string[], previous: readonly string[]): void {
  const known = new Set(previous);
  const added = next.filter((problem) => !known.has(problem));
  if (added.length) throw new UserError(added.length > 1 ? `${added[0]} (and ${added.length - 1} more)` : added[0]!);
}
