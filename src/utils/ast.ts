/** Syntactic predicates and walks. Nothing here asks the type checker. */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';

export type FunctionNode =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression;

const CLIENT_METHOD_NAMES = new Set(['emit', 'emitBatch', 'send']);

/** The name of a member access (`a.b`, `a?.b`, `a['b']`), or `undefined` for a computed non-literal key. */
export function getMemberName(member: TSESTree.MemberExpression): string | undefined {
  if (!member.computed && member.property.type === AST_NODE_TYPES.Identifier) return member.property.name;
  if (member.property.type === AST_NODE_TYPES.Literal && typeof member.property.value === 'string') {
    return member.property.value;
  }
  return undefined;
}

/**
 * The cheap syntactic filter every rule applies before any type query: the callee is a member named
 * `emit`, `emitBatch` or `send`.
 */
export function getClientMethodName(call: TSESTree.CallExpression): string | undefined {
  if (call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const name = getMemberName(call.callee);
  return name !== undefined && CLIENT_METHOD_NAMES.has(name) ? name : undefined;
}

/** The name a call is made by: `name(...)`, `a.name(...)`, `a?.name(...)`. */
export function getCalleeName(call: TSESTree.CallExpression): string | undefined {
  const callee = call.callee;
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  return callee.type === AST_NODE_TYPES.MemberExpression ? getMemberName(callee) : undefined;
}

/** `a.name(...)` or `a?.name(...)`: the call's member name. */
export function getCalledMemberName(call: TSESTree.CallExpression): string | undefined {
  return call.callee.type === AST_NODE_TYPES.MemberExpression ? getMemberName(call.callee) : undefined;
}

export function isFunctionNode(node: TSESTree.Node): node is FunctionNode {
  return (
    node.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionDeclaration ||
    node.type === AST_NODE_TYPES.FunctionExpression
  );
}

/** The innermost function around `node`, or `undefined` at module level. */
export function getEnclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current)) return current;
  }
  return undefined;
}

/**
 * The `try` statement with a `catch` clause whose block holds `node` in the same function: code there reads as
 * "failures are handled". A callback inside the `try` runs on its own: the `try` does not apply to it.
 */
export function getEnclosingTryWithCatch(node: TSESTree.Node): (TSESTree.TryStatement & { handler: TSESTree.CatchClause }) | undefined {
  let current: TSESTree.Node = node;
  for (let parent = node.parent; parent; current = parent, parent = parent.parent) {
    if (isFunctionNode(parent) || parent.type === AST_NODE_TYPES.ClassBody) return undefined;
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.block === current && parent.handler) {
      return parent as TSESTree.TryStatement & { handler: TSESTree.CatchClause };
    }
  }
  return undefined;
}

/**
 * Nodes that pass a value through unchanged for our purposes: `(x)!`, `x as T`, `x satisfies T`, `<T>x`,
 * and the `ChainExpression` that wraps an optional chain.
 */
export function isTransparentWrapper(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.ChainExpression ||
    node.type === AST_NODE_TYPES.TSAsExpression ||
    node.type === AST_NODE_TYPES.TSNonNullExpression ||
    node.type === AST_NODE_TYPES.TSSatisfiesExpression ||
    node.type === AST_NODE_TYPES.TSTypeAssertion
  );
}

/** Climbs out of {@link isTransparentWrapper} nodes: the outermost expression that still is `node`'s value. */
export function skipTransparentWrappersUp(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.parent && isTransparentWrapper(current.parent)) current = current.parent;
  return current;
}

/** Whether the expression contains an optional chain (`a?.b`, `a?.()`) on its spine. */
export function hasOptionalChain(node: TSESTree.Node): boolean {
  let current: TSESTree.Node = node;
  for (;;) {
    if (current.type === AST_NODE_TYPES.ChainExpression) return true;
    if (current.type === AST_NODE_TYPES.MemberExpression) {
      if (current.optional) return true;
      current = current.object;
    } else if (current.type === AST_NODE_TYPES.CallExpression) {
      if (current.optional) return true;
      current = current.callee;
    } else if (isTransparentWrapper(current)) {
      current = (current as TSESTree.TSAsExpression).expression;
    } else {
      return false;
    }
  }
}

/** Calls `visit` on `root` and every node below it in source order; `visit` returning `false` skips the node's children. */
export function walk(
  root: TSESTree.Node,
  visitorKeys: Readonly<Record<string, readonly string[] | undefined>>,
  visit: (node: TSESTree.Node) => boolean | undefined,
): void {
  const stack: TSESTree.Node[] = [root];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (visit(node) === false) continue;
    // Children pushed last to first, so that they are visited first to last; no array per node.
    const keys = visitorKeys[node.type] ?? [];
    for (let keyIndex = keys.length - 1; keyIndex >= 0; keyIndex--) {
      const value = (node as unknown as Record<string, unknown>)[keys[keyIndex] as string];
      if (Array.isArray(value)) {
        for (let index = value.length - 1; index >= 0; index--) {
          const child: unknown = value[index];
          if (isNode(child)) stack.push(child);
        }
      } else if (isNode(value)) {
        stack.push(value);
      }
    }
  }
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Statements that end every path through them: nothing after them in the same list runs. */
export function exitsUnconditionally(statement: TSESTree.Statement): boolean {
  switch (statement.type) {
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ThrowStatement:
      return true;
    case AST_NODE_TYPES.BlockStatement:
      return statement.body.some(exitsUnconditionally);
    case AST_NODE_TYPES.IfStatement:
      return (
        statement.alternate != null && exitsUnconditionally(statement.consequent) && exitsUnconditionally(statement.alternate)
      );
    default:
      return false;
  }
}

function leavesBlock(statement: TSESTree.Statement): boolean {
  return statement.type === AST_NODE_TYPES.BreakStatement || statement.type === AST_NODE_TYPES.ContinueStatement;
}

function getStatementList(parent: TSESTree.Node): readonly TSESTree.Node[] | undefined {
  switch (parent.type) {
    case AST_NODE_TYPES.BlockStatement:
    case AST_NODE_TYPES.Program:
    case AST_NODE_TYPES.StaticBlock:
      return parent.body;
    case AST_NODE_TYPES.SwitchCase:
      return parent.consequent;
    default:
      return undefined;
  }
}

/** Array methods that call their callback synchronously, before they return. */
const SYNCHRONOUS_CALLBACK_METHODS = new Set([
  'every',
  'filter',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'flatMap',
  'forEach',
  'map',
  'reduce',
  'reduceRight',
  'some',
  'sort',
]);

/** `list.forEach((x) => { ... })`: the callback runs before the call returns. */
export function isSynchronousCallback(fn: FunctionNode): boolean {
  const call = fn.parent;
  return (
    call.type === AST_NODE_TYPES.CallExpression &&
    call.arguments.some((argument) => argument === fn) &&
    SYNCHRONOUS_CALLBACK_METHODS.has(getCalledMemberName(call) ?? '')
  );
}

/** Whether `inner` lies within `outer`'s source range. */
export function contains(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

/**
 * Whether control can get from the end of `from` to `to`, a later node: false when a `return`/`throw` ends the
 * block around `from` before the code containing `to` (`if (x) { await save(); return; } use(o);`).
 */
export function canFallThrough(from: TSESTree.Node, to: TSESTree.Node): boolean {
  let child: TSESTree.Node = from;
  for (let parent = from.parent; parent && !contains(parent, to); child = parent, parent = parent.parent) {
    if (isFunctionNode(parent)) return false;
    const list = getStatementList(parent);
    if (list?.slice(list.indexOf(child)).some((statement) => exitsUnconditionally(statement as TSESTree.Statement))) {
      return false;
    }
  }
  return true;
}

/**
 * The code that can run after `node` finishes, in source order, up to the end of the enclosing function:
 * the following statements of its block and of every enclosing block, the `finally` of an enclosing `try`,
 * skipping what a `return`/`throw` makes unreachable and stopping at a `break`/`continue` for its own block.
 * Branches not taken (`else` after `then`, `catch` after a normal `try`) are not included. A callback that an
 * array method runs synchronously (`forEach`, `map`, ...) continues into the code after that call.
 */
export function getCodeAfter(node: TSESTree.Node): TSESTree.Node[] {
  const result: TSESTree.Node[] = [];
  let child: TSESTree.Node = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (isFunctionNode(parent) && !isSynchronousCallback(parent)) break;
    const list = getStatementList(parent);
    if (list) {
      const index = list.indexOf(child);
      for (const sibling of list.slice(index + 1)) {
        result.push(sibling);
        if (exitsUnconditionally(sibling as TSESTree.Statement)) return result;
        if (leavesBlock(sibling as TSESTree.Statement)) break;
      }
    } else if (parent.type === AST_NODE_TYPES.TryStatement && child !== parent.finalizer && parent.finalizer) {
      result.push(parent.finalizer);
    }
  }
  return result;
}

/** Whether `await` is allowed at `node`: inside an `async` function (module-level `await` is not assumed). */
export function isAsyncContext(node: TSESTree.Node): boolean {
  const fn = getEnclosingFunction(node);
  return fn ? fn.async : false;
}

/** The node inside `root` with exactly this range, if any (a walk down the one branch that contains it). */
export function nodeAtRange(root: TSESTree.Node, range: readonly [number, number]): TSESTree.Node | undefined {
  let node: TSESTree.Node | undefined = root;
  while (node) {
    if (node.range[0] === range[0] && node.range[1] === range[1]) return node;
    let next: TSESTree.Node | undefined;
    for (const [key, value] of Object.entries(node) as [string, unknown][]) {
      if (key === 'parent') continue;
      for (const child of Array.isArray(value) ? (value as unknown[]) : [value]) {
        if (isNode(child) && child.range[0] <= range[0] && child.range[1] >= range[1]) next = child;
      }
      if (next) break;
    }
    node = next;
  }
  return undefined;
}
