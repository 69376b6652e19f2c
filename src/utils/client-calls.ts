/** Finding NestJS client calls: the syntactic filter first, then the declaration check, then the usage analysis. */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { getClientMethodName, hasOptionalChain } from './ast';
import type { ObservableUsage } from './observable-usage';
import { analyzeObservableUsage } from './observable-usage';
import type { PatternValue } from './patterns';
import { describePattern, toRoute } from './patterns';
import type { ClientCallKind, TypeServices } from './type-checks';

export interface ClientCall {
  readonly node: TSESTree.CallExpression;
  readonly kind: ClientCallKind;
  /** `emit`, `emitBatch` or `send`, as written. */
  readonly method: string;
  /** For messages: `emit('order.created')`. Computed on first read: only reported calls need it. */
  readonly description: string;
  /** The route of the pattern argument, or `undefined` when unknown. Computed on first read, once for all rules. */
  readonly route: string | undefined;
  readonly usage: ObservableUsage;
}

/**
 * Text every file with a client call contains: the method name (`emit`, `emitBatch`, `send`, as an identifier or
 * a string key), or an escape sequence that could spell it (`\u0065mit`, `'\x65mit'`).
 */
const CLIENT_CALL_TEXT = /emit|send|\\[ux]/;
const mayContainClientCallsBySource = new WeakMap<Readonly<TSESLint.SourceCode>, boolean>();

/**
 * The cheapest filter, once per file for all rules: whether the file's text could contain a client call at all.
 * Rules return no listeners for the files where it could not (most of a code base: entities, DTOs, mappers).
 */
export function mayContainClientCalls(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  let answer = mayContainClientCallsBySource.get(sourceCode);
  if (answer === undefined) {
    answer = CLIENT_CALL_TEXT.test(sourceCode.text);
    mayContainClientCallsBySource.set(sourceCode, answer);
  }
  return answer;
}

/** What is known about a call named like a client method: its usage first, the type answer when asked. */
interface CallFacts {
  readonly method: string;
  readonly usage: ObservableUsage;
  /** `undefined` until the type checker is asked; `null`: not a client call. */
  call?: ClientCall | null;
}

/**
 * Every rule looks at the same calls: the facts about a node are computed once per lint of a file and shared by
 * all rules (AST nodes are not shared between files or runs).
 */
const factsByNode = new WeakMap<TSESTree.CallExpression, CallFacts>();

function createClientCall(node: TSESTree.CallExpression, kind: ClientCallKind, facts: CallFacts, types: TypeServices, sourceCode: Readonly<TSESLint.SourceCode>): ClientCall {
  const { method, usage } = facts;
  const pattern = node.arguments[0];
  let description: string | undefined;
  let value: { readonly value: PatternValue | undefined } | undefined;
  // One resolution of the pattern serves the message and the route, for every rule.
  const getValue = (): PatternValue | undefined => (value ??= { value: types.resolvePattern(pattern) }).value;
  return {
    node,
    kind,
    method,
    usage,
    get description(): string {
      // Strings and numbers by value (`Topics.OrderCreated` → 'order.created'); objects as written.
      description ??= `${method}(${describePattern(pattern && pattern.type !== AST_NODE_TYPES.ObjectExpression ? getValue() : undefined, pattern ? sourceCode.getText(pattern) : '')})`;
      return description;
    },
    get route(): string | undefined {
      const resolved = getValue();
      return resolved === undefined ? undefined : toRoute(resolved);
    },
  };
}

/**
 * Returns the client call of kind `kind` at `node` with the fate of its Observable, or `undefined` when `node`
 * is not one. Cheap for everything that is not named `emit`/`emitBatch`/`send`. The usage is found first (it is
 * syntactic), and the type checker is asked only when `needsTypeCheck(usage)`: a rule passes what it would report
 * on, so that, say, an `emit` whose result is already handled costs no type query.
 */
export function getClientCall(
  node: TSESTree.CallExpression,
  kind: ClientCallKind,
  types: TypeServices,
  sourceCode: Readonly<TSESLint.SourceCode>,
  needsTypeCheck: (usage: ObservableUsage) => boolean = () => true,
): ClientCall | undefined {
  const method = getClientMethodName(node);
  if (method === undefined || (kind === 'send') !== (method === 'send')) return undefined;
  let facts = factsByNode.get(node);
  if (!facts) {
    facts = {
      method,
      usage: analyzeObservableUsage(node, {
        sourceCode,
        isCallbackResultIgnored: (callback) => types.isCallbackResultIgnored(callback),
      }),
    };
    factsByNode.set(node, facts);
  }
  if (facts.call === undefined) {
    if (!needsTypeCheck(facts.usage)) return undefined;
    const callKind = types.getClientCallKind(node);
    facts.call = callKind ? createClientCall(node, callKind, facts, types, sourceCode) : null;
  }
  return facts.call?.kind === kind ? facts.call : undefined;
}

/**
 * Whether `lastValueFrom(<observable>)` type-checks: not when an optional chain may leave it `undefined`
 * (`this.client?.emit(...)` on an optional client). The type question is asked only for optional chains.
 */
export function canConvert(observable: TSESTree.Node, types: TypeServices): boolean {
  return !hasOptionalChain(observable) || !types.isPossiblyNullish(observable);
}
