/**
 * Whether a method decorator may put other code in the method's place: assign `descriptor.value`, return a new
 * descriptor, define the property on the prototype. Such a decorator may do what the method does not (acknowledge
 * an RMQ message, say), so a rule that judges the method's body alone cannot tell. `@nestjs/*` decorators record
 * metadata, except those that put code around the handler (`UseInterceptors`). A decorator declared in the program
 * is read: it leaves the method alone when its body provably does (see {@link leavesMethodAlone}); anything else,
 * a decorator of another package or of an import that does not resolve included, may replace it.
 */
import type ts from 'typescript';

import { tsApi } from '../classic-typescript';
import type { PatternScope } from './pattern-scopes';
import { getPackageOf, isOwnSourceFile } from './program-facts';
import { skipOuterExpressions } from './ts-syntax';

/** `@nestjs/*` decorators that put code around the handler: an interceptor may acknowledge its message. */
const NEST_WRAPPING = new Set(['UseInterceptors']);
/** `@nestjs/common`'s helper that applies the decorators it is given (each is judged). */
const APPLY_DECORATORS = 'applyDecorators';
/** How many decorator factories and helpers deep the reading follows. */
const MAX_DEPTH = 4;

/** `leavesMethodAlone` answers, by function node: syntactic, so the same for every program version. */
const leavesAloneByFunction = new WeakMap<ts.SignatureDeclaration, boolean>();

type FunctionWithBody = ts.FunctionDeclaration | ts.MethodDeclaration | ts.FunctionExpression | ts.ArrowFunction;

function isNestDeclaration(program: ts.Program, declaration: ts.Declaration): boolean {
  return getPackageOf(program, declaration.getSourceFile())?.startsWith('@nestjs/') ?? false;
}

/** The function a declaration names: a function or method with a body, or a `const` bound to a function expression. */
function functionOf(declaration: ts.Declaration): FunctionWithBody | undefined {
  if ((tsApi.isFunctionDeclaration(declaration) || tsApi.isMethodDeclaration(declaration)) && declaration.body) return declaration;
  if (tsApi.isVariableDeclaration(declaration) && declaration.initializer && tsApi.getCombinedNodeFlags(declaration) & tsApi.NodeFlags.Const) {
    const initializer = skipOuterExpressions(declaration.initializer);
    if (tsApi.isArrowFunction(initializer) || tsApi.isFunctionExpression(initializer)) return initializer;
  }
  return undefined;
}

/** What a function returns: its expression body, or every `return` of its block; `undefined` when it may return nothing. */
function returnedExpressions(fn: FunctionWithBody): ts.Expression[] | undefined {
  const { body } = fn;
  if (!body) return undefined;
  if (!tsApi.isBlock(body)) return [body];
  const returned: ts.Expression[] = [];
  let bare = false as boolean;
  const visit = (node: ts.Node): void => {
    if (tsApi.isFunctionLike(node) || tsApi.isClassLike(node)) return;
    if (tsApi.isReturnStatement(node)) {
      if (node.expression) returned.push(node.expression);
      else bare = true;
    }
    tsApi.forEachChild(node, visit);
  };
  tsApi.forEachChild(body, visit);
  return bare || returned.length === 0 ? undefined : returned;
}

/** `Reflect.defineMetadata(...)`, `Reflect.getMetadata(...)`, `Reflect.metadata(...)`: reflect-metadata's API. */
function isReflectMetadataCall(node: ts.Node): node is ts.CallExpression {
  if (!tsApi.isCallExpression(node)) return false;
  const callee = skipOuterExpressions(node.expression);
  return (
    tsApi.isPropertyAccessExpression(callee) &&
    tsApi.isIdentifier(callee.expression) &&
    callee.expression.text === 'Reflect' &&
    /metadata$/i.test(callee.name.text)
  );
}

/** Whether an expression is written to: assigned (`x = `, `x ??= `), deleted, incremented or decremented. */
function isWritten(expression: ts.Expression): boolean {
  const { parent } = expression;
  if (tsApi.isBinaryExpression(parent) && parent.left === expression) {
    const operator = parent.operatorToken.kind;
    return operator >= tsApi.SyntaxKind.FirstAssignment && operator <= tsApi.SyntaxKind.LastAssignment;
  }
  if (tsApi.isDeleteExpression(parent)) return true;
  return (tsApi.isPrefixUnaryExpression(parent) || tsApi.isPostfixUnaryExpression(parent)) && (parent.operator === tsApi.SyntaxKind.PlusPlusToken || parent.operator === tsApi.SyntaxKind.MinusMinusToken);
}

/**
 * Whether a decorator function (`(target, key, descriptor) => {...}`) provably leaves the method alone: it returns
 * nothing (or the descriptor it was given), never writes through the descriptor (`descriptor.value = ...`), and
 * hands neither the target nor the descriptor to anything but reflect-metadata (`Reflect.defineMetadata(k, v,
 * target, key)`). Reading the descriptor's members (`const original = descriptor.value`) is fine. By name: an inner
 * variable of the same name only makes the answer "cannot tell".
 */
function leavesMethodAlone(fn: FunctionWithBody): boolean {
  let answer = leavesAloneByFunction.get(fn);
  if (answer === undefined) {
    answer = readLeavesMethodAlone(fn);
    leavesAloneByFunction.set(fn, answer);
  }
  return answer;
}

function readLeavesMethodAlone(fn: FunctionWithBody): boolean {
  const { body } = fn;
  if (!body) return false;
  const [target, , descriptor] = fn.parameters;
  if (fn.parameters.some((parameter) => !tsApi.isIdentifier(parameter.name) || parameter.dotDotDotToken)) return false;
  const targetName = target && tsApi.isIdentifier(target.name) ? target.name.text : undefined;
  const descriptorName = descriptor && tsApi.isIdentifier(descriptor.name) ? descriptor.name.text : undefined;
  // An expression body is returned: only a reflect-metadata call (which returns nothing) is known to leave it alone.
  if (!tsApi.isBlock(body) && !isReflectMetadataCall(skipOuterExpressions(body))) return false;
  let alone = true;
  const visit = (node: ts.Node): void => {
    if (!alone) return;
    if (tsApi.isReturnStatement(node) && node.expression && !(tsApi.isIdentifier(node.expression) && node.expression.text === descriptorName)) {
      // A return inside a nested function is that function's own.
      if (tsApi.findAncestor(node.parent, (ancestor) => tsApi.isFunctionLike(ancestor)) === fn) alone = false;
    }
    if (tsApi.isCallExpression(node) && tsApi.isPropertyAccessExpression(node.expression) && /^define(?:Property|Properties)$/.test(node.expression.name.text)) {
      alone = false;
    }
    if (tsApi.isIdentifier(node) && !isDeclarationName(node) && !isMemberName(node)) {
      if (node.text === targetName && !isTargetUseAllowed(node)) alone = false;
      if (node.text === descriptorName && !isDescriptorUseAllowed(node)) alone = false;
    }
    tsApi.forEachChild(node, visit);
  };
  visit(body);
  return alone;
}

function isDeclarationName(identifier: ts.Identifier): boolean {
  const { parent } = identifier;
  return (tsApi.isParameter(parent) || tsApi.isVariableDeclaration(parent) || tsApi.isFunctionDeclaration(parent) || tsApi.isBindingElement(parent)) && parent.name === identifier;
}

/** `x.name` and `{ name: ... }`: a member's name, not a reference. */
function isMemberName(identifier: ts.Identifier): boolean {
  const { parent } = identifier;
  return (tsApi.isPropertyAccessExpression(parent) && parent.name === identifier) || (tsApi.isPropertyAssignment(parent) && parent.name === identifier);
}

/** The outermost member access chain an expression is the object of: `descriptor` → `descriptor.value.name`. */
function outermostAccess(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (
    (tsApi.isPropertyAccessExpression(current.parent) || tsApi.isElementAccessExpression(current.parent) || tsApi.isNonNullExpression(current.parent) || tsApi.isParenthesizedExpression(current.parent)) &&
    current.parent.expression === current
  ) {
    current = current.parent;
  }
  return current;
}

/** Whether an expression is an argument of a reflect-metadata call. */
function isReflectMetadataArgument(expression: ts.Expression): boolean {
  return isReflectMetadataCall(expression.parent) && expression.parent.arguments.includes(expression);
}

/** The target (the prototype) only goes to reflect-metadata: anything else may define the method anew. */
function isTargetUseAllowed(identifier: ts.Identifier): boolean {
  return isReflectMetadataArgument(outermostAccess(identifier));
}

/** The descriptor's members are read (or the descriptor is returned as it is, or given to reflect-metadata); never written or handed on. */
function isDescriptorUseAllowed(identifier: ts.Identifier): boolean {
  const chain = outermostAccess(identifier);
  if (chain === identifier) return tsApi.isReturnStatement(identifier.parent) || isReflectMetadataArgument(identifier);
  // A write anywhere along the chain (`descriptor.value = ...`, `descriptor.value.call = ...`): not known to be harmless.
  for (let current: ts.Expression = chain; current !== identifier; current = (current as ts.PropertyAccessExpression).expression) {
    if (isWritten(current)) return false;
  }
  return true;
}

/**
 * Whether a decorator expression (`Acked()`, `Logged`, `applyDecorators(...)`) may replace the method it decorates;
 * `depth` bounds the factories and helpers followed.
 */
function mayReplace(program: ts.Program, scope: PatternScope, expression: ts.Expression, depth: number): boolean {
  if (depth > MAX_DEPTH) return true;
  const current = skipOuterExpressions(expression);
  if (tsApi.isArrowFunction(current) || tsApi.isFunctionExpression(current)) return !leavesMethodAlone(current);
  const call = tsApi.isCallExpression(current) ? current : undefined;
  const callee = call ? skipOuterExpressions(call.expression) : current;
  const name = tsApi.isIdentifier(callee) ? callee : tsApi.isPropertyAccessExpression(callee) ? callee.name : undefined;
  const symbol = name && scope.symbolOf(name);
  const declarations = symbol?.declarations ?? [];
  // An import that does not resolve (a path alias the program cannot follow), or a computed decorator.
  if (!symbol || declarations.length === 0) return true;
  if (declarations.every((declaration) => isNestDeclaration(program, declaration))) {
    if (NEST_WRAPPING.has(symbol.name)) return true;
    if (symbol.name === APPLY_DECORATORS) return !call || call.arguments.some((argument) => mayReplace(program, scope, argument, depth + 1));
    return false;
  }
  const [declaration] = declarations;
  // Overloads, merged declarations, another package's code: not read.
  if (declarations.length !== 1 || !declaration || !isOwnSourceFile(program, declaration.getSourceFile())) return true;
  const fn = functionOf(declaration);
  if (!fn) return true;
  if (!call) return !leavesMethodAlone(fn);
  // A decorator factory: what it returns is the decorator.
  const returned = returnedExpressions(fn);
  return !returned || returned.some((decorator) => mayReplace(program, scope, decorator, depth + 1));
}

/** See the module comment. */
export function mayReplaceMethod(program: ts.Program, scope: PatternScope, decorator: ts.Decorator): boolean {
  return mayReplace(program, scope, decorator.expression, 0);
}
