/**
 * Opening the page in the user's browser, when there is one: a convenience only. No desktop,
 * no opener, or an opener that fails, and the printed URL is all there is.
 */
import { spawn } from 'node:child_process';

function opener(): { command: string; args: string[] } | undefined {
  if (process.platform === 'darwin') return { command: 'open', args: [] };
  if (process.platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""'] };
  // Without a display there is no browser to open (SSH, containers, CI).
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return undefined;
  return { command: 'xdg-open', args: [] };
}

export function openBrowser(url: string): boolean {
  const found = opener();
  if (!found) return false;
  try {
    const child = spawn(found.command, [...found.args, url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}
