import type { ESLintUtils } from '@typescript-eslint/utils';
import type { RuleContext, RuleListener, RuleModule } from '@typescript-eslint/utils/ts-eslint';

import { repositoryUrl } from '../base/package-info';

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

/** How many configurations of one rule the options cache keeps (a config rarely has more than a few). */
const MAX_CACHED_CONFIGURATIONS = 8;

/**
 * The options a rule runs with: `meta.defaultOptions` deep-merged with the configured ones, as typescript-eslint's
 * `RuleCreator` does (`applyDefault`), but merged once per configuration rather than once per linted file.
 *
 * ESLint hands a rule the same option values for every file of a configuration, but not always the same objects.
 * The `ESLint` class (and the CLI) gives every file of a configuration one normalized object, but `Linter#verify`
 * with a config array normalizes it again on every call (RuleTester, programmatic use), and options set by a
 * configuration comment in a file are merged for that file. The values inside are the same (primitives, and the
 * configured or default arrays by identity), so the merge is cached by a shallow comparison of the values.
 * The cached options are frozen: a rule that tried to change them would throw instead of leaking the change into
 * the next file.
 */
export function createOptionsResolver<Options extends readonly unknown[]>(
  defaultOptions: Readonly<Options>,
): (configured: readonly unknown[]) => Readonly<Options> {
  const cache: { readonly configured: readonly unknown[]; readonly options: Readonly<Options> }[] = [];
  return (configured) => {
    const cached = cache.find((entry) => isSameConfiguration(entry.configured, configured));
    if (cached) return cached.options;
    // A copy is frozen, never the configuration's own arrays (applyDefault keeps references to them).
    const options = deepFreeze(structuredClone(applyDefault(defaultOptions, configured as Options | null)));
    if (cache.length === MAX_CACHED_CONFIGURATIONS) cache.shift();
    cache.push({ configured, options });
    return options;
  };
}

/**
 * `meta.defaultOptions` with the configured options over them: typescript-eslint's `ESLintUtils.applyDefault`.
 * An option that is an object (not an array) on both sides is deep-merged; any other configured value replaces
 * the default. Written here so that the plugin needs `@typescript-eslint/utils` only at compile time.
 */
function applyDefault<Options extends readonly unknown[]>(defaultOptions: Readonly<Options>, configured: Options | null): Options {
  const options = structuredClone(defaultOptions) as unknown as unknown[];
  if (configured == null) return options as unknown as Options;
  options.forEach((option, index) => {
    const value: unknown = configured[index];
    if (value === undefined) return;
    options[index] = isPlainObject(value) && isPlainObject(option) ? deepMerge(option, value) : value;
  });
  return options as unknown as Options;
}

/** `second` over `first`, object values merged key by key (typescript-eslint's `deepMerge`). */
function deepMerge(first: Record<string, unknown>, second: Record<string, unknown>): Record<string, unknown> {
  const keys = new Set([...Object.keys(first), ...Object.keys(second)]);
  return Object.fromEntries(
    [...keys].map((key) => {
      const [a, b] = [first[key], second[key]];
      if (key in first && key in second) return [key, isPlainObject(a) && isPlainObject(b) ? deepMerge(a, b) : b];
      return [key, key in first ? a : b];
    }),
  );
}

/** The same option values: equal primitives, identical objects, or plain objects whose own values are. */
function isSameConfiguration(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, index) => Object.is(value, b[index]) || isShallowEqualObject(value, b[index]));
}

function isShallowEqualObject(a: unknown, b: unknown): boolean {
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && Object.is(a[key], b[key]))
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
