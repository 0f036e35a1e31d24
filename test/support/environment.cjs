/**
 * The jest environment of every test file: Node's, with the worker's short-lived children
 * started from a small helper process (test/support/spawn-remote.cjs). Loaded outside the
 * test files' module registries, so the replacement happens once per worker, before any
 * test file imports node:child_process.
 */
'use strict';
require('./spawn-remote.cjs').install();

module.exports = require('jest-environment-node').TestEnvironment;
