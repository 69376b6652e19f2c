/** Finding NestJS client calls: the syntactic filter first, then the declaration check, then the usage analysis. */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { getClientMethodName } from './ast';
import type { ObservableUsage } from './observable-usage';
import { analyzeObservableUsage } from './observable-usage';
import type { ClientCallKind, TypeServices } from './type-checks';

export interface ClientCall {
  readonly node: TSESTree.CallExpression;
  readonly kind: ClientCallKind;
  /** `emit`, `emitBatch` or `send`, as written. */
  readonly method: string;
  /** For messages: `emit('order.created')`. */
  readonly description: string;
  readonly usage: ObservableUsage;
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
  if (types.getClientCallKind(node) !== kind) return undefined;
  return {
    node,
    kind,
    method,
    description: `${method}(${types.describePattern(node.arguments[0])})`,
    usage: analyzeObservableUsage(node, {
      sourceCode,
      isCallbackResultIgnored: (callback) => types.isCallbackResultIgnored(callback),
    }),
  };
}
