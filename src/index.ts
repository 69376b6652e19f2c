import type { ESLint, Linter, Rule } from 'eslint';

import { createFlatConfig, createLegacyConfig } from './configs';
import type { RuleName } from './rules';
import { rules as allRules } from './rules';
import { packageName, packageVersion, pluginNamespace } from './base/package-info';

/**
 * The plugin as ESLint sees it, typed with ESLint's own types so that its configs can be passed to
 * `defineConfig` (typescript-eslint's rule types are not assignable to ESLint's; the objects are the same).
 * `tests/config-types.ts` checks this.
 */
interface NestjsMicroservicesPlugin extends ESLint.Plugin {
  meta: { name: string; version: string; namespace: string };
  rules: Record<RuleName, Rule.RuleModule>;
  configs: {
    /** Flat config (ESLint 9+): registers the plugin and turns on the recommended rules for TypeScript files. */
    recommended: Linter.Config;
    /** Flat config: every rule, with stricter options. */
    strict: Linter.Config;
    /** eslintrc (`extends: ['plugin:nestjs-microservices/legacy-recommended']`). */
    'legacy-recommended': Linter.LegacyConfig;
    /** eslintrc (`extends: ['plugin:nestjs-microservices/legacy-strict']`). */
    'legacy-strict': Linter.LegacyConfig;
  };
}

const meta = { name: packageName, version: packageVersion, namespace: pluginNamespace };
const configs = {} as NestjsMicroservicesPlugin['configs'];
// typescript-eslint's rule modules are ESLint rule modules; only their TypeScript types differ.
const rules = allRules as unknown as NestjsMicroservicesPlugin['rules'];
const plugin: NestjsMicroservicesPlugin = { meta, rules, configs };

/**
 * Whether eslintrc is reading a config right now: `extends: ['plugin:nestjs-microservices/recommended']` makes
 * @eslint/eslintrc's `ConfigArrayFactory._loadExtendedPluginConfig` (ESLint 8 and 9) read `configs.recommended`,
 * and it would reject the flat config with "Unexpected top-level property "name"". So that common guess gets the
 * eslintrc config of the same name; everything else, flat configs included, gets the flat one.
 */
function isReadByEslintrc(): boolean {
  return new Error().stack?.includes('_loadExtendedPluginConfig') === true;
}

// The flat configs reference the plugin object itself, so they are attached after it exists.
for (const name of ['recommended', 'strict'] as const) {
  const flat = createFlatConfig(name, plugin);
  const legacy = createLegacyConfig(name);
  Object.defineProperty(configs, name, { enumerable: true, get: () => (isReadByEslintrc() ? legacy : flat) });
}
Object.assign(configs, {
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
