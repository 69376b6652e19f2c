import type { TSESLint } from '@typescript-eslint/utils';

import { createFlatConfig, createLegacyConfig } from './configs';
import { rules as allRules } from './rules';
import { packageName, packageVersion, pluginNamespace } from './utils/package-info';

/**
 * The flat configs set only `name`, `files` (TypeScript files), `plugins` and `rules`. Typed without `languageOptions`, they are assignable
 * both to ESLint's `Linter.Config` (`defineConfig`) and to typescript-eslint's `FlatConfig.Config`.
 */
type FlatConfig = Pick<TSESLint.FlatConfig.Config, 'files' | 'name' | 'plugins' | 'rules'>;

interface NestjsMicroservicesPlugin {
  meta: { name: string; version: string; namespace: string };
  rules: typeof allRules;
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

const meta = { name: packageName, version: packageVersion, namespace: pluginNamespace };
const configs = {} as NestjsMicroservicesPlugin['configs'];
const rules = allRules;
const plugin: NestjsMicroservicesPlugin = { meta, rules, configs };

// The flat configs reference the plugin object itself, so they are attached after it exists.
Object.assign(configs, {
  recommended: createFlatConfig('recommended', plugin as unknown as TSESLint.FlatConfig.Plugin),
  strict: createFlatConfig('strict', plugin as unknown as TSESLint.FlatConfig.Plugin),
  'legacy-recommended': createLegacyConfig('recommended'),
  'legacy-strict': createLegacyConfig('strict'),
});

// CommonJS `module.exports = plugin`: loadable by eslintrc (`plugins: ['nestjs-microservices']`) and by flat
// configs (`import plugin from 'eslint-plugin-nestjs-microservices'`).
export = plugin;

// Never runs: it names the properties of `module.exports` in a form Node's CommonJS export detection reads,
// so that `import { configs } from 'eslint-plugin-nestjs-microservices'` works in ES modules as the types say
// (the same annotation esbuild emits).
// eslint-disable-next-line @typescript-eslint/no-unused-expressions, @typescript-eslint/no-unnecessary-condition
0 && (module.exports = { meta, rules, configs });
