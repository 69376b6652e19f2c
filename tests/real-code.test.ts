/**
 * No crash on real code no one here wrote: every rule, with its strictest options, over the TypeScript sources
 * the `rxjs` package ships (about 250 files) and over the example app. Zero exceptions; zero reports on rxjs,
 * which has no NestJS clients.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import type { Linter } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';

import plugin from '../src/index';

const repoRoot = path.join(__dirname, '..');

/** Every rule on (the strict config), with the options that make it report the most. */
const STRICTEST: Linter.RulesRecord = {
  ...(plugin.configs.strict.rules as Linter.RulesRecord),
  'nestjs-microservices/no-unawaited-emit': ['error', { reportFireAndForget: true, allowVoid: false, autofix: true }],
  'nestjs-microservices/no-unsubscribed-send': 'error',
  'nestjs-microservices/prefer-emit-for-events': ['error', { eventPatterns: ['.'] }],
  'nestjs-microservices/require-kafka-response-subscription': ['error', { reportWhenUnresolved: true }],
  'nestjs-microservices/require-send-timeout': 'error',
};
if (Object.keys(STRICTEST).length !== Object.keys(plugin.rules).length) throw new Error('STRICTEST must turn on every rule');

function createEslint(cwd: string): ESLint {
  return new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser, parserOptions: { projectService: true, tsconfigRootDir: cwd } },
        plugins: { 'nestjs-microservices': plugin },
        rules: STRICTEST,
      },
    ],
  });
}

describe('real code', () => {
  const workDirs: string[] = [];
  afterAll(() => {
    for (const dir of workDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('rxjs sources: no exception, no report', async () => {
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nestjs-microservices-rxjs-'));
    workDirs.push(workDir);
    fs.cpSync(path.join(repoRoot, 'node_modules/rxjs/src'), path.join(workDir, 'src'), { recursive: true });
    fs.writeFileSync(
      path.join(workDir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', lib: ['ES2022', 'DOM'], module: 'ESNext', moduleResolution: 'Bundler', strict: false, skipLibCheck: true, noEmit: true, types: [] },
        include: ['src/**/*.ts'],
      }),
    );
    const results = await createEslint(workDir).lintFiles(['src/**/*.ts']);
    expect(results.length).toBeGreaterThan(200);
    const messages = results.flatMap((result) => result.messages.map((message) => `${result.filePath}:${message.line} ${message.message}`));
    expect(messages).toEqual([]);
  }, 180_000);

  it('example app: no exception, findings only from our rules', async () => {
    const exampleDir = path.join(repoRoot, 'examples/orders-service');
    const results = await createEslint(exampleDir).lintFiles(['src/**/*.ts']);
    expect(results.length).toBeGreaterThan(3);
    const fatal = results.flatMap((result) => result.messages.filter((message) => message.fatal === true || message.ruleId === null));
    expect(fatal).toEqual([]);
    const ruleIds = new Set(results.flatMap((result) => result.messages.map((message) => message.ruleId)));
    for (const ruleId of ruleIds) expect(ruleId).toMatch(/^nestjs-microservices\//);
  }, 120_000);
});
