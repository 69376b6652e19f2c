/**
 * Type-level test (checked by `npm run typecheck`): the plugin's configs are accepted by ESLint's own config
 * types and by `defineConfig`, as users write them in `eslint.config.ts` or under `// @ts-check`.
 */
import type { ESLint, Linter } from 'eslint';
import { defineConfig } from 'eslint/config';

import plugin from '../src/index';

export const withDefineConfig = defineConfig(plugin.configs.recommended, plugin.configs.strict, {
  files: ['**/*.ts'],
  plugins: { 'nestjs-microservices': plugin },
  rules: { 'nestjs-microservices/no-unawaited-emit': ['error', { reportFireAndForget: true }] },
});
export const asArray: Linter.Config[] = [plugin.configs.recommended];
export const asPlugin: ESLint.Plugin = plugin;
export const legacy: Linter.LegacyConfig = { extends: ['plugin:nestjs-microservices/legacy-recommended'], ...plugin.configs['legacy-strict'] };
