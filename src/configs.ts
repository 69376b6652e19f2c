import { rules } from './rules';
import type { ConfigName } from './utils/create-rule';
import { pluginNamespace } from './base/package-info';

/** A rule entry as the configs write it: `'error'`, or `['error', options]`. */
export type RuleEntry = 'error' | ['error', ...unknown[]];
type RulesRecord = Record<string, RuleEntry>;

/** A flat config of this plugin: `name`, `files` (TypeScript files), `plugins` and `rules`. */
export interface FlatConfig<Plugin> {
  name: string;
  files: string[];
  plugins: Record<string, Plugin>;
  rules: RulesRecord;
}

/** An eslintrc config (`extends: ['plugin:nestjs-microservices/legacy-recommended']`). */
export interface LegacyConfig {
  plugins: string[];
  rules: RulesRecord;
}

const CONFIG_ORDER: readonly ConfigName[] = ['recommended', 'strict'];

/**
 * The rules a config turns on, derived from each rule's `meta.docs`: a rule is in its `recommended` config and
 * every stricter one; `strict` passes `strictOptions` where a rule declares them.
 */
export function getConfigRules(config: ConfigName): RulesRecord {
  const result: RulesRecord = {};
  for (const [name, rule] of Object.entries(rules)) {
    const docs = rule.meta.docs;
    if (!docs) continue;
    if (CONFIG_ORDER.indexOf(docs.recommended) > CONFIG_ORDER.indexOf(config)) continue;
    const strictOptions = config === 'strict' ? docs.strictOptions : undefined;
    result[`${pluginNamespace}/${name}`] = strictOptions ? ['error', ...strictOptions] : 'error';
  }
  return result;
}

/** TypeScript files: the rules need type information, which plain JavaScript files do not have. */
export const TYPESCRIPT_FILES: readonly string[] = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];

export function createFlatConfig<Plugin>(config: ConfigName, plugin: Plugin): FlatConfig<Plugin> {
  return {
    name: `${pluginNamespace}/${config}`,
    files: [...TYPESCRIPT_FILES],
    plugins: { [pluginNamespace]: plugin },
    rules: getConfigRules(config),
  };
}

export function createLegacyConfig(config: ConfigName): LegacyConfig {
  return {
    plugins: [pluginNamespace],
    rules: getConfigRules(config),
  };
}

/** An oxlint config (`.oxlintrc.json`) of this plugin, as shipped in `oxlint/<config>.json` for `extends`. */
export interface OxlintConfig {
  $schema: string;
  jsPlugins: string[];
  overrides: { files: string[]; rules: RulesRecord }[];
}

/**
 * The oxlint preset: the same rules and options as the flat config, for TypeScript files only (as the flat config).
 * oxlint resolves `jsPlugins` from the preset's own folder (inside `node_modules/eslint-plugin-nestjs-microservices/`),
 * and `$schema` points at the installed oxlint's schema from there.
 */
export function createOxlintConfig(config: ConfigName, packageName: string): OxlintConfig {
  return {
    $schema: '../../oxlint/configuration_schema.json',
    jsPlugins: [packageName],
    overrides: [{ files: [...TYPESCRIPT_FILES], rules: getConfigRules(config) }],
  };
}
