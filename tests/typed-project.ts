/**
 * Temporary TypeScript projects for the tests that lint through ESLint's Node API: a folder in the system temp
 * directory that resolves this repository's node_modules, with the v12 fixtures' tsconfig and the given files.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import type { Linter } from 'eslint';

const repoRoot = path.join(__dirname, '..');

export function createTypedProject(prefix: string, files: Readonly<Record<string, string>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `nestjs-microservices-${prefix}-`));
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  fs.copyFileSync(path.join(repoRoot, 'tests/fixtures/v12/tsconfig.json'), path.join(dir, 'tsconfig.json'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** ESLint over `dir` with typed linting (`projectService`) and `config` (one of the plugin's configs). */
export function createTypedEslint(dir: string, config: Linter.Config, { fix = false } = {}): ESLint {
  return new ESLint({
    cwd: dir,
    fix,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parser: tsParser, parserOptions: { projectService: true, tsconfigRootDir: dir } } },
      config,
    ],
  });
}

export function removeTypedProject(dir: string): void {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
