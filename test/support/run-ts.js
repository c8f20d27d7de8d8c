#!/usr/bin/env node
// Runs a TypeScript entry point (e.g. src/worker.ts) as its own process, compiled on the fly with
// the project's @swc/core and the same options as Jest, so tests can start real service processes
// and kill them (kill -9) without a build step.  Usage: node test/support/run-ts.js src/worker.ts
const fs = require('node:fs');
const path = require('node:path');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

require(path.resolve(process.argv[2]));
