/**
 * Starts the suite's short-lived children from a small helper process
 * (test/support/spawner.cjs) instead of the jest worker: forking a 600–900 MB worker costs
 * ~20 ms of CPU per child, and the worker waits for each fork.
 *
 * Installed once per worker, outside the tests' module registries
 * (test/support/environment.cjs), by replacing `child_process.spawn`: jest gives each test
 * file's `import { spawn } from 'node:child_process'` the module's properties as they are
 * when the file first imports it. Two shapes of call go through the helper, both read to
 * the end by their callers: git with its output piped and nothing else asked (runGit in
 * lib/reconcile/git.ts), and calls that ask for it with `viaSpawner`
 * (test/support/process.ts's `run`). Any other call (servers, terminals, a caller that needs
 * the pid at once) is the real spawn, and so are execFile, exec and the sync calls.
 *
 * A routed call returns a child with what those callers use: stdin (sent whole when ended),
 * stdout and stderr streams, pid once started, kill, exitCode and signalCode, and the
 * 'spawn', 'error', 'exit' and 'close' events in the order the real child gave them.
 */
'use strict';
const childProcess = require('node:child_process');
const { EventEmitter } = require('node:events');
const { resolve } = require('node:path');
const { PassThrough, Writable } = require('node:stream');

const viaSpawner = Symbol.for('djangoflow.tests.viaSpawner');
const installed = Symbol.for('djangoflow.tests.spawnerInstalled');
const realSpawn = childProcess.spawn;

let helper = null;
const pending = new Map();
let nextId = 1;

/** The helper, started on first use; it keeps the worker alive only while a child runs. */
function connect() {
  if (helper) return helper;
  const started = childProcess.fork(require.resolve('./spawner.cjs'), [], {
    execArgv: [],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  started.on('message', (message) => pending.get(message.id)?.deliver(message));
  // A send to a helper that just died fails here; its 'exit' below tells the waiting callers.
  started.on('error', () => {});
  started.on('exit', () => {
    if (helper === started) helper = null;
    const lost = [...pending.values()];
    pending.clear();
    for (const child of lost) child.lose();
  });
  started.unref();
  started.channel.unref();
  helper = started;
  return started;
}

function track(id, child) {
  if (pending.size === 0) connect().channel.ref();
  pending.set(id, child);
}

function untrack(id) {
  pending.delete(id);
  if (pending.size === 0) helper?.channel?.unref();
}

function asBuffer(data) {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

function rebuiltError(fields) {
  const { message, ...rest } = fields;
  return Object.assign(new Error(message), rest);
}

/** Resolves once a stream that is being read has emitted 'end' (at once if nobody reads it). */
function drained(stream) {
  return new Promise((done) => (stream.readableFlowing ? stream.once('end', done) : done()));
}

class RemoteChild extends EventEmitter {
  constructor(id, pipedStdin) {
    super();
    this.id = id;
    this.pid = undefined;
    this.exitCode = null;
    this.signalCode = null;
    this.killed = false;
    this.stdout = new PassThrough();
    this.stderr = new PassThrough();
    this.input = [];
    this.inputSent = false;
    this.stdin = pipedStdin
      ? new Writable({
          write: (chunk, _encoding, callback) => {
            this.input.push(chunk);
            callback();
          },
          final: (callback) => {
            if (!this.inputSent) helper?.send({ type: 'stdin', id, data: Buffer.concat(this.input) });
            this.inputSent = true;
            callback();
          },
        })
      : null;
    this.stdio = [this.stdin, this.stdout, this.stderr];
  }

  /**
   * Sends the request on the tick after spawn(): input the caller ended at once
   * (`child.stdin.end(input)`, as runGit does) goes with it, so the child has it as early
   * as from Node's own spawn (and a child that exits without reading it sees EPIPE alike).
   */
  start(request) {
    if (!pending.has(this.id)) return; // the helper died first: lose() told the caller
    const ended = this.stdin?.writableEnded === true;
    if (ended) this.inputSent = true;
    helper.send(ended ? { ...request, stdin: Buffer.concat(this.input) } : request);
  }

  deliver(message) {
    if (message.type === 'spawn') {
      this.pid = message.pid;
      this.emit('spawn');
    } else if (message.type === 'stdout') this.stdout.write(asBuffer(message.data));
    else if (message.type === 'stderr') this.stderr.write(asBuffer(message.data));
    else if (message.type === 'stdin-error') this.stdin?.emit('error', rebuiltError(message.error));
    else if (message.type === 'error') this.emit('error', rebuiltError(message.error));
    else if (message.type === 'exit') {
      this.exitCode = message.code;
      this.signalCode = message.signal;
      this.emit('exit', message.code, message.signal);
    } else if (message.type === 'close') {
      untrack(this.id);
      this.stdout.end();
      this.stderr.end();
      Promise.all([drained(this.stdout), drained(this.stderr)]).then(() => this.emit('close', message.code, message.signal));
    }
  }

  /** The helper died under this child: an error, as a failed spawn would give. */
  lose() {
    this.emit('error', new Error('the tests\' spawner process exited while a child ran (test/support/spawner.cjs)'));
    this.deliver({ type: 'close', code: 1, signal: null });
  }

  kill(signal = 'SIGTERM') {
    if (this.exitCode !== null || this.signalCode !== null || !helper) return false;
    process.nextTick(() => helper?.send({ type: 'kill', id: this.id, signal })); // after the request
    this.killed = true;
    return true;
  }

  // The real ChildProcess's handle methods, for callers that unref a child they wait on anyway.
  ref() {}
  unref() {}
}

const stdioNames = new Set(['pipe', 'ignore']);

/** Whether a spawn call has one of the two shapes the helper serves (see the module comment). */
function routed(command, args, options) {
  if (typeof command !== 'string' || !Array.isArray(args) || options === null || typeof options !== 'object') return false;
  const asked = Object.keys(options).filter((key) => options[key] !== undefined);
  if (options[viaSpawner] === true) {
    const stdio = options.stdio ?? 'pipe';
    const stdioOk = typeof stdio === 'string' ? stdioNames.has(stdio) : stdio.length === 3 && stdio.every((entry) => stdioNames.has(entry));
    return stdioOk && asked.every((key) => ['cwd', 'env', 'stdio', 'detached'].includes(key));
  }
  return command === 'git' && asked.every((key) => key === 'cwd' || key === 'env');
}

function remoteSpawn(command, args, options) {
  const id = nextId++;
  const stdio = options.stdio ?? 'pipe';
  const stdinMode = typeof stdio === 'string' ? stdio : stdio[0];
  const child = new RemoteChild(id, stdinMode === 'pipe');
  track(id, child);
  const request = {
    type: 'spawn',
    id,
    command,
    args: [...args],
    options: {
      cwd: resolve(options.cwd ?? process.cwd()),
      env: { ...(options.env ?? process.env) },
      stdio,
      detached: Boolean(options.detached),
    },
  };
  process.nextTick(() => child.start(request));
  return child;
}

/** Replaces child_process.spawn for the worker's whole process, once. */
function install() {
  if (childProcess[installed]) return;
  childProcess[installed] = true;
  childProcess.spawn = function spawn(command, args, options) {
    return routed(command, args, options) ? remoteSpawn(command, args, options) : realSpawn.apply(this, arguments);
  };
}

module.exports = { install, viaSpawner };
