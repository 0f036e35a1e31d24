/** Starts the real `djangoflow ui` bin in a folder and reads the URL it prints; stopping sends SIGTERM to that one process. */
import { type ChildProcess, spawn } from 'node:child_process';
import { binPath } from '../support/paths.js';

export interface UiProcess {
  url: string;
  origin: string;
  port: number;
  token: string;
  child: ChildProcess;
  output: () => string;
  /** SIGTERM (or the given signal), then the exit code. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

export function startUi(cwd: string, args: string[] = []): Promise<UiProcess> {
  const child = spawn(process.execPath, [binPath, 'ui', '--no-open', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`djangoflow ui printed no URL: ${output}`)), 20_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /djangoflow ui: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]+))/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', read);
      child.stdout!.on('data', (more: Buffer) => (output += more.toString('utf8')));
      resolve({
        url: match[1]!,
        origin: `http://127.0.0.1:${match[2]}`,
        port: Number(match[2]),
        token: match[3]!,
        child,
        output: () => output,
        stop: (signal = 'SIGTERM') => {
          child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('exit', (code) => reject(new Error(`djangoflow ui exited (${code}): ${output}`)));
  });
}
