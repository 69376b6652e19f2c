/**
 * What happens to the Observable a client call returns: is it subscribed, in time, with its errors observed?
 * Purely syntactic and scope-based (no type queries): the caller has already decided the call is a client call.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';

import { ScopeType, findVariable } from '../base/estree';

import type { FunctionNode } from './ast';
import {
  canFallThrough,
  getCalledMemberName,
  getCalleeName,
  getEnclosingFunction,
  getMemberName,
  isFunctionNode,
  skipTransparentWrappersUp,
  walk,
} from './ast';

export type ObservableUsage =
  /** Subscribed, converted (`lastValueFrom`, `toPromise`), returned or passed on: its errors reach someone. */
  | { readonly kind: 'handled' }
  /** `.subscribe()` with no error handler: a failure becomes an uncaught exception. */
  | { readonly kind: 'subscribedWithoutErrorHandler'; readonly subscribeCall: TSESTree.CallExpression }
  /** Stored in a variable and subscribed only after an `await` of the same function. */
  | { readonly kind: 'subscribedLate'; readonly awaitNode: TSESTree.Node }
  /** `await obs`: an Observable is not thenable, the `await` waits for nothing. */
  | { readonly kind: 'awaited'; readonly awaitNode: TSESTree.AwaitExpression; readonly expression: TSESTree.Expression }
  /** `Promise.all([obs])` and friends: the Observable is a plain value to them, nothing waits for it. */
  | { readonly kind: 'promiseCombinator'; readonly combinator: TSESTree.CallExpression; readonly expression: TSESTree.Expression }
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
  promiseCombinator: 3,
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

export interface UsageContext {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  /**
   * Whether the caller of an inline callback ignores what it returns (`forEach`, `setTimeout`): the one type
   * question the analysis needs, answered by the type services.
   */
  readonly isCallbackResultIgnored: (callback: FunctionNode) => boolean;
}

const PROMISE_COMBINATORS = new Set(['all', 'allSettled', 'any', 'race']);
/** Array methods whose result holds what the callback returns. */
const COLLECTING_METHODS = new Set(['flatMap', 'map']);

function isPromiseCombinator(call: TSESTree.CallExpression): boolean {
  const callee = call.callee;
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    callee.object.type === AST_NODE_TYPES.Identifier &&
    callee.object.name === 'Promise' &&
    PROMISE_COMBINATORS.has(getMemberName(callee) ?? '')
  );
}

export function analyzeObservableUsage(observable: TSESTree.Node, context: UsageContext): ObservableUsage {
  return analyze(observable, observable, context, 0);
}

/** What happens to a value an inline callback returns: collected by `map`, ignored by `forEach`, or unknown. */
function analyzeReturnedFrom(
  fn: FunctionNode,
  origin: TSESTree.Node,
  expression: TSESTree.Node,
  context: UsageContext,
  depth: number,
): ObservableUsage {
  const call = fn.parent;
  if (call.type !== AST_NODE_TYPES.CallExpression || !call.arguments.some((argument) => argument === fn)) {
    return HANDLED; // a named function or method: its callers own the Observable
  }
  // An async callback's Observable ends up inside a Promise: only a caller that ignores the result is certain.
  if (!fn.async && COLLECTING_METHODS.has(getCalledMemberName(call) ?? '')) {
    return analyze(origin, call, context, depth + 1, expression);
  }
  if (context.isCallbackResultIgnored(fn)) {
    return { kind: 'discarded', statement: undefined, expression: expression as TSESTree.Expression };
  }
  return HANDLED;
}

/**
 * Follows the Observable from `node` up the tree. `observable` is the outermost expression that still is the
 * Observable itself (after `.pipe()`, before it goes into an array, an object or a callback's result): the
 * expression fixes wrap. `contained` is set once the walk is inside such a container.
 */
function analyze(
  origin: TSESTree.Node,
  node: TSESTree.Node,
  context: UsageContext,
  depth: number,
  returnedObservable?: TSESTree.Node,
): ObservableUsage {
  if (depth > MAX_ALIAS_DEPTH) return HANDLED;
  const { sourceCode } = context;
  let current = skipTransparentWrappersUp(node);
  let observable = (returnedObservable ?? current) as TSESTree.Expression;
  let contained = returnedObservable !== undefined;
  let errorsCaught = false;
  const dropped = (statement?: TSESTree.ExpressionStatement): ObservableUsage => ({
    kind: 'discarded',
    statement: contained ? undefined : statement,
    expression: observable,
  });
  for (;;) {
    const parent = current.parent;
    if (!parent) return HANDLED;
    switch (parent.type) {
      case AST_NODE_TYPES.MemberExpression: {
        if (parent.object !== current || contained) return HANDLED;
        const member = skipTransparentWrappersUp(parent);
        const call = member.parent;
        if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) return HANDLED;
        const name = getMemberName(parent);
        if (name === 'pipe') {
          errorsCaught ||= call.arguments.some(isErrorCatchingOperator);
          current = skipTransparentWrappersUp(call);
          observable = current as TSESTree.Expression;
          continue;
        }
        if (name === 'subscribe') return errorsCaught ? HANDLED : analyzeSubscribe(call);
        // toPromise(), forEach() and anything unknown: converted or passed on.
        return HANDLED;
      }
      case AST_NODE_TYPES.ExpressionStatement:
        return dropped(parent);
      case AST_NODE_TYPES.UnaryExpression:
        // `void obs` and `void list.map(() => obs)` alike: deliberately dropped.
        return parent.operator === 'void' ? { kind: 'voided', voidNode: parent, expression: observable } : HANDLED;
      case AST_NODE_TYPES.AwaitExpression:
        return contained ? dropped() : { kind: 'awaited', awaitNode: parent, expression: observable };
      case AST_NODE_TYPES.SequenceExpression:
        if (parent.expressions.at(-1) !== current) return dropped();
        current = parent;
        continue;
      case AST_NODE_TYPES.ArrayExpression:
      case AST_NODE_TYPES.SpreadElement:
      case AST_NODE_TYPES.ObjectExpression:
        contained = true;
        current = skipTransparentWrappersUp(parent);
        continue;
      case AST_NODE_TYPES.ConditionalExpression:
      case AST_NODE_TYPES.LogicalExpression:
        if (parent.type === AST_NODE_TYPES.ConditionalExpression && parent.test === current) return HANDLED;
        contained = true;
        current = skipTransparentWrappersUp(parent);
        continue;
      case AST_NODE_TYPES.Property:
        if (parent.value !== current || parent.parent.type !== AST_NODE_TYPES.ObjectExpression) return HANDLED;
        current = parent;
        continue;
      case AST_NODE_TYPES.VariableDeclarator:
        if (parent.init !== current || parent.id.type !== AST_NODE_TYPES.Identifier) return HANDLED;
        return analyzeVariable(origin, sourceCode.getDeclaredVariables(parent)[0], parent, context, depth);
      case AST_NODE_TYPES.AssignmentExpression: {
        if (parent.right !== current || parent.operator !== '=' || parent.left.type !== AST_NODE_TYPES.Identifier) {
          return HANDLED;
        }
        const variable = findVariable(sourceCode.getScope(parent), parent.left);
        return analyzeVariable(origin, variable, parent, context, depth);
      }
      case AST_NODE_TYPES.ArrowFunctionExpression:
        return parent.body === current && !contained ? analyzeReturnedFrom(parent, origin, observable, context, depth) : HANDLED;
      case AST_NODE_TYPES.ReturnStatement: {
        const fn = getEnclosingFunction(parent);
        return fn && !contained ? analyzeReturnedFrom(fn, origin, observable, context, depth) : HANDLED;
      }
      case AST_NODE_TYPES.CallExpression:
        // `Promise.all([obs])`, `Promise.all(list.map(() => obs))`: resolved at once, with the Observable as value.
        return contained && parent.callee !== current && isPromiseCombinator(parent)
          ? { kind: 'promiseCombinator', combinator: parent, expression: observable }
          : HANDLED;
      // Passed to a call, yielded, thrown, stored on an object: someone else owns the Observable now.
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

/** `catchError(...)` in a pipe handles the errors a later `subscribe()` would otherwise rethrow. */
function isErrorCatchingOperator(operator: TSESTree.Node): boolean {
  return operator.type === AST_NODE_TYPES.CallExpression && getCalleeName(operator) === 'catchError';
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
  context: UsageContext,
  depth: number,
): ObservableUsage {
  if (!variable || depth >= MAX_ALIAS_DEPTH) return HANDLED;
  const reads = variable.references.filter(
    (reference) => reference.isRead() && !(write.range[0] <= reference.identifier.range[0] && reference.identifier.range[1] <= write.range[1]),
  );
  if (reads.length === 0) {
    // A variable exported or captured by a declaration merge has no visible reads but escapes.
    return variable.scope.type === ScopeType.module || variable.scope.type === ScopeType.global ? HANDLED : { kind: 'unused', variable };
  }
  let best: ObservableUsage | undefined;
  for (const reference of reads) {
    let usage = analyze(origin, reference.identifier, context, depth + 1);
    if (usage.kind === 'handled' || usage.kind === 'subscribedWithoutErrorHandler') {
      const awaitNode = findAwaitBetween(origin, reference.identifier, context.sourceCode);
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
    (awaitNode) =>
      awaitNode.range[0] >= origin.range[1] && awaitNode.range[1] <= later.range[0] && canFallThrough(awaitNode, later),
  );
}

/* ------------------------------------------------------------------------------------------------------------
 * The chain from a call to where its Observable is consumed, for rules that look at operators and replies.
 * ---------------------------------------------------------------------------------------------------------- */

const CONVERTERS = new Set(['firstValueFrom', 'lastValueFrom']);

export type ChainEnd =
  /** `.subscribe(...)`. */
  | { readonly kind: 'subscribe'; readonly call: TSESTree.CallExpression }
  /** `lastValueFrom(obs)`, `firstValueFrom(obs)`, `obs.toPromise()`: `call` is the Promise. */
  | { readonly kind: 'convert'; readonly call: TSESTree.CallExpression }
  /** Returned from a function or an arrow body. */
  | { readonly kind: 'return' }
  /** Passed to some other call. */
  | { readonly kind: 'argument'; readonly call: TSESTree.CallExpression | TSESTree.NewExpression }
  | { readonly kind: 'other' };

export interface ObservableChain {
  /** Every argument of every `.pipe(...)` between the call and the end, in order. */
  readonly operators: readonly TSESTree.Node[];
  /** The outermost expression that still is the Observable. */
  readonly observable: TSESTree.Expression;
  readonly end: ChainEnd;
}

function isConverterCall(call: TSESTree.CallExpression): boolean {
  return CONVERTERS.has(getCalleeName(call) ?? '');
}

/** Follows `call` through wrappers and `.pipe(...)` to where it is subscribed, converted, returned or passed on. */
export function followObservableChain(call: TSESTree.Node): ObservableChain {
  const operators: TSESTree.Node[] = [];
  let current = skipTransparentWrappersUp(call);
  for (;;) {
    const parent = current.parent;
    const observable = current as TSESTree.Expression;
    if (!parent) return { operators, observable, end: { kind: 'other' } };
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === current) {
      const member = skipTransparentWrappersUp(parent);
      const outer = member.parent;
      if (outer?.type !== AST_NODE_TYPES.CallExpression || outer.callee !== member) {
        return { operators, observable, end: { kind: 'other' } };
      }
      const name = getMemberName(parent);
      if (name === 'pipe') {
        operators.push(...outer.arguments);
        current = skipTransparentWrappersUp(outer);
        continue;
      }
      if (name === 'subscribe') return { operators, observable, end: { kind: 'subscribe', call: outer } };
      if (name === 'toPromise') return { operators, observable, end: { kind: 'convert', call: outer } };
      return { operators, observable, end: { kind: 'other' } };
    }
    if ((parent.type === AST_NODE_TYPES.CallExpression || parent.type === AST_NODE_TYPES.NewExpression) && parent.callee !== current) {
      const end: ChainEnd =
        parent.type === AST_NODE_TYPES.CallExpression && isConverterCall(parent) && parent.arguments[0] === current
          ? { kind: 'convert', call: parent }
          : { kind: 'argument', call: parent };
      return { operators, observable, end };
    }
    const returnedFrom =
      parent.type === AST_NODE_TYPES.ReturnStatement
        ? getEnclosingFunction(parent)
        : parent.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === current
          ? parent
          : undefined;
    if (returnedFrom) {
      // Returned from an inline callback (`ids.map(() => ...)`, `switchMap(() => ...)`): the caller takes it on.
      const caller = returnedFrom.parent;
      return caller.type === AST_NODE_TYPES.CallExpression && caller.arguments.some((argument) => argument === returnedFrom)
        ? { operators, observable, end: { kind: 'argument', call: caller } }
        : { operators, observable, end: { kind: 'return' } };
    }
    return { operators, observable, end: { kind: 'other' } };
  }
}

/**
 * What becomes of a Promise's value: `'ignored'` (an expression statement or `void`: nobody waits), `'awaited'`
 * (`await` as a statement: the caller waits, the value is dropped), or `'used'`.
 */
function getPromiseValueUse(promise: TSESTree.Node): 'awaited' | 'ignored' | 'used' {
  let current = skipTransparentWrappersUp(promise);
  const awaited = current.parent?.type === AST_NODE_TYPES.AwaitExpression;
  if (awaited && current.parent) current = skipTransparentWrappersUp(current.parent);
  const parent = current.parent;
  const dropped =
    parent?.type === AST_NODE_TYPES.ExpressionStatement || (parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'void');
  return !dropped ? 'used' : awaited ? 'awaited' : 'ignored';
}

/** A callback that does nothing with what it gets: `() => {}`, `() => undefined`, `function () {}`, rxjs's `noop`. */
function isNoOpCallback(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name === 'noop';
  if (node.type !== AST_NODE_TYPES.ArrowFunctionExpression && node.type !== AST_NODE_TYPES.FunctionExpression) return false;
  const { body } = node;
  if (body.type === AST_NODE_TYPES.BlockStatement) return body.body.length === 0;
  return isNullishLiteral(body) || (body.type === AST_NODE_TYPES.UnaryExpression && body.operator === 'void' && body.argument.type === AST_NODE_TYPES.Literal);
}

/** The `next` callback of a `subscribe(...)`: `undefined` when there is none, `null` when it cannot be seen. */
function getNextHandler(subscribe: TSESTree.CallExpression): TSESTree.Node | null | undefined {
  const [first] = subscribe.arguments;
  if (!first || isNullishLiteral(first)) return undefined;
  if (first.type !== AST_NODE_TYPES.ObjectExpression) return first;
  if (first.properties.some((property) => property.type === AST_NODE_TYPES.SpreadElement)) return null;
  const next = first.properties.find(
    (property): property is TSESTree.Property =>
      property.type === AST_NODE_TYPES.Property && !property.computed && property.key.type === AST_NODE_TYPES.Identifier && property.key.name === 'next',
  );
  return next ? next.value : undefined;
}

/**
 * What becomes of the reply of a subscribed `send`: `'ignored'` (nobody reads it and nobody waits for it:
 * `.subscribe()` with no `next` or a no-op one, `send(...).toPromise();` or `lastValueFrom(send(...))` as a
 * statement), `'discarded'` (the caller waits, but drops the reply: `await lastValueFrom(send(...))` as a
 * statement), `'used'`, or `'unknown'` (passed on, stored, never subscribed).
 */
export function getReplyUse(chain: ObservableChain): 'discarded' | 'ignored' | 'unknown' | 'used' {
  switch (chain.end.kind) {
    case 'subscribe': {
      const next = getNextHandler(chain.end.call);
      return next === null ? 'used' : next === undefined || isNoOpCallback(next) ? 'ignored' : 'used';
    }
    case 'convert': {
      const use = getPromiseValueUse(chain.end.call);
      return use === 'used' ? 'used' : use === 'ignored' ? 'ignored' : 'discarded';
    }
    case 'return':
      return 'used';
    default:
      return 'unknown';
  }
}
