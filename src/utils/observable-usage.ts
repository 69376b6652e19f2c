/**
 * What happens to the Observable a client call returns: is it subscribed, in time, with its errors observed?
 * Purely syntactic and scope-based (no type queries): the caller has already decided the call is a client call.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, ASTUtils, TSESLint as TSESLintRuntime } from '@typescript-eslint/utils';

import { getEnclosingFunction, getMemberName, isFunctionNode, skipTransparentWrappersUp, walk } from './ast';

export type ObservableUsage =
  /** Subscribed, converted (`lastValueFrom`, `toPromise`), returned or passed on: its errors reach someone. */
  | { readonly kind: 'handled' }
  /** `.subscribe()` with no error handler: a failure becomes an uncaught exception. */
  | { readonly kind: 'subscribedWithoutErrorHandler'; readonly subscribeCall: TSESTree.CallExpression }
  /** Stored in a variable and subscribed only after an `await` of the same function. */
  | { readonly kind: 'subscribedLate'; readonly awaitNode: TSESTree.Node }
  /** `await obs`: an Observable is not thenable, the `await` waits for nothing. */
  | { readonly kind: 'awaited'; readonly awaitNode: TSESTree.AwaitExpression; readonly expression: TSESTree.Expression }
  /** `void obs`. */
  | { readonly kind: 'voided'; readonly voidNode: TSESTree.UnaryExpression; readonly expression: TSESTree.Expression }
  /** The value is dropped: an expression statement, possibly after `.pipe(...)`. */
  | { readonly kind: 'discarded'; readonly statement: TSESTree.ExpressionStatement | undefined; readonly expression: TSESTree.Expression }
  /** Stored in a variable that nothing reads. */
  | { readonly kind: 'unused'; readonly variable: TSESLint.Scope.Variable };

export type ObservableUsageKind = ObservableUsage['kind'];

/** Best first: when a variable is used several ways, the best use decides. */
const USAGE_RANK: Readonly<Record<ObservableUsageKind, number>> = {
  handled: 0,
  subscribedLate: 1,
  subscribedWithoutErrorHandler: 2,
  awaited: 3,
  voided: 4,
  discarded: 5,
  unused: 6,
};

const HANDLED: ObservableUsage = { kind: 'handled' };
const MAX_ALIAS_DEPTH = 4;

/** Whether the usage subscribes at all (a `send` is only sent when something subscribes). */
export function isSubscribed(usage: ObservableUsage): boolean {
  return usage.kind === 'handled' || usage.kind === 'subscribedLate' || usage.kind === 'subscribedWithoutErrorHandler';
}

export function analyzeObservableUsage(
  observable: TSESTree.Node,
  sourceCode: Readonly<TSESLint.SourceCode>,
): ObservableUsage {
  return analyze(observable, observable, sourceCode, 0);
}

function analyze(
  origin: TSESTree.Node,
  node: TSESTree.Node,
  sourceCode: Readonly<TSESLint.SourceCode>,
  depth: number,
): ObservableUsage {
  let current = skipTransparentWrappersUp(node);
  for (;;) {
    const parent = current.parent;
    if (!parent) return HANDLED;
    switch (parent.type) {
      case AST_NODE_TYPES.MemberExpression: {
        if (parent.object !== current) return HANDLED;
        const member = skipTransparentWrappersUp(parent);
        const call = member.parent;
        if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) return HANDLED;
        const name = getMemberName(parent);
        if (name === 'pipe') {
          current = skipTransparentWrappersUp(call);
          continue;
        }
        if (name === 'subscribe') return analyzeSubscribe(call);
        // toPromise(), forEach() and anything unknown: converted or passed on.
        return HANDLED;
      }
      case AST_NODE_TYPES.ExpressionStatement:
        return { kind: 'discarded', statement: parent, expression: current as TSESTree.Expression };
      case AST_NODE_TYPES.UnaryExpression:
        return parent.operator === 'void'
          ? { kind: 'voided', voidNode: parent, expression: current as TSESTree.Expression }
          : HANDLED;
      case AST_NODE_TYPES.AwaitExpression:
        return { kind: 'awaited', awaitNode: parent, expression: current as TSESTree.Expression };
      case AST_NODE_TYPES.SequenceExpression:
        if (parent.expressions.at(-1) !== current) {
          return { kind: 'discarded', statement: undefined, expression: current as TSESTree.Expression };
        }
        current = parent;
        continue;
      case AST_NODE_TYPES.ArrayExpression:
      case AST_NODE_TYPES.SpreadElement:
      case AST_NODE_TYPES.ObjectExpression:
      case AST_NODE_TYPES.ConditionalExpression:
      case AST_NODE_TYPES.LogicalExpression:
        if (parent.type === AST_NODE_TYPES.ConditionalExpression && parent.test === current) return HANDLED;
        current = skipTransparentWrappersUp(parent);
        continue;
      case AST_NODE_TYPES.Property:
        if (parent.value !== current || parent.parent.type !== AST_NODE_TYPES.ObjectExpression) return HANDLED;
        current = parent;
        continue;
      case AST_NODE_TYPES.VariableDeclarator:
        if (parent.init !== current || parent.id.type !== AST_NODE_TYPES.Identifier) return HANDLED;
        return analyzeVariable(origin, sourceCode.getDeclaredVariables(parent)[0], parent, sourceCode, depth);
      case AST_NODE_TYPES.AssignmentExpression: {
        if (parent.right !== current || parent.operator !== '=' || parent.left.type !== AST_NODE_TYPES.Identifier) {
          return HANDLED;
        }
        const variable = ASTUtils.findVariable(sourceCode.getScope(parent), parent.left);
        return analyzeVariable(origin, variable, parent, sourceCode, depth);
      }
      // Returned (Nest subscribes to what handlers return), an arrow's body, passed to a call, yielded, thrown,
      // stored on an object: someone else owns the Observable now.
      default:
        return HANDLED;
    }
  }
}

function isErrorHandlerKey(property: TSESTree.ObjectLiteralElement): boolean {
  if (property.type === AST_NODE_TYPES.SpreadElement) return true; // unknown: give it the benefit of the doubt
  const key = property.key;
  return (
    (!property.computed && key.type === AST_NODE_TYPES.Identifier && key.name === 'error') ||
    (key.type === AST_NODE_TYPES.Literal && key.value === 'error')
  );
}

function isNullishLiteral(node: TSESTree.Node): boolean {
  return (
    (node.type === AST_NODE_TYPES.Literal && node.value === null) ||
    (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined')
  );
}

function analyzeSubscribe(call: TSESTree.CallExpression): ObservableUsage {
  const [first, second] = call.arguments;
  const withoutErrorHandler: ObservableUsage = { kind: 'subscribedWithoutErrorHandler', subscribeCall: call };
  if (!first) return withoutErrorHandler;
  if (first.type === AST_NODE_TYPES.ObjectExpression) {
    return first.properties.some(isErrorHandlerKey) ? HANDLED : withoutErrorHandler;
  }
  if (second && !isNullishLiteral(second)) return HANDLED; // subscribe(next, error)
  // A literal callback is a `next` handler only; an identifier may be a whole observer, which we cannot see.
  return isFunctionNode(first) || isNullishLiteral(first) ? withoutErrorHandler : HANDLED;
}

function analyzeVariable(
  origin: TSESTree.Node,
  variable: TSESLint.Scope.Variable | null | undefined,
  write: TSESTree.Node,
  sourceCode: Readonly<TSESLint.SourceCode>,
  depth: number,
): ObservableUsage {
  if (!variable || depth >= MAX_ALIAS_DEPTH) return HANDLED;
  const reads = variable.references.filter(
    (reference) => reference.isRead() && !(write.range[0] <= reference.identifier.range[0] && reference.identifier.range[1] <= write.range[1]),
  );
  if (reads.length === 0) {
    // A variable exported or captured by a declaration merge has no visible reads but escapes.
    const { ScopeType } = TSESLintRuntime.Scope;
    return variable.scope.type === ScopeType.module || variable.scope.type === ScopeType.global ? HANDLED : { kind: 'unused', variable };
  }
  let best: ObservableUsage | undefined;
  for (const reference of reads) {
    let usage = analyze(origin, reference.identifier, sourceCode, depth + 1);
    if (usage.kind === 'handled' || usage.kind === 'subscribedWithoutErrorHandler') {
      const awaitNode = findAwaitBetween(origin, reference.identifier, sourceCode);
      if (awaitNode) usage = { kind: 'subscribedLate', awaitNode };
    }
    if (!best || USAGE_RANK[usage.kind] < USAGE_RANK[best.kind]) best = usage;
    if (best.kind === 'handled') break;
  }
  return best ?? HANDLED;
}

const awaitsByFunction = new WeakMap<TSESTree.Node, TSESTree.Node[]>();

/** Every `await` (and `for await`) that belongs to `container` itself, not to functions nested in it. */
function getAwaits(container: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Node[] {
  let awaits = awaitsByFunction.get(container);
  if (!awaits) {
    const found: TSESTree.Node[] = [];
    walk(container, sourceCode.visitorKeys, (node) => {
      if (node !== container && isFunctionNode(node)) return false;
      if (node.type === AST_NODE_TYPES.AwaitExpression || (node.type === AST_NODE_TYPES.ForOfStatement && node.await)) {
        found.push(node);
      }
      return undefined;
    });
    awaits = found;
    awaitsByFunction.set(container, awaits);
  }
  return awaits;
}

/** The first `await` of the origin's function that completes after the origin and before `later` starts. */
function findAwaitBetween(
  origin: TSESTree.Node,
  later: TSESTree.Node,
  sourceCode: Readonly<TSESLint.SourceCode>,
): TSESTree.Node | undefined {
  const container = getEnclosingFunction(origin) ?? sourceCode.ast;
  return getAwaits(container, sourceCode).find(
    (awaitNode) => awaitNode.range[0] >= origin.range[1] && awaitNode.range[1] <= later.range[0],
  );
}
