/**
 * Finding NestJS client calls: the per-file text filter, then candidates by name with their usage and pattern
 * (no type question about the call), then the declaration check, last.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { getClientMethodName, hasOptionalChain } from './ast';
import type { ObservableUsage } from './observable-usage';
import { analyzeObservableUsage } from './observable-usage';
import type { PatternValue } from './patterns';
import { describePattern, toRoute } from './patterns';
import type { ClientCallKind, TypeServices } from '../type-engine';

/**
 * A call named like a client method (`emit`, `emitBatch`, `send`) and what is known about it without asking
 * whether it is one: a rule checks everything it can on a candidate first, and asks {@link isClientCall} (the
 * type question) last, only for a call it would report.
 */
export interface CallCandidate {
  readonly node: TSESTree.CallExpression;
  /** The kind the name stands for: `emit` for `emit`/`emitBatch`, `send` for `send`. */
  readonly kind: ClientCallKind;
  /** `emit`, `emitBatch` or `send`, as written. */
  readonly method: string;
  /** For messages: `emit('order.created')`. Computed on first read: only reported calls need it. */
  readonly description: string;
  /** The route of the pattern argument, or `undefined` when unknown. Computed on first read, once for all rules. */
  readonly route: string | undefined;
  /** What happens to the returned Observable (syntactic). */
  readonly usage: ObservableUsage;
}

/**
 * Every rule looks at the same calls: the candidate at a node, and the type answer about it, are computed once
 * per lint of a file and shared by all rules (AST nodes are not shared between files or runs).
 */
const candidateByNode = new WeakMap<TSESTree.CallExpression, CallCandidate>();
/** `null`: not a client call. */
const clientKindByCandidate = new WeakMap<CallCandidate, ClientCallKind | null>();

/** A candidate whose pattern is resolved on first read (only reported calls and routed sends need it), once for all rules. */
class LazyCallCandidate implements CallCandidate {
  readonly kind: ClientCallKind;
  readonly usage: ObservableUsage;
  private resolved: { readonly value: PatternValue | undefined } | undefined;
  private describedAs: string | undefined;

  constructor(
    readonly node: TSESTree.CallExpression,
    readonly method: string,
    private readonly types: TypeServices,
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
  ) {
    this.kind = method === 'send' ? 'send' : 'emit';
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
      this.describedAs = `${this.method}(${describePattern(value, pattern ? this.sourceCode.getText(pattern) : '')})`;
    }
    return this.describedAs;
  }

  get route(): string | undefined {
    const value = this.patternValue;
    return value === undefined ? undefined : toRoute(value);
  }
}

/**
 * The candidate at `node` when it is a call named like a client method of kind `kind`, else `undefined`. Asks
 * the type checker nothing about the call itself (the usage analysis may ask whether an inline callback's
 * result is ignored); reading `route` or `description` resolves the pattern argument.
 */
export function getCallCandidate(
  node: TSESTree.CallExpression,
  kind: ClientCallKind,
  types: TypeServices,
  sourceCode: Readonly<TSESLint.SourceCode>,
): CallCandidate | undefined {
  const method = getClientMethodName(node);
  if (method === undefined || (kind === 'send') !== (method === 'send')) return undefined;
  let candidate = candidateByNode.get(node);
  if (!candidate) {
    candidate = new LazyCallCandidate(node, method, types, sourceCode);
    candidateByNode.set(node, candidate);
  }
  return candidate;
}

/**
 * Whether the candidate calls a NestJS client method (`ClientProxy.emit/send`, `ClientKafka.emitBatch`, an
 * override), by the declaration of the called method. The one type question per call, asked once for all rules:
 * ask it last, after every syntactic reason not to report.
 */
export function isClientCall(candidate: CallCandidate, types: TypeServices): boolean {
  let kind = clientKindByCandidate.get(candidate);
  if (kind === undefined) {
    kind = types.getClientCallKind(candidate.node) ?? null;
    clientKindByCandidate.set(candidate, kind);
  }
  return kind === candidate.kind;
}

/**
 * Whether `lastValueFrom(<observable>)` type-checks: not when an optional chain may leave it `undefined`
 * (`this.client?.emit(...)` on an optional client). The type question is asked only for optional chains.
 */
export function canConvert(observable: TSESTree.Node, types: TypeServices): boolean {
  return !hasOptionalChain(observable) || !types.isPossiblyNullish(observable);
}
