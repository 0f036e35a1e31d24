/**
 * Fault injection and tracing for the crash and race tests (the apply, the lock, the pipeline).
 * DJANGOFLOW_FAULT names a point, optionally a count and a signal: `after-move:3` sends
 * SIGKILL to this process right after the third file moved into place;
 * `after-journal:1:SIGTERM` delivers SIGTERM. Points: after-stage, after-journal, after-move:N,
 * after-index, after-pristine, after-commit (apply.ts); lock-start-time, lock-link, lock-break
 * (lock.ts); before-apply (lib/run/pipeline.ts).
 * `full-disk:N` makes the Nth file the apply writes (staged files, the journal, the JSON
 * store) stop halfway with ENOSPC, as a full disk does.
 * DJANGOFLOW_FS_TRACE names a file the apply appends its file-system steps to, one per
 * line (`write staged/0`, `fsync staged/0`, `journal`, `rename staged/0 src/x.py`,
 * `fsync-dir src`, `commit`), so a test can check their order.
 */
import { appendFileSync, closeSync, fsyncSync, openSync, writeFileSync, writeSync } from 'node:fs';

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

let written = 0;

/**
 * Writes every byte of `data` to a new file `path` (created with `mode`), flushed when
 * `sync`: `writeFileSync` on a descriptor loops over short writes, which a nearly full disk
 * makes. Under `DJANGOFLOW_FAULT=full-disk:N` the Nth write stops halfway with ENOSPC.
 */
export function writeAll(path: string, data: string | Buffer, { mode = 0o666, sync = false }: { mode?: number; sync?: boolean } = {}): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const fd = openSync(path, 'w', mode);
  try {
    written++;
    const [name, at] = (process.env.DJANGOFLOW_FAULT ?? '').split(':');
    if (name === 'full-disk' && Number(at) === written) {
      writeSync(fd, bytes, 0, bytes.length >> 1);
      throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    }
    writeFileSync(fd, bytes);
    if (sync) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
