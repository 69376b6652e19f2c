/**
 * The common eslintrc guess, `extends: ['plugin:nestjs-microservices/recommended']` (and `strict`), gets the
 * eslintrc config of that name on ESLint 8.57 and 9, instead of the flat config and "Unexpected top-level property
 * "name"". Flat configs still get the flat config.
 */
import * as path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import plugin from '../src/index';
import type { InstalledEslint } from './eslint-installs';
import { installEslint, removeEslint } from './eslint-installs';
import { createTypedProject, removeTypedProject } from './typed-project';

const SOURCE = `import { ClientKafka } from '@nestjs/microservices';
export function publish(client: ClientKafka, order: { status: string }) {
  client.emit('order.created', order);
  order.status = 'published';
}
export function audit(client: ClientKafka) {
  client.emit('order.audited', {});
}
`;

describe.each(['8.57.1', '^9'])('eslintrc on ESLint %s', (range) => {
  let eslint: InstalledEslint | undefined;
  const dir = createTypedProject('eslintrc-guess', { 'service.ts': SOURCE });
  beforeAll(() => {
    eslint = installEslint(range);
  }, 120_000);
  afterAll(() => {
    removeEslint(eslint);
    removeTypedProject(dir);
  });

  it.each([
    ['recommended', [3]],
    ['strict', [3, 7]],
    ['legacy-recommended', [3]],
  ])('extends plugin:nestjs-microservices/%s', async (config, lines) => {
    if (!eslint) throw new Error('ESLint is not installed');
    const linter = new eslint.LegacyESLint({
      cwd: dir,
      useEslintrc: false,
      plugins: { 'nestjs-microservices': plugin },
      overrideConfig: {
        parser: require.resolve('@typescript-eslint/parser'),
        parserOptions: { projectService: true, tsconfigRootDir: dir },
        extends: [`plugin:nestjs-microservices/${config}`],
      },
    });
    const [result] = await linter.lintFiles([path.join(dir, 'service.ts')]);
    expect(result?.messages.map((message) => [message.ruleId, message.line])).toEqual(lines.map((line) => ['nestjs-microservices/no-unawaited-emit', line]));
  }, 60_000);
});

describe('flat configs', () => {
  it('configs.recommended and configs.strict are still flat configs', () => {
    expect(plugin.configs.recommended).toMatchObject({ name: 'nestjs-microservices/recommended', plugins: { 'nestjs-microservices': plugin } });
    expect(plugin.configs.strict).toMatchObject({ name: 'nestjs-microservices/strict', plugins: { 'nestjs-microservices': plugin } });
    expect(Object.keys(plugin.configs)).toEqual(['recommended', 'strict', 'legacy-recommended', 'legacy-strict']);
  });
});
