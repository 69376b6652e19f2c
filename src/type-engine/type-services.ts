/**
 * The questions rules ask about types: the one interface between the rules and whatever answers them.
 *
 * Rules never see a type checker, a `ts.Program` or a node map. They hold a {@link TypeServices} for the file
 * they lint and ask it questions about ESTree nodes. Providers (`providers/`) answer them: today both answer
 * through TypeScript's classic API (`checker/`), one with typescript-eslint's program (ESLint), one with a
 * program of the plugin's own (oxlint). A provider built on another engine (TypeScript 7's API, say) implements
 * this interface, and no rule changes.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import type { PatternValue } from '../utils/patterns';

export type ClientCallKind = 'emit' | 'send';

/**
 * A type named `name` (`'*'`: any type) declared in the package `package` (or a file inside it), or a class
 * derived from one.
 */
export interface PackageTypeSpecifier {
  readonly name: string;
  readonly package: string;
}

export type HandlerKind = 'event' | 'message';

export interface PatternHandler {
  readonly kind: HandlerKind;
  readonly route: string;
  readonly fileName: string;
  /** 1-based. */
  readonly line: number;
}

/** Facts about the whole program, the same for every file linted with it. */
export interface ProgramIndex {
  /** `@EventPattern`/`@MessagePattern` handlers by route. */
  readonly handlers: ReadonlyMap<string, readonly PatternHandler[]>;
  /** Routes some `subscribeToResponseOf(...)` call in the program registers. */
  readonly responseSubscriptions: ReadonlySet<string>;
  /**
   * `clientSubscriptionKey(client, route)` of each registration on a Kafka client whose identity
   * ({@link TypeServices.getKafkaClientIdentity}) is known.
   */
  readonly responseSubscriptionsByClient: ReadonlySet<string>;
  /** Routes registered on a client whose identity is not known (they may be on any client). */
  readonly responseSubscriptionsOfUnknownClient: ReadonlySet<string>;
  /** Whether a `subscribeToResponseOf(...)` argument could not be resolved (then any route may be registered). */
  readonly hasUnresolvedResponseSubscription: boolean;
}

export interface TypeServices {
  /**
   * `'emit'` for `ClientProxy.emit` and `ClientKafka.emitBatch` (hot), `'send'` for `ClientProxy.send` (cold),
   * including overrides in classes derived from `ClientProxy`; `undefined` for anything else. The callee must
   * already have passed the syntactic filter {@link import('../utils/ast').getClientMethodName}.
   */
  getClientCallKind(call: TSESTree.CallExpression): ClientCallKind | undefined;
  /** Whether the expression's type admits `null` or `undefined` (e.g. an optional chain on an optional client). */
  isPossiblyNullish(node: TSESTree.Node): boolean;
  /** Whether the expression's type (or a base class of it) is one of `specifiers`. */
  isTypeOf(node: TSESTree.Node, specifiers: readonly PackageTypeSpecifier[]): boolean;
  /** Whether an inline callback is expected to return `void` (`forEach`, `setTimeout`): its result is ignored. */
  isCallbackResultIgnored(callback: TSESTree.Node): boolean;
  /** The value of a pattern argument (`Topics.OrderCreated` → `'order.created'`), or `undefined` when it is not known before run time. */
  resolvePattern(pattern: TSESTree.Node | undefined): PatternValue | undefined;
  /** Whether the module an import names exports `name`; `undefined` when the module did not resolve. */
  moduleExports(source: TSESTree.StringLiteral, name: string): boolean | undefined;
  /** The handlers and reply subscriptions of the linted file's whole program, built once per program. */
  getProgramIndex(): ProgramIndex;
  /**
   * Which Kafka client instance `receiver` (`this.kafka`) is: its `@Inject` token, or its class and property;
   * `undefined` when that cannot be told.
   */
  getKafkaClientIdentity(receiver: TSESTree.Node): string | undefined;
}

/** The key of a reply route registered on one Kafka client, in {@link ProgramIndex.responseSubscriptionsByClient}. */
export function clientSubscriptionKey(client: string, route: string): string {
  return `${client}\u0000${route}`;
}
