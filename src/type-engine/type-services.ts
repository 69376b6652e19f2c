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

import type { PatternValue } from '../base/patterns';

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

/** A mutable built-in collection: an array or tuple, a `Map`/`WeakMap`, a `Set`/`WeakSet`. */
export type CollectionKind = 'array' | 'map' | 'set';

export interface PatternHandler {
  readonly kind: HandlerKind;
  readonly route: string;
  readonly fileName: string;
  /** 1-based. */
  readonly line: number;
}

/** A server configuration of the program (`NestFactory.createMicroservice(M, {...})`, `app.connectMicroservice({...})`). */
export interface ServerConfiguration {
  /** The `Transport` member, `undefined` when not known before run time (or a custom strategy). */
  readonly transport: string | undefined;
  /** Its `noAck`, with NestJS's default (`true`) when unset; `undefined` when not known before run time. */
  readonly noAck: boolean | undefined;
  /**
   * Its `prefetchCount`, with NestJS's default (`0`, which RabbitMQ reads as no limit) when unset; `undefined` when
   * not known before run time.
   */
  readonly prefetchCount: number | undefined;
  /** Whether it sets `queue`; `undefined` when not known before run time. */
  readonly queue: boolean | undefined;
  readonly fileName: string;
  /** 1-based. */
  readonly line: number;
}

/** The program's server configurations, and whether something may acknowledge messages for every handler. */
export interface TransportServers {
  readonly servers: readonly ServerConfiguration[];
  /**
   * Whether the program registers global interceptors (`useGlobalInterceptors`, `APP_INTERCEPTOR`): one may
   * acknowledge RMQ messages for every handler.
   */
  readonly globalInterceptors: boolean;
  /**
   * Whether some handler decorator may pass a `queue` of its own (`@EventPattern('x', { queue: 'workers' })`,
   * which NestJS 11 and 12 use instead of the server's).
   */
  readonly handlerQueues: boolean;
}

/** What a handler decorator is: its kind, and the transport it names (`null`: none; `undefined`: not known). */
export interface HandlerDecorator {
  readonly kind: HandlerKind;
  readonly transport: string | null | undefined;
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

/**
 * Who may close the client a factory provider (`{ provide: TOKEN, useFactory: () => ClientProxyFactory.create(...) }`)
 * makes: Nest does not. Tokens are keys of {@link TypeServices.getInjectionToken}.
 */
export interface ClientTokenIndex {
  /**
   * Tokens a class of the program injects (`@Inject(TOKEN)`): a client nothing injects is never used, and never
   * connects.
   */
  readonly injected: ReadonlySet<string>;
  /**
   * Tokens whose client code of the program may close: a class injects it (`@Inject(TOKEN)`) and calls `close()` on
   * it or hands it on; a run-time lookup (`app.get(TOKEN)`) is closed; another factory provider gets it (`inject`).
   */
  readonly mayClose: ReadonlySet<string>;
  /** Whether such an injection or lookup names a token not known before run time (then it may be any token). */
  readonly hasUnknownCloser: boolean;
  /** Tokens a module lists in `exports`: in a library, code outside the program may inject and close them. */
  readonly exported: ReadonlySet<string>;
  /** Whether an `exports` list has an entry not known before run time. */
  readonly hasUnknownExport: boolean;
  /** Whether the program boots an application (`NestFactory.create`, `createMicroservice`, `createApplicationContext`). */
  readonly bootstraps: boolean;
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
  /** Whether the program installs a global exception filter: `useGlobalFilters(...)`, or an `APP_FILTER` provider. */
  readonly hasGlobalExceptionFilter: boolean;
  /**
   * Names of the program's functions and methods that look like client wrappers (every `return` is a call named
   * `emit`/`emitBatch`/`send`), with the kinds they may return: the syntactic filter before {@link TypeServices.getClientWrapper}.
   */
  readonly clientWrappers: ReadonlyMap<string, readonly ClientCallKind[]>;
  /** The servers the program configures. */
  readonly transportServers: TransportServers;
  /** Modules' `controllers` and class bases. */
  readonly controllers: ControllerIndex;
  /** Injection tokens whose clients the program may close. */
  readonly clientTokens: ClientTokenIndex;
}

/** A function or method of the program that returns a NestJS client call's Observable. */
export interface ClientWrapper {
  readonly kind: ClientCallKind;
  /** The name callers call it by: `publish`. */
  readonly name: string;
  /** The client call it returns, for messages: `emit(topic)`. */
  readonly inner: string;
}

/** A value of a transport option known before run time; a `Transport` member is `{ transport: 'RMQ' }`. */
export type OptionValue = boolean | number | string | { readonly transport: string };

/** Where a configuration value is written, and where the linted file can report it. */
export interface OptionPlace {
  /** The file and line (1-based) where the value is written, possibly another file than the linted one. */
  readonly fileName: string;
  readonly line: number;
  /** Whether it is written inside the configuring call itself (then {@link report} is where it is written). */
  readonly inCall: boolean;
  /**
   * The range in the linted file to report on, inside the configuring call: where the value is written, or the
   * property (`options: RMQ_OPTIONS`) or configuration that leads to it.
   */
  readonly report: readonly [number, number];
}

export interface OptionProperty {
  /** `undefined` when the value is known only at run time, or is an object. */
  readonly value: OptionValue | undefined;
  /**
   * The object the value stands for, read the same way (`queueOptions: { durable: true, arguments: {...} }`, two
   * levels deep); `undefined` when it is not an object known before run time.
   */
  readonly object?: OptionsObject;
  readonly place: OptionPlace;
}

/** An options object read before run time. */
export interface OptionsObject {
  /** The properties known to be set. */
  readonly properties: ReadonlyMap<string, OptionProperty>;
  /** Whether a property missing from {@link properties} is known to be unset (no spread of an unknown object). */
  readonly complete: boolean;
  /** Where the object is written. */
  readonly place: OptionPlace;
}

/** A client or server configuration: `ClientsModule.register([...])`, `NestFactory.createMicroservice(M, {...})`... */
export interface TransportConfiguration {
  readonly role: 'client' | 'server';
  /** The `Transport` member (`'RMQ'`, `'NATS'`), or `undefined` when not known before run time (or a custom strategy). */
  readonly transport: string | undefined;
  /** The configuration object (`{ transport, options }`). */
  readonly place: OptionPlace;
  /** Its `options`: read, `'absent'` when known to be missing, `undefined` when not known before run time. */
  readonly options: OptionsObject | 'absent' | undefined;
  /** The `options` property, when the configuration has one. */
  readonly optionsPlace: OptionPlace | undefined;
}

export interface TypeServices {
  /**
   * `'emit'` for `ClientProxy.emit` and `ClientKafka.emitBatch` (hot), `'send'` for `ClientProxy.send` (cold),
   * including overrides in classes derived from `ClientProxy`; `undefined` for anything else. The callee must
   * already have passed the syntactic filter {@link import('../utils/ast').getClientMethodName}.
   */
  getClientCallKind(call: TSESTree.CallExpression): ClientCallKind | undefined;
  /**
   * The wrapper a call calls (`this.events.publish(...)` where `publish` returns `this.client.emit(...)`), resolved
   * to its one declaration in the program; `undefined` for anything else. Ask only for calls whose name
   * {@link ProgramIndex.clientWrappers} lists.
   */
  getClientWrapper(call: TSESTree.CallExpression): ClientWrapper | undefined;
  /** Whether the expression's type admits `null` or `undefined` (e.g. an optional chain on an optional client). */
  isPossiblyNullish(node: TSESTree.Node): boolean;
  /** Whether the expression's type (or a base class of it) is one of `specifiers`. */
  isTypeOf(node: TSESTree.Node, specifiers: readonly PackageTypeSpecifier[]): boolean;
  /**
   * The built-in collection the expression's type is (every member of a union alike, `null`/`undefined` aside);
   * `undefined` for anything else, `any` included.
   */
  getCollectionKind(node: TSESTree.Node): CollectionKind | undefined;
  /** Whether an inline callback is expected to return `void` (`forEach`, `setTimeout`): its result is ignored. */
  isCallbackResultIgnored(callback: TSESTree.Node): boolean;
  /** The value of a pattern argument (`Topics.OrderCreated` → `'order.created'`), or `undefined` when it is not known before run time. */
  resolvePattern(pattern: TSESTree.Node | undefined): PatternValue | undefined;
  /** Whether the module an import names exports `name`; `undefined` when the module did not resolve. */
  moduleExports(source: TSESTree.StringLiteral, name: string): boolean | undefined;
  /** Whether the program is checked with `strictNullChecks` (`strict`): only then do types tell nullish values apart. */
  hasStrictNullChecks(): boolean;
  /**
   * The transport configurations a call or decorator makes, when it is a `ClientsModule.register`/`registerAsync`,
   * `ClientProxyFactory.create`, `@Client`, `NestFactory.createMicroservice` or `connectMicroservice` of NestJS
   * (by declaration); empty for anything else.
   */
  getTransportConfigurations(node: TSESTree.CallExpression): readonly TransportConfiguration[];
  /** What a decorator is when it is `@EventPattern`/`@MessagePattern` of `@nestjs/microservices` (by declaration). */
  getHandlerDecorator(decorator: TSESTree.Decorator): HandlerDecorator | undefined;
  /**
   * Whether a method decorator may put other code in the method's place (assign `descriptor.value`, return a new
   * descriptor, define the property): `false` for the metadata decorators of `@nestjs/*` and for a decorator of the
   * program whose body provably leaves the method alone; `true` when that cannot be told (another package's
   * decorator, an import that does not resolve, any other body) and for `@UseInterceptors`.
   */
  mayReplaceMethod(decorator: TSESTree.Decorator): boolean;
  /** Whether a name (a decorator's callee, say) refers to the export `specifier.name` of `specifier.package`. */
  refersTo(node: TSESTree.Node, specifier: PackageTypeSpecifier): boolean;
  /**
   * Whether Nest certainly never binds the handlers declared in a class: the program has `@Module`s, all of their
   * `controllers` are literal, and neither the class nor any class derived from it is listed. `false` when unsure.
   */
  isOutsideControllers(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression): boolean;
  /** The handlers and reply subscriptions of the linted file's whole program, built once per program. */
  getProgramIndex(): ProgramIndex;
  /**
   * {@link getProgramIndex}, for a file that may have nothing to ask (its text names no client method): when no
   * project includes the file, the empty index, and nothing is reported.
   */
  peekProgramIndex(): ProgramIndex;
  /**
   * Which Kafka client instance `receiver` (`this.kafka`) is: its `@Inject` token, or its class and property;
   * `undefined` when that cannot be told.
   */
  getKafkaClientIdentity(receiver: TSESTree.Node): string | undefined;
  /**
   * The key of an injection token (a provider's `provide` value), as {@link ClientTokenIndex} holds them: a string
   * by value, a symbol constant by its declaration. `undefined` when it is not known before run time, and for a class
   * token, which Nest also injects by type, without `@Inject`.
   */
  getInjectionToken(token: TSESTree.Node): string | undefined;
}

/** The key of a reply route registered on one Kafka client, in {@link ProgramIndex.responseSubscriptionsByClient}. */
export function clientSubscriptionKey(client: string, route: string): string {
  return `${client}\u0000${route}`;
}
