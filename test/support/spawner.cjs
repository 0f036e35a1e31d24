/**
 * The small process that starts the tests' short-lived children for a jest worker
 * (test/support/spawn-remote.cjs sends it the requests). Linux forks a child from its
 * parent's whole address space: from a worker of 600–900 MB that costs ~20 ms of CPU per
 * child, from this process under 1 ms, and the suite starts thousands of children (git for
 * the commands the tests run in-process, the tools `run()` starts).
 *
 * In: {type: 'spawn', id, command, args, options, stdin?} (stdin: the whole input, when the
 * caller gave it at once), {type: 'stdin', id, data} (the whole input, given later), {type:
 * 'kill', id, signal}. Out, in the order the child gives them:
 * 'spawn' (its pid), 'stdout' and 'stderr' (data), 'stdin-error', 'error', 'exit', 'close'.
 * When the worker goes away, the children still running are killed (a detached one with
 * its process group) and this process exits.
 */
'use strict';
const { spawn } = require('node:child_process');

/** id → { child, detached } */
const running = new Map();

function send(message) {
  if (process.connected) process.send(message);
}

function errorFields(error) {
  const { message, code, errno, syscall, path, spawnargs } = error;
  return { message, code, errno, syscall, path, spawnargs };
}

function start({ id, command, args, options, stdin: input }) {
  let child;
  try {
    child = spawn(command, args, options);
  } catch (error) {
    send({ type: 'error', id, error: errorFields(error) });
    send({ type: 'close', id, code: -1, signal: null });
    return;
  }
  running.set(id, { child, detached: Boolean(options.detached) });
  child.on('spawn', () => send({ type: 'spawn', id, pid: child.pid }));
  child.stdout?.on('data', (data) => send({ type: 'stdout', id, data }));
  child.stderr?.on('data', (data) => send({ type: 'stderr', id, data }));
  // A child that exits before reading its input closes the pipe (EPIPE), as the caller would see.
  child.stdin?.on('error', (error) => send({ type: 'stdin-error', id, error: errorFields(error) }));
  child.on('error', (error) => send({ type: 'error', id, error: errorFields(error) }));
  child.on('exit', (code, signal) => send({ type: 'exit', id, code, signal }));
  if (input !== undefined) child.stdin?.end(input);
  child.on('close', (code, signal) => {
    const closed = () => {
      running.delete(id);
      send({ type: 'close', id, code, signal });
    };
    // Close comes last, after an EPIPE on the input too (Node's 'close' does not wait for
    // stdin); input never ended by the caller is dropped.
    const stdin = child.stdin;
    if (!stdin || stdin.closed) return closed();
    stdin.once('close', closed);
    if (!stdin.writableEnded) stdin.destroy();
  });
}

function kill({ child, detached }, signal) {
  try {
    if (detached && child.pid) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // already gone
  }
}

process.on('message', (message) => {
  if (message.type === 'spawn') start(message);
  else if (message.type === 'stdin') running.get(message.id)?.child.stdin?.end(message.data);
  else if (message.type === 'kill') {
    const entry = running.get(message.id);
    if (entry) kill({ child: entry.child, detached: false }, message.signal);
  }
});

process.on('disconnect', () => {
  for (const entry of running.values()) kill(entry, 'SIGKILL');
  process.exit(0);
});
