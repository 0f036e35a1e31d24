/**
 * An error caused by the user's input or project state. The CLI prints its message as one
 * line and exits non-zero; anything else is a bug and keeps its stack trace.
 */
import { exitCodes } from '../run/exit-codes.js';

export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = exitCodes.error,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
