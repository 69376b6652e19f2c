import type { TSESLint } from '@typescript-eslint/utils';

import { createFlatConfig, createLegacyConfig } from './configs';
import { rules } from './rules';
import { packageName, packageVersion, pluginNamespace } from './utils/package-info';

/**
 * The flat configs set only `name`, `files` (TypeScript files), `plugins` and `rules`. Typed without `languageOptions`, they are assignable
 * both to ESLint's `Linter.Config` (`defineConfig`) and to typescript-eslint's `FlatConfig.Config`.
 */
type FlatConfig = Pick<TSESLint.FlatConfig.Config, 'files' | 'name' | 'plugins' | 'rules'>;

interface NestjsMicroservicesPlugin {
  meta: { name: string; version: string; namespace: string };
  rules: typeof rules;
  configs: {
    /** Flat config (ESLint 9+): registers the plugin and turns on the recommended rules. */
    recommended: FlatConfig;
    /** Flat config: every rule, with stricter options. */
    strict: FlatConfig;
    /** eslintrc (`extends: ['plugin:nestjs-microservices/legacy-recommended']`). */
    'legacy-recommended': TSESLint.ClassicConfig.Config;
    /** eslintrc (`extends: ['plugin:nestjs-microservices/legacy-strict']`). */
    'legacy-strict': TSESLint.ClassicConfig.Config;
  };
}

const plugin: NestjsMicroservicesPlugin = {
  meta: { name: packageName, version: packageVersion, namespace: pluginNamespace },
  rules,
  configs: {} as NestjsMicroservicesPlugin['configs'],
};

// The flat configs reference the plugin object itself, so they are attached after it exists.
Object.assign(plugin.configs, {
  recommended: createFlatConfig('recommended', plugin as unknown as TSESLint.FlatConfig.Plugin),
  strict: createFlatConfig('strict', plugin as unknown as TSESLint.FlatConfig.Plugin),
  'legacy-recommended': createLegacyConfig('recommended'),
  'legacy-strict': createLegacyConfig('strict'),
});

// CommonJS `module.exports = plugin`: loadable by eslintrc (`plugins: ['nestjs-microservices']`) and by flat
// configs (`import plugin from 'eslint-plugin-nestjs-microservices'`).
export = plugin;
