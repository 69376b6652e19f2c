#!/usr/bin/env node
// Writes oxlint/recommended.json and oxlint/strict.json, the oxlint presets, from the built configs (dist/),
// so that they always hold the same rules and options as the ESLint configs. tests/plugin.test.ts checks them.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { createOxlintConfig } = require(path.join(repoRoot, 'dist/configs.js'));
const { packageName } = require(path.join(repoRoot, 'dist/utils/package-info.js'));

for (const config of ['recommended', 'strict']) {
  const file = path.join(repoRoot, 'oxlint', `${config}.json`);
  writeFileSync(file, `${JSON.stringify(createOxlintConfig(config, packageName), null, 2)}\n`);
  console.log(`wrote ${path.relative(repoRoot, file)}`);
}
