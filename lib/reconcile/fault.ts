/**
 * Fault injection and tracing for the crash tests, read only by the apply step.
 * DJANGOFLOW_FAULT names a point, optionally a count and a signal: `after-move:3` sends
 * SIGKILL to this process right after the third file moved into place;
 * `after-journal:1:SIGTERM` delivers SIGTERM. Points: after-stage, after-journal,
 * after-move:N, after-index, after-pristine, after-commit.
 * DJANGOFLOW_FS_TRACE names a file the apply appends its file-system steps to, one per
 * line (`write staged/0`, `fsync staged/0`, `journal`, `rename staged/0 src/x.py`,
 * `fsync-dir src`, `commit`), so a test can check their order.
 */
import { appendFileSync } from 'node:fs';

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

/** One file-system step, written to the trace file when a test asked for one. */
export function traceFs(step: string, ...paths: string[]): void {
  const file = process.env.DJANGOFLOW_FS_TRACE;
  if (file) appendFileSync(file, `${[step, ...paths].join(' ')}\n`);
}
