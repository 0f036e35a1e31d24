/**
 * Signals during a command (lib/reconcile/signals.ts) and the fault points that stand in for
 * them in the crash tests (fault.ts's faultPoint). In process: a signal is emitted to the
 * listeners, and process.exit / process.kill are replaced by recorders, so what the process
 * would do (exit code, the line on stderr, the signal sent to itself) is asserted exactly.
 * The command-wide listeners stay for the process, so those tests come last.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { exitCodes } from '../../lib/run/exit-codes.js';
import { faultPoint, writeAll } from '../../lib/reconcile/fault.js';
import { beginApply, currentPhase, interruption, signalExitCode, watchSignalsForCommand } from '../../lib/reconcile/signals.js';
import { makeProject, removeProjects } from './helpers.js';

const watched = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const counts = () => watched.map((signal) => process.listenerCount(signal));

afterEach(() => {
  removeProjects();
  delete process.env.DJANGOFLOW_FAULT;
  jest.restoreAllMocks();
});

describe('faultPoint', () => {
  /** The signals faultPoint sent (process.kill) or delivered (to a listener). */
  function sent(run: () => void): string[] {
    const seen: string[] = [];
    jest.spyOn(process, 'kill').mockImplementation((pid, signal) => {
      seen.push(`kill ${pid === process.pid ? 'self' : pid} ${String(signal)}`);
      return true;
    });
    const listeners = watched.map((signal) => [signal, (name: NodeJS.Signals) => seen.push(`emit ${signal} ${name}`)] as const);
    for (const [signal, listener] of listeners) process.on(signal, listener);
    try {
      run();
    } finally {
      for (const [signal, listener] of listeners) process.off(signal, listener);
    }
    return seen;
  }

  it('does nothing without DJANGOFLOW_FAULT, or at another point or count', () => {
    expect(sent(() => faultPoint('after-move', 1))).toEqual([]);
    process.env.DJANGOFLOW_FAULT = 'after-move:3';
    expect(sent(() => ['after-journal', 'after-stage'].forEach((point) => faultPoint(point, 3)))).toEqual([]);
    expect(sent(() => [1, 2, 4].forEach((count) => faultPoint('after-move', count)))).toEqual([]);
    process.env.DJANGOFLOW_FAULT = 'after-commit';
    expect(sent(() => faultPoint('after-commit', 2))).toEqual([]);
  });

  it('a fault point\'s count never makes a file write fail: only full-disk does', () => {
    const dir = makeProject();
    process.env.DJANGOFLOW_FAULT = 'after-move:40';
    for (let i = 0; i < 40; i++) writeAll(join(dir, 'f'), `${i}`);
    expect(readFileSync(join(dir, 'f'), 'utf8')).toBe('39');
  });

  it('kills the process with SIGKILL at the named point and count (the first by default)', () => {
    process.env.DJANGOFLOW_FAULT = 'after-move:3';
    expect(sent(() => faultPoint('after-move', 3))).toEqual(['kill self SIGKILL']);
    process.env.DJANGOFLOW_FAULT = 'after-journal';
    expect(sent(() => faultPoint('after-journal'))).toEqual(['kill self SIGKILL']);
  });

  it('hands another signal to the listeners at once, never killing', () => {
    process.env.DJANGOFLOW_FAULT = 'after-journal:1:SIGTERM';
    expect(sent(() => faultPoint('after-journal'))).toEqual(['emit SIGTERM SIGTERM']);
    process.env.DJANGOFLOW_FAULT = 'after-move:2:SIGHUP';
    expect(sent(() => faultPoint('after-move', 2))).toEqual(['emit SIGHUP SIGHUP']);
  });
});

describe('signals during an apply, outside the bin', () => {
  it('exit codes: 128 + the signal number, else the cancelled code', () => {
    expect(['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGUSR2'].map((signal) => signalExitCode(signal as NodeJS.Signals))).toEqual([130, 143, 129, exitCodes.cancelled]);
    expect(exitCodes.cancelled).toBe(130);
    expect(signalExitCode('SIGQUIT')).toBe(130);
  });

  it('listens only while the apply runs, records the first signal, and never exits', () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const before = counts();
    expect(currentPhase()).toBe('idle');
    const end = beginApply();
    expect(currentPhase()).toBe('applying');
    expect(counts()).toEqual(before.map((n) => n + 1));
    expect(interruption()).toBeNull();
    process.emit('SIGTERM', 'SIGTERM');
    process.emit('SIGINT', 'SIGINT');
    expect(interruption()).toBe('SIGTERM');
    end(false);
    expect(currentPhase()).toBe('idle');
    expect(counts()).toEqual(before);
    expect(interruption()).toBe('SIGTERM'); // still told after the apply, for its exit code
    expect(exit).not.toHaveBeenCalled();
  });

  it('forgets the last apply\'s signal at the next apply; a committed apply is "applied"', () => {
    const first = beginApply();
    process.emit('SIGHUP', 'SIGHUP');
    first(true);
    expect(currentPhase()).toBe('applied');
    const second = beginApply();
    expect(interruption()).toBeNull();
    second(true);
    expect(currentPhase()).toBe('applied');
  });
});

describe('signals for the whole command (the bin)', () => {
  it('before the apply: says nothing was written and exits with the signal\'s code; during it: only records', () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const idle = beginApply();
    idle(false); // back to idle, temporary listeners gone
    const before = counts();
    const others = watched.map((signal) => process.listeners(signal));
    watchSignalsForCommand();
    watchSignalsForCommand(); // once only
    expect(counts()).toEqual(before.map((n) => n + 1));
    process.emit('SIGHUP', 'SIGHUP');
    expect(stderr.mock.calls).toEqual([['djangoflow: interrupted (SIGHUP); nothing was written\n']]);
    expect(exit.mock.calls).toEqual([[129]]);
    process.emit('SIGINT', 'SIGINT');
    expect(exit.mock.calls).toEqual([[129], [130]]);
    expect(stderr.mock.calls[1]).toEqual(['djangoflow: interrupted (SIGINT); nothing was written\n']);
    expect(interruption()).toBe('SIGHUP');

    // The apply keeps the command's signal and adds no listeners of its own.
    const end = beginApply();
    expect(counts()).toEqual(before.map((n) => n + 1));
    expect(interruption()).toBe('SIGHUP');
    process.emit('SIGTERM', 'SIGTERM');
    expect(exit.mock.calls).toHaveLength(2);
    end(true);
    expect(counts()).toEqual(before.map((n) => n + 1));
    process.emit('SIGTERM', 'SIGTERM'); // after the commit: the command finishes, then exits non-zero
    expect(exit.mock.calls).toHaveLength(2);
    end(false);
    process.emit('SIGTERM', 'SIGTERM');
    expect(exit.mock.calls).toEqual([[129], [130], [143]]);
    watched.forEach((signal, i) => process.listeners(signal).filter((listener) => !others[i]!.includes(listener)).forEach((listener) => process.off(signal, listener)));
  });
});
