/**
 * Older ESLint majors for the tests that need them, installed from the registry into a temporary folder: as
 * devDependencies, their `eslint` bin would clash with ESLint 10's. The compatibility matrix's npm cache makes the
 * install quick after the first run.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import type { ESLint } from 'eslint';

/** The part of an older ESLint's API the tests use (ESLint 8 ships no types). */
export interface EslintClass {
  new (options: Record<string, unknown>): { lintFiles(patterns: string[]): Promise<ESLint.LintResult[]> };
}

export interface InstalledEslint {
  readonly dir: string;
  readonly version: string;
  /** eslintrc (`.eslintrc.*`, `overrideConfig` in eslintrc form). */
  readonly LegacyESLint: EslintClass;
  /** Flat config. */
  readonly FlatESLint: EslintClass;
}

const DEFAULT_NPM_CACHE = path.join(os.tmpdir(), 'eslint-plugin-nestjs-microservices-npm-cache');

/** `npm install eslint@<range>` into a new temporary folder; remove it with {@link removeEslint}. */
export function installEslint(range: string): InstalledEslint {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nestjs-microservices-eslint-'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "private": true }\n');
  const flags = ['--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--cache', DEFAULT_NPM_CACHE];
  const install = spawnSync('npm', ['install', ...flags, `eslint@${range}`], { cwd: dir, encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`npm install eslint@${range} failed:\n${install.stdout}\n${install.stderr}`);
  const main = path.join(dir, 'node_modules/eslint');
  const { version } = JSON.parse(fs.readFileSync(path.join(main, 'package.json'), 'utf8')) as { version: string };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const api = require(path.join(main, 'lib/unsupported-api.js')) as { LegacyESLint?: EslintClass; FlatESLint?: EslintClass; ESLint?: EslintClass };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ESLint: DefaultESLint } = require(main) as { ESLint: EslintClass };
  const major = Number.parseInt(version, 10);
  return {
    dir,
    version,
    LegacyESLint: major >= 9 ? (api.LegacyESLint ?? DefaultESLint) : DefaultESLint,
    FlatESLint: major >= 9 ? DefaultESLint : (api.FlatESLint ?? DefaultESLint),
  };
}

export function removeEslint(installed: InstalledEslint | undefined): void {
  if (installed) fs.rmSync(installed.dir, { recursive: true, force: true });
}
