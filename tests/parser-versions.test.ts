/**
 * typescript-eslint parsers older than the supported one (8), installed under npm aliases: 5 types each file alone
 * without `project` (a program that resolves no import, so the plugin would find nothing and say nothing), 6 and 7
 * ignore `projectService`. Each must stop the lint with one error naming the installed version and the fix, in a
 * flat config and in eslintrc (ESLint 8.57, where the parser is found by its path; installed by eslint-installs.ts).
 */

import parserV5 from '@typescript-eslint/parser-v5';
import parserV6 from '@typescript-eslint/parser-v6';
import parserV7 from '@typescript-eslint/parser-v7';
import { ESLint } from 'eslint';
import type { Linter } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import plugin from '../src/index';
import type { EslintClass, InstalledEslint } from './eslint-installs';
import { installEslint, removeEslint } from './eslint-installs';
import { createTypedProject, removeTypedProject } from './typed-project';

const SOURCE = `import { ClientKafka } from '@nestjs/microservices';
export function publish(client: ClientKafka, order: { status: string }) {
  client.emit('order.created', order);
  order.status = 'published';
}
`;

const PARSERS = [
  ['5', parserV5, '5.62.0', /without `project` types each file alone/],
  ['6', parserV6, '6.21.0', /does not know `projectService`/],
  ['7', parserV7, '7.18.0', /does not know `projectService`/],
] as const;

let eslint8: InstalledEslint | undefined;
beforeAll(() => {
  eslint8 = installEslint('8.57.1');
}, 120_000);
afterAll(() => {
  removeEslint(eslint8);
});

function eslint8Class(kind: 'LegacyESLint' | 'FlatESLint'): EslintClass {
  if (!eslint8) throw new Error('ESLint 8.57 is not installed');
  return eslint8[kind];
}

const parserMessage = (version: string): RegExp =>
  new RegExp(`nestjs-microservices/no-unawaited-emit" needs @typescript-eslint/parser 8 for type information.*parsed by @typescript-eslint/parser ${version.replace(/\./g, '\\.')}.*npm i -D typescript-eslint@\\^8`, 's');

describe('typescript-eslint parsers older than 8', () => {
  const dir = createTypedProject('old-parsers', { 'service.ts': SOURCE });
  afterAll(() => {
    removeTypedProject(dir);
  });

  describe.each(PARSERS)('@typescript-eslint/parser %s', (major, parser, version, why) => {
    it.each([
      ['projectService: true', { projectService: true, tsconfigRootDir: dir }],
      ['no parserOptions', {}],
      ['project (typed, but outside the supported range)', { project: './tsconfig.json', tsconfigRootDir: dir }],
    ])('flat config (ESLint 8.57), %s: one error naming the version', async (_label, parserOptions) => {
      // ESLint 9.x+ cannot run these parsers at all (their scope managers lack addGlobals): it fails loudly by itself.
      const FlatESLint8 = eslint8Class('FlatESLint');
      const eslint = new FlatESLint8({
        cwd: dir,
        overrideConfigFile: true,
        overrideConfig: [
          {
            files: ['**/*.ts'],
            languageOptions: { parser: parser as Linter.Parser, parserOptions },
            plugins: { 'nestjs-microservices': plugin },
            rules: { 'nestjs-microservices/no-unawaited-emit': 'error' },
          },
        ],
      });
      const failure = eslint.lintFiles(['service.ts']);
      await expect(failure).rejects.toThrow(parserMessage(version));
      await expect(eslint.lintFiles(['service.ts'])).rejects.toThrow(why);
    }, 60_000);

    it('eslintrc (ESLint 8.57), projectService: true: one error naming the version', async () => {
      const LegacyESLint8 = eslint8Class('LegacyESLint');
      const eslint = new LegacyESLint8({
        cwd: dir,
        useEslintrc: false,
        plugins: { 'nestjs-microservices': plugin },
        overrideConfig: {
          parser: require.resolve(`@typescript-eslint/parser-v${major}`),
          parserOptions: { projectService: true, tsconfigRootDir: dir },
          plugins: ['nestjs-microservices'],
          rules: { 'nestjs-microservices/no-unawaited-emit': 'error' },
        },
      });
      await expect(eslint.lintFiles(['service.ts'])).rejects.toThrow(parserMessage(version));
    }, 60_000);
  });

  it('parser 8 with projectService gives the finding, not an error', async () => {
    const { default: parser8 } = await import('@typescript-eslint/parser');
    const eslint = new ESLint({
      cwd: dir,
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: parser8, parserOptions: { projectService: true, tsconfigRootDir: dir } },
          plugins: { 'nestjs-microservices': plugin },
          rules: { 'nestjs-microservices/no-unawaited-emit': 'error' },
        },
      ],
    });
    const [result] = await eslint.lintFiles(['service.ts']);
    expect(result?.messages.map((message) => message.ruleId)).toEqual(['nestjs-microservices/no-unawaited-emit']);
  }, 60_000);
});
