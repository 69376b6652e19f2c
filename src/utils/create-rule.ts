import { ESLintUtils } from '@typescript-eslint/utils';

import { repositoryUrl } from './package-info';

/** Names of the plugin's shared configs a rule can belong to. */
export type ConfigName = 'recommended' | 'strict';

/** `meta.docs` of this plugin's rules. */
export interface NestjsMicroservicesRuleDocs {
  /**
   * The lowest config that enables the rule: `recommended` rules are also in `strict`.
   * `strictOptions` (when set) are the options the `strict` config uses instead of the defaults.
   */
  recommended: ConfigName;
  /** Every rule needs type information: a client call is recognised by its declaration. */
  requiresTypeChecking: true;
  /** Options the `strict` config passes instead of the rule's defaults. */
  strictOptions?: readonly unknown[];
}

export const createRule = ESLintUtils.RuleCreator<NestjsMicroservicesRuleDocs>(
  (name) => `${repositoryUrl}/blob/main/docs/rules/${name}.md`,
);
