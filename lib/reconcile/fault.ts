/**
 * Fault injection for the crash tests, read only by the apply step. DJANGOFLOW_FAULT names a
 * point, optionally a count and a signal: `after-move:3` sends SIGKILL to this process
 * right after the third file moved into place; `after-journal:1:SIGTERM` delivers SIGTERM.
 * Points: after-stage, after-journal, after-move:N, after-index, after-pristine, after-commit.
 */
export function faultPoint(point: string, count = 1): void {
  const spec = process.env.DJANGOFLOW_FAULT;
  if (!spec) return;
  const [name, at = '1', signal = 'SIGKILL'] = spec.split(':');
  if (name !== point || Number(at) !== count) return;
  // SIGKILL really kills. Another signal is handed to the listeners at once (as if it
  // arrived at this instant): a real one reaches JavaScript only some loop turns later.
  if (signal === 'SIGKILL') process.kill(process.pid, 'SIGKILL');
  else process.emit(signal as NodeJS.Signals, signal as NodeJS.Signals);
}
