#!/usr/bin/env node
// Runs the worker (queue processors and schedules) as its own process, from the TypeScript sources
// compiled on the fly with @swc/core, so a test can kill it with SIGKILL mid-job the way a crash
// or an OOM kill would. Configured entirely by the environment; says "ready" over IPC once booted.
require('./register-ts');
require('reflect-metadata');
const { loadConfig } = require('../../src/config/config.ts');
const { createApp } = require('../../src/bootstrap.ts');

createApp(loadConfig(process.env), { worker: true }).then(
  () => process.send?.('ready'),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
