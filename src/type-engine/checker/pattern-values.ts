/**
 * Pattern values: what a pattern argument is before run time (`Topics.OrderCreated` → `'order.created'`).
 * Used on the linted file (through TypeServices) and on every source file of the program (by the handler
 * index), so they work on TypeScript nodes.
 */
import ts from 'typescript';

import type { PatternValue } from '../../utils/patterns';
import { toRoute } from '../../utils/patterns';
import type { PatternScope } from './pattern-scopes';
import { getEnumMember, getPropertyName, skipOuterExpressions } from './ts-syntax';

const MAX_RESOLVE_DEPTH = 8;



/** The initializer a name stands for: a `const`, an object member, or the array a loop variable walks. */
function getBoundExpression(scope: PatternScope, expression: ts.Expression): ts.Expression | undefined {
  const declaration = scope.symbolOf(expression)?.valueDeclaration;
  if (!declaration) return undefined;
  if (ts.isVariableDeclaration(declaration)) {
    const list = declaration.parent;
    if (ts.isVariableDeclarationList(list) && ts.isForOfStatement(list.parent) && list.parent.initializer === list) {
      return undefined; // loop variables are resolved by resolvePatternRoutes, as several values
    }
    return declaration.initializer && ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const
      ? declaration.initializer
      : undefined;
  }
  if (ts.isPropertyAssignment(declaration)) return declaration.initializer;
  if (ts.isEnumMember(declaration)) return declaration.initializer;
  return undefined;
}

function resolveType(checker: ts.TypeChecker, type: ts.Type, depth: number): PatternValue | undefined {
  if (type.isStringLiteral()) return type.value;
  if (type.isNumberLiteral()) return type.value;
  if (type.flags & ts.TypeFlags.BooleanLiteral) return (type as ts.Type & { intrinsicName?: string }).intrinsicName === 'true';
  if (depth > MAX_RESOLVE_DEPTH || !(type.flags & ts.TypeFlags.Object) || type.getCallSignatures().length > 0) return undefined;
  if (checker.isArrayLikeType(type)) return undefined;
  const result: Record<string, PatternValue> = {};
  for (const property of type.getProperties()) {
    const declaration = property.valueDeclaration ?? property.declarations?.[0];
    if (!declaration) return undefined;
    const value = resolveType(checker, checker.getTypeOfSymbolAtLocation(property, declaration), depth + 1);
    if (value === undefined) return undefined;
    result[property.name] = value;
  }
  return result;
}

/** The initializer of an unannotated `const` (through `as const` and parentheses), if the symbol is one. */
function getConstInitializer(symbol: ts.Symbol | undefined): ts.Expression | undefined {
  const declaration = symbol?.valueDeclaration;
  if (!declaration || !ts.isVariableDeclaration(declaration) || declaration.type || !declaration.initializer) return undefined;
  if (!(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const)) return undefined;
  const list = declaration.parent;
  if (ts.isVariableDeclarationList(list) && ts.isForOfStatement(list.parent)) return undefined;
  return skipOuterExpressions(declaration.initializer);
}

/** Literal values reachable through declarations alone; `undefined` means "ask the type checker". */
function resolveDeclaredLiteral(scope: PatternScope, expression: ts.Expression, depth: number): PatternValue | undefined {
  if (ts.isIdentifier(expression)) {
    const initializer = getConstInitializer(scope.symbolOf(expression));
    return initializer && (ts.isStringLiteralLike(initializer) || ts.isNumericLiteral(initializer) || ts.isIdentifier(initializer) || ts.isPropertyAccessExpression(initializer))
      ? resolvePatternValue(scope, initializer, depth + 1)
      : undefined;
  }
  if (!ts.isPropertyAccessExpression(expression) || !ts.isIdentifier(expression.expression)) return undefined;
  const owner = scope.symbolOf(expression.expression);
  const key = expression.name.text;
  if (owner && owner.flags & ts.SymbolFlags.Enum) {
    const member = getEnumMember(owner, key)?.valueDeclaration;
    const value = member && ts.isEnumMember(member) ? member.initializer : undefined;
    return value && (ts.isStringLiteralLike(value) || ts.isNumericLiteral(value)) ? resolvePatternValue(scope, value, depth + 1) : undefined;
  }
  const object = getConstInitializer(owner);
  if (!object || !ts.isObjectLiteralExpression(object)) return undefined;
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && getPropertyName(property.name) === key) {
      return resolvePatternValue(scope, property.initializer, depth + 1);
    }
  }
  return undefined;
}

/** The value of a pattern expression, or `undefined` when it is not known before run time. */
export function resolvePatternValue(scope: PatternScope, node: ts.Expression, depth = 0): PatternValue | undefined {
  if (depth > MAX_RESOLVE_DEPTH) return undefined;
  const expression = skipOuterExpressions(node);
  if (ts.isStringLiteralLike(expression)) return expression.text;
  if (ts.isNumericLiteral(expression)) return Number(expression.text);
  if (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(expression.operand)) {
    return -Number(expression.operand.text);
  }
  if (ts.isTemplateExpression(expression)) {
    let text = expression.head.text;
    for (const span of expression.templateSpans) {
      const value = resolvePatternValue(scope, span.expression, depth + 1);
      if (typeof value !== 'string' && typeof value !== 'number') return undefined;
      text += `${value}${span.literal.text}`;
    }
    return text;
  }
  if (ts.isObjectLiteralExpression(expression)) {
    const result: Record<string, PatternValue> = {};
    for (const property of expression.properties) {
      let value: PatternValue | undefined;
      let key: string | undefined;
      if (ts.isPropertyAssignment(property)) {
        key = getPropertyName(property.name);
        value = resolvePatternValue(scope, property.initializer, depth + 1);
      } else if (ts.isShorthandPropertyAssignment(property)) {
        key = property.name.text;
        value = resolvePatternValue(scope, property.name, depth + 1);
      }
      if (key === undefined || value === undefined) return undefined;
      result[key] = value;
    }
    return result;
  }
  // Fast path: `Topics.Created`, `TOPIC` and `Enum.Member` that lead to literal initializers, by symbols only
  // (no type checking of the expression or of the object it reads).
  const declared = resolveDeclaredLiteral(scope, expression, depth);
  if (declared !== undefined) return declared;
  const { checker } = scope;
  // From here on the answer depends on types, which any file of the program may change.
  scope.onTypeQuery?.();
  const type = checker.getTypeAtLocation(expression);
  const fromType = type.flags & ts.TypeFlags.Object ? undefined : resolveType(checker, type, depth);
  if (fromType !== undefined) return fromType;
  if (ts.isIdentifier(expression) || ts.isPropertyAccessExpression(expression) || ts.isElementAccessExpression(expression)) {
    const bound = getBoundExpression(scope, expression);
    if (bound) return resolvePatternValue(scope, bound, depth + 1);
  }
  return resolveType(checker, type, depth);
}

/**
 * The routes a pattern expression stands for: one for a single pattern, several for an array
 * (`@EventPattern(['a', 'b'])`) or for a loop variable over a constant array
 * (`for (const p of PATTERNS) client.subscribeToResponseOf(p)`, `PATTERNS.forEach((p) => ...)`).
 */
export function resolvePatternRoutes(scope: PatternScope, node: ts.Expression, depth = 0): string[] | undefined {
  if (depth > MAX_RESOLVE_DEPTH) return undefined;
  const expression = skipOuterExpressions(node);
  if (ts.isArrayLiteralExpression(expression)) {
    const routes: string[] = [];
    for (const element of expression.elements) {
      const elementRoutes = ts.isSpreadElement(element)
        ? resolvePatternRoutes(scope, element.expression, depth + 1)
        : resolvePatternRoutes(scope, element, depth + 1);
      if (!elementRoutes) return undefined;
      routes.push(...elementRoutes);
    }
    return routes;
  }
  // Object.values(Topics): every member of an enum or a constant object.
  if (
    ts.isCallExpression(expression) &&
    ts.isPropertyAccessExpression(expression.expression) &&
    ts.isIdentifier(expression.expression.expression) &&
    expression.expression.expression.text === 'Object' &&
    expression.expression.name.text === 'values' &&
    expression.arguments[0]
  ) {
    const object = resolvePatternValue(scope, expression.arguments[0], depth + 1);
    return object !== undefined && typeof object === 'object' ? Object.values(object).map(toRoute) : undefined;
  }
  if (ts.isIdentifier(expression)) {
    const declaration = scope.symbolOf(expression)?.valueDeclaration;
    // for (const pattern of PATTERNS)
    if (declaration && ts.isVariableDeclaration(declaration) && ts.isVariableDeclarationList(declaration.parent)) {
      const loop = declaration.parent.parent;
      if (ts.isForOfStatement(loop) && loop.initializer === declaration.parent) {
        return resolvePatternRoutes(scope, loop.expression, depth + 1);
      }
    }
    // PATTERNS.forEach((pattern) => ...)
    if (declaration && ts.isParameter(declaration) && declaration.parent.parameters[0] === declaration) {
      const callback = declaration.parent;
      const call = callback.parent;
      if (
        (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) &&
        ts.isCallExpression(call) &&
        call.arguments[0] === callback &&
        ts.isPropertyAccessExpression(call.expression) &&
        call.expression.name.text === 'forEach'
      ) {
        return resolvePatternRoutes(scope, call.expression.expression, depth + 1);
      }
    }
    const bound = getBoundExpression(scope, expression);
    if (bound && ts.isArrayLiteralExpression(skipOuterExpressions(bound))) return resolvePatternRoutes(scope, bound, depth + 1);
  }
  const value = resolvePatternValue(scope, expression, depth);
  return value === undefined ? undefined : [toRoute(value)];
}
