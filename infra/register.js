// `node -r ./infra/register.js <entry>.ts`: runs Kezek's TypeScript in every process (npm scripts,
// the processes `npm start` and the tests spawn, the container image). @swc/core with the options
// jest uses, each file's output cached on disk by content; source maps kept aside and read only
// when a stack is formatted. In place of @swc-node/register, which loads the TypeScript compiler
// (9 MB of JavaScript) into every process to read tsconfig.json: about 0.3 s of CPU per process
// start, eight processes per stack (README, "Why these libraries").
'use strict';
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { addHook } = require('pirates');
const sourceMapSupport = require('source-map-support');
const options = require('./swc-options');

const maps = new Map();
sourceMapSupport.install({
  environment: 'node',
  handleUncaughtExceptions: false,
  retrieveSourceMap: (file) => (maps.has(file) ? { url: file, map: maps.get(file) } : null),
});

let swc;
// One folder per user (the container's code is read-only; /tmp is not), per compiler and options.
const cache = join(
  tmpdir(),
  `kezek-swc-${process.getuid?.() ?? 'user'}`,
  createHash('sha1')
    .update(require('@swc/core/package.json').version)
    .update(JSON.stringify(options))
    .digest('hex')
    .slice(0, 12),
);

function transform(code, filename) {
  const file = join(cache, `${createHash('sha1').update(filename).update('\0').update(code).digest('hex')}.json`);
  let out;
  try {
    out = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    swc ??= require('@swc/core');
    const { code: js, map } = swc.transformSync(code, { ...options, filename, sourceMaps: true });
    out = { js, map };
    try {
      // Written aside, then renamed: processes starting side by side never read half a file.
      mkdirSync(cache, { recursive: true });
      const partial = `${file}.${process.pid}`;
      writeFileSync(partial, JSON.stringify(out));
      renameSync(partial, file);
    } catch {
      // No cache where the disk is read-only: every start transforms again, slower but the same.
    }
  }
  if (out.map) maps.set(filename, out.map);
  return out.js;
}

addHook(transform, { exts: ['.ts'] });
