#!/usr/bin/env node
// Runs a TypeScript entry point (e.g. src/worker.ts) as its own process without a build step, so
// tests can start real service processes and kill them (kill -9).
// Usage: node test/support/run-ts.js src/worker.ts
const path = require('node:path');
require('./register-ts');

require(path.resolve(process.argv[2]));
