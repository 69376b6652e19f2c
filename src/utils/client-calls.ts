/** Finding NestJS client calls: the syntactic filter first, then the declaration check, then the usage analysis. */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { getClientMethodName, hasOptionalChain } from './ast';
import type { ObservableUsage } from './observable-usage';
import { analyzeObservableUsage } from './observable-usage';
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

/**
 * Every rule looks at the same calls: the answer for a node is computed once per lint of a file and shared by
 * all rules (AST nodes are not shared between files or runs). `null` records "not a client call".
 */
const clientCallByNode = new WeakMap<TSESTree.CallExpression, ClientCall | null>();

function analyzeClientCall(
  node: TSESTree.CallExpression,
  method: string,
  types: TypeServices,
  sourceCode: Readonly<TSESLint.SourceCode>,
): ClientCall | null {
  const kind = types.getClientCallKind(node);
  if (!kind) return null;
  let description: string | undefined;
  let route: { value: string | undefined } | undefined;
  return {
    node,
    kind,
    method,
    get description(): string {
      description ??= `${method}(${types.describePattern(node.arguments[0])})`;
      return description;
    },
    get route(): string | undefined {
      route ??= { value: types.resolvePatternRoute(node.arguments[0]) };
      return route.value;
    },
    usage: analyzeObservableUsage(node, {
      sourceCode,
      isCallbackResultIgnored: (callback) => types.isCallbackResultIgnored(callback),
    }),
  };
}

/**
 * Returns the client call of kind `kind` at `node` with the fate of its Observable, or `undefined` when `node`
 * is not one. Cheap for everything that is not named `emit`/`emitBatch`/`send`.
 */
export function getClientCall(
  node: TSESTree.CallExpression,
  kind: ClientCallKind,
  types: TypeServices,
  sourceCode: Readonly<TSESLint.SourceCode>,
): ClientCall | undefined {
  const method = getClientMethodName(node);
  if (method === undefined || (kind === 'send') !== (method === 'send')) return undefined;
  let call = clientCallByNode.get(node);
  if (call === undefined) {
    call = analyzeClientCall(node, method, types, sourceCode);
    clientCallByNode.set(node, call);
  }
  return call?.kind === kind ? call : undefined;
}

/**
 * Whether `lastValueFrom(<observable>)` type-checks: not when an optional chain may leave it `undefined`
 * (`this.client?.emit(...)` on an optional client). The type question is asked only for optional chains.
 */
export function canConvert(observable: TSESTree.Node, types: TypeServices): boolean {
  return !hasOptionalChain(observable) || !types.isPossiblyNullish(observable);
}
