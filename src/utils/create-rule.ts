import { ESLintUtils } from '@typescript-eslint/utils';
import type { RuleContext, RuleListener, RuleModule } from '@typescript-eslint/utils/ts-eslint';

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

type RuleDefinition<Options extends readonly unknown[], MessageIds extends string> = Readonly<
  ESLintUtils.RuleWithMetaAndName<Options, MessageIds, NestjsMicroservicesRuleDocs>
>;

type NestjsMicroservicesRule<Options extends readonly unknown[], MessageIds extends string> = RuleModule<
  MessageIds,
  Options,
  NestjsMicroservicesRuleDocs
> & { name: string };

function getDocsUrl(name: string): string {
  return `${repositoryUrl}/blob/main/docs/rules/${name}.md`;
}

/**
 * The options a rule runs with: `meta.defaultOptions` deep-merged with the configured ones, as typescript-eslint's
 * `RuleCreator` does (`applyDefault`), but merged once per configuration rather than once per linted file.
 * ESLint hands every file of a configuration the same option objects (`context.options` is a shallow copy of the
 * configured array), so the merge is cached by the identity of the first option object. The cached options are
 * frozen: a rule that tried to change them would throw instead of leaking the change into the next file.
 */
export function createOptionsResolver<Options extends readonly unknown[]>(
  defaultOptions: Readonly<Options>,
): (configured: readonly unknown[]) => Readonly<Options> {
  let withoutConfiguredOptions: Readonly<Options> | undefined;
  const byFirstOption = new WeakMap<object, Readonly<Options>>();
  // A copy is frozen, never the configuration's own arrays (applyDefault keeps references to them).
  const merge = (configured: readonly unknown[]): Readonly<Options> =>
    deepFreeze(structuredClone(ESLintUtils.applyDefault(defaultOptions, configured as Options | null)));
  return (configured) => {
    if (configured.length === 0) {
      withoutConfiguredOptions ??= merge(configured);
      return withoutConfiguredOptions;
    }
    const [first] = configured;
    if (configured.length !== 1 || typeof first !== 'object' || first === null) return merge(configured);
    let options = byFirstOption.get(first);
    if (!options) {
      options = merge(configured);
      byFirstOption.set(first, options);
    }
    return options;
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Like typescript-eslint's `ESLintUtils.RuleCreator`: adds the docs URL and passes the options with their
 * defaults to `create`, with the options merged once per configuration ({@link createOptionsResolver}).
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>({
  name,
  meta,
  create,
}: RuleDefinition<Options, MessageIds>): NestjsMicroservicesRule<Options, MessageIds> {
  const resolveOptions = createOptionsResolver<Options>(meta.defaultOptions ?? ([] as unknown as Options));
  return {
    name,
    meta: { ...meta, docs: { ...meta.docs, url: getDocsUrl(name) } },
    create(context: Readonly<RuleContext<MessageIds, Options>>): RuleListener {
      return create(context, resolveOptions(context.options));
    },
  };
}
