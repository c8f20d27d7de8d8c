#!/usr/bin/env node
// Starts the Twilio test server (main.ts) without a build step: compiles the TypeScript on the fly with
// @swc/core, which the project already has for Jest.  Usage: node sandbox/twilio/run.js
const fs = require('node:fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2023' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

require('./main.ts');
