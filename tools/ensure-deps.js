#!/usr/bin/env node
// Plain JavaScript with no dependencies: it runs before node_modules exists, so
// the quick-start commands work on a fresh clone. Installs exactly what the
// lockfile says when node_modules is missing; after changing dependencies run `npm ci` yourself.
'use strict';
const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) {
  process.stderr.write('installing npm dependencies from package-lock.json...\n');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: root, stdio: 'inherit' });
}
