import type { TSESLint } from '@typescript-eslint/utils';

import { rules } from './rules';
import type { ConfigName } from './utils/create-rule';
import { pluginNamespace } from './utils/package-info';

type RuleEntry = TSESLint.Linter.RuleEntry;
type RulesRecord = Record<string, RuleEntry>;

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
export const TYPESCRIPT_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];

export function createFlatConfig(
  config: ConfigName,
  plugin: TSESLint.FlatConfig.Plugin,
): Pick<TSESLint.FlatConfig.Config, 'files' | 'name' | 'plugins' | 'rules'> {
  return {
    name: `${pluginNamespace}/${config}`,
    files: TYPESCRIPT_FILES,
    plugins: { [pluginNamespace]: plugin },
    rules: getConfigRules(config),
  };
}

export function createLegacyConfig(config: ConfigName): TSESLint.ClassicConfig.Config {
  return {
    plugins: [pluginNamespace],
    rules: getConfigRules(config),
  };
}
