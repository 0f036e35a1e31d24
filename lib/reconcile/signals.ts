/**
 * SIGINT, SIGTERM and SIGHUP (Ctrl-C, `timeout`, CI cancellation, `docker stop`) during a
 * command. Before anything is written the process stops at once ("nothing written");
 * while the apply runs, the signal is only recorded and the apply rolls back at its next
 * check; once the apply committed, the command finishes and exits non-zero, saying the
 * changes were applied. Never exit 0 after a signal, never say "cancelled" after a commit.
 */
import { exitCodes, signalExitCodes } from '../run/exit-codes.js';

export type Phase = 'idle' | 'applying' | 'applied';

const watched = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

let phase: Phase = 'idle';
let received: NodeJS.Signals | null = null;
let commandWide = false;

export function signalExitCode(signal: NodeJS.Signals): number {
  return (signalExitCodes as Record<string, number>)[signal] ?? exitCodes.cancelled;
}

/** One listener per signal: `process.emit('SIGINT')` (tests) passes no name. */
const listeners = Object.fromEntries(watched.map((signal) => [signal, () => onSignal(signal)])) as Record<(typeof watched)[number], () => void>;

function onSignal(signal: NodeJS.Signals): void {
  received ??= signal;
  if (!commandWide || phase !== 'idle') return;
  process.stderr.write(`djangoflow: interrupted (${signal}); nothing was written\n`);
  process.exit(signalExitCode(signal));
}

/** Installed by the bin for the whole command. */
export function watchSignalsForCommand(): void {
  if (commandWide) return;
  commandWide = true;
  for (const signal of watched) process.on(signal, listeners[signal]);
}

/**
 * Marks the apply as running; the returned function ends it. Outside the bin (tests, the
 * Yeoman class) the listeners live only while the apply runs, so a signal there is still
 * turned into a rollback instead of killing the process between two moves.
 */
export function beginApply(): (applied: boolean) => void {
  phase = 'applying';
  if (!commandWide) received = null;
  const temporary = !commandWide;
  if (temporary) for (const signal of watched) process.on(signal, listeners[signal]);
  return (applied) => {
    phase = applied ? 'applied' : 'idle';
    if (temporary) for (const signal of watched) process.off(signal, listeners[signal]);
  };
}

/** The signal received during this command (or this apply, outside the bin), if any. */
export function interruption(): NodeJS.Signals | null {
  return received;
}

export function currentPhase(): Phase {
  return phase;
}
