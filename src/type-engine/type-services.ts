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

/** Which classes the program's `@Module({...})` decorators list in `controllers`, and the classes' bases. */
export interface ControllerIndex {
  /** Whether the program has a `@Module` at all (a library has none). */
  readonly hasModule: boolean;
  /** Whether some `controllers` value is not a literal list of classes, or a dynamic module returns one. */
  readonly hasUnknownControllers: boolean;
  /** The listed classes, by key (file and name of a top-level class). */
  readonly listed: ReadonlySet<string>;
  /** Each top-level class with an `extends` clause: its bases' keys, `null` when they are unknown. */
  readonly bases: ReadonlyMap<string, readonly string[] | null>;
}

/** Facts about the whole program, the same for every file linted with it. */
export interface ProgramIndex {
  /** `@EventPattern`/`@MessagePattern` handlers by route. */
  readonly handlers: ReadonlyMap<string, readonly PatternHandler[]>;
  /** Routes some `subscribeToResponseOf(...)` call in the program registers. */
  readonly responseSubscriptions: ReadonlySet<string>;
  /** Whether a `subscribeToResponseOf(...)` argument could not be resolved (then any route may be registered). */
  readonly hasUnresolvedResponseSubscription: boolean;
  /** Modules' `controllers` and class bases. */
  readonly controllers: ControllerIndex;
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
  /** `'event'`/`'message'` for an `@EventPattern(...)`/`@MessagePattern(...)` decorator (by declaration), else `undefined`. */
  getHandlerDecoratorKind(decorator: TSESTree.Decorator): HandlerKind | undefined;
  /**
   * Whether Nest certainly never binds the handlers declared in a class: the program has `@Module`s, all of their
   * `controllers` are literal, and neither the class nor any class derived from it is listed. `false` when unsure.
   */
  isOutsideControllers(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression): boolean;
  /** The handlers and reply subscriptions of the linted file's whole program, built once per program. */
  getProgramIndex(): ProgramIndex;
}
