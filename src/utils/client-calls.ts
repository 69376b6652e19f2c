/**
 * Finding NestJS client calls: the per-file text filter, then candidates by name with their usage and pattern
 * (no type question about the call), then the declaration check, last.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';

import { getCalleeName, getClientMethodName, getEnclosingTryWithCatch, hasOptionalChain } from './ast';
import type { ObservableUsage } from './observable-usage';
import { analyzeObservableUsage } from './observable-usage';
import type { PatternValue } from '../base/patterns';
import { describePattern, toRoute } from '../base/patterns';
import { getWrappersNamedInText } from './text-filter';
import type { ClientCallKind, ClientWrapper, PatternHandler, TypeServices } from '../type-engine';

/**
 * A call named like a client method (`emit`, `emitBatch`, `send`) and what is known about it without asking
 * whether it is one: a rule checks everything it can on a candidate first, and asks {@link isClientCall} (the
 * type question) last, only for a call it would report.
 */
export interface CallCandidate {
  readonly node: TSESTree.CallExpression;
  /** The kind the name stands for: `emit` for `emit`/`emitBatch`, `send` for `send`. */
  readonly kind: ClientCallKind;
  /** `emit`, `emitBatch` or `send`, as written; for a call of a client wrapper, the wrapper's name. */
  readonly method: string;
  /**
   * For messages: `emit('order.created')`; for a wrapper, `publish('order.committed')\`, a wrapper of \`emit(topic)`
   * (messages put the description between backquotes). Computed on first read: only reported calls need it.
   */
  readonly description: string;
  /**
   * The route of the pattern argument, or `undefined` when unknown (always for a wrapper, whose arguments need not
   * be the client call's). Computed on first read, once for all rules.
   */
  readonly route: string | undefined;
  /** What happens to the returned Observable (syntactic). */
  readonly usage: ObservableUsage;
  /** The wrapper the call calls, once {@link isClientCall} has found that it calls one. */
  readonly wrapper: ClientWrapper | undefined;
}

/**
 * Every rule looks at the same calls: the candidate at a node, and the type answer about it, are computed once
 * per lint of a file and shared by all rules (AST nodes are not shared between files or runs).
 */
const candidateByNode: Record<ClientCallKind, WeakMap<TSESTree.CallExpression, CallCandidate>> = { emit: new WeakMap(), send: new WeakMap() };

/** What a candidate calls: a client method, or a wrapper of one. `null`: neither. */
interface ClientCallAnswer {
  readonly kind: ClientCallKind;
  readonly wrapper: ClientWrapper | undefined;
}
const answerByCandidate = new WeakMap<CallCandidate, ClientCallAnswer | null>();

/** A candidate whose pattern is resolved on first read (only reported calls and routed sends need it), once for all rules. */
class LazyCallCandidate implements CallCandidate {
  readonly kind: ClientCallKind;
  readonly usage: ObservableUsage;
  private resolved: { readonly value: PatternValue | undefined } | undefined;
  private describedAs: string | undefined;

  constructor(
    readonly node: TSESTree.CallExpression,
    readonly method: string,
    kind: ClientCallKind,
    private readonly types: TypeServices,
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
  ) {
    this.kind = kind;
    this.usage = analyzeObservableUsage(node, {
      sourceCode,
      isCallbackResultIgnored: (callback) => types.isCallbackResultIgnored(callback),
    });
  }

  /** One resolution of the pattern serves the message and the route. */
  private get patternValue(): PatternValue | undefined {
    this.resolved ??= { value: this.types.resolvePattern(this.node.arguments[0]) };
    return this.resolved.value;
  }

  get description(): string {
    if (this.describedAs === undefined) {
      // Strings and numbers by value (`Topics.OrderCreated` → 'order.created'); objects as written.
      const pattern = this.node.arguments[0];
      const value = pattern && pattern.type !== AST_NODE_TYPES.ObjectExpression ? this.patternValue : undefined;
      const { wrapper } = this;
      this.describedAs = `${this.method}(${describePattern(value, pattern ? this.sourceCode.getText(pattern) : '')})${wrapper ? `\`, a wrapper of \`${wrapper.inner}` : ''}`;
    }
    return this.describedAs;
  }

  get wrapper(): ClientWrapper | undefined {
    return answerByCandidate.get(this)?.wrapper;
  }

  get route(): string | undefined {
    if (this.wrapper) return undefined;
    const value = this.patternValue;
    return value === undefined ? undefined : toRoute(value);
  }
}

export interface CandidateOptions {
  /**
   * Also calls of the program's client wrappers (functions that return a client call's Observable), by the names
   * the program index lists: for the rules that judge what the caller does with the Observable. Rules that look
   * inside the call (its pattern, its operators) leave them out.
   */
  readonly wrappers?: boolean;
}

/** The options of the rules that judge what a caller does with the Observable, wrappers' included. */
export const WITH_WRAPPERS: CandidateOptions = { wrappers: true };

/** Whether `wrappers` (the program's, or those a file names) hold a client wrapper of `kind` under the name `name`. */
function isWrapperName(name: string | undefined, kind: ClientCallKind, wrappers: ReadonlyMap<string, readonly ClientCallKind[]>): boolean {
  return name !== undefined && (wrappers.get(name)?.includes(kind) ?? false);
}

/**
 * The candidate at `node` when it is a call named like a client method of kind `kind` (or, with `wrappers`, like
 * a client wrapper of that kind), else `undefined`. Asks the type checker nothing about the call itself (the usage
 * analysis may ask whether an inline callback's result is ignored); reading `route` or `description` resolves the
 * pattern argument.
 */
export function getCallCandidate(
  node: TSESTree.CallExpression,
  kind: ClientCallKind,
  types: TypeServices,
  sourceCode: Readonly<TSESLint.SourceCode>,
  options: CandidateOptions = {},
): CallCandidate | undefined {
  const clientMethod = getClientMethodName(node);
  const method = clientMethod ?? (options.wrappers ? getCalleeName(node) : undefined);
  if (method === undefined) return undefined;
  if (clientMethod !== undefined ? (kind === 'send') !== (method === 'send') : !isWrapperName(method, kind, getWrappersNamedInText(sourceCode, () => types.getProgramIndex()))) return undefined;
  let candidate = candidateByNode[kind].get(node);
  if (!candidate) {
    candidate = new LazyCallCandidate(node, method, kind, types, sourceCode);
    candidateByNode[kind].set(node, candidate);
  }
  return candidate;
}

/** What the candidate calls, by declaration: one type question per call, or two for a wrapper named like a client method. */
function classify(candidate: CallCandidate, types: TypeServices): ClientCallAnswer | null {
  let answer = answerByCandidate.get(candidate);
  if (answer === undefined) {
    const direct = getClientMethodName(candidate.node) !== undefined ? types.getClientCallKind(candidate.node) : undefined;
    const wrapper = !direct && isWrapperName(candidate.method, candidate.kind, types.getProgramIndex().clientWrappers) ? types.getClientWrapper(candidate.node) : undefined;
    answer = direct ? { kind: direct, wrapper: undefined } : wrapper ? { kind: wrapper.kind, wrapper } : null;
    answerByCandidate.set(candidate, answer);
  }
  return answer;
}

/**
 * Whether the candidate calls a NestJS client method (`ClientProxy.emit/send`, `ClientKafka.emitBatch`, an
 * override), by the declaration of the called method, or (with `wrappers`) a client wrapper of the program. The
 * type question per call, asked once for all rules: ask it last, after every syntactic reason not to report.
 */
export function isClientCall(candidate: CallCandidate, types: TypeServices, options: CandidateOptions = {}): boolean {
  const answer = classify(candidate, types);
  return answer?.kind === candidate.kind && (answer.wrapper === undefined || options.wrappers === true);
}

/**
 * Whether `lastValueFrom(<observable>)` type-checks: not when an optional chain may leave it `undefined`
 * (`this.client?.emit(...)` on an optional client). The type question is asked only for optional chains.
 */
export function canConvert(observable: TSESTree.Node, types: TypeServices): boolean {
  return !hasOptionalChain(observable) || !types.isPossiblyNullish(observable);
}

/**
 * The message of a subscription without an error handler (`.subscribe()`, `.subscribe(next)`): in the block of a
 * `try` with a `catch`, the one that says the `catch` never sees the failure.
 */
export function describeUnhandledSubscription(call: CallCandidate): {
  messageId: 'subscribedInTry' | 'subscribedWithoutErrorHandler';
  data: Record<string, string | number>;
} {
  const tryStatement = getEnclosingTryWithCatch(call.node);
  return tryStatement
    ? { messageId: 'subscribedInTry', data: { call: call.description, line: tryStatement.handler.loc.start.line } }
    : { messageId: 'subscribedWithoutErrorHandler', data: { call: call.description } };
}

/**
 * The call's route and one `@EventPattern` handler of it, when the program handles that route with `@EventPattern`
 * handlers only (`undefined` when the pattern is unknown, or a wrapper's). `prefer-emit-for-events` reports a `send`
 * to such a pattern whatever becomes of it, subscribed or not, and `no-unsubscribed-send` leaves it to that rule.
 */
export function getEventOnlyRoute(call: CallCandidate, types: TypeServices): { readonly route: string; readonly handler: PatternHandler } | undefined {
  const { route } = call;
  if (route === undefined) return undefined;
  const handlers = types.getProgramIndex().handlers.get(route) ?? [];
  const handler = handlers.some((candidate) => candidate.kind === 'message') ? undefined : handlers.find((candidate) => candidate.kind === 'event');
  return handler && { route, handler };
}
