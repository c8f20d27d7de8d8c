// Lets `require` load the sandboxes' TypeScript without a build step, compiling each file on the fly
// with @swc/core (which the project already has for Jest). Used by sandbox/*/run.js.
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
