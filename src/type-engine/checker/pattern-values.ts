/**
 * Pattern values: what a pattern argument is before run time (`Topics.OrderCreated` → `'order.created'`).
 * Used on the linted file (through TypeServices) and on every source file of the program (by the handler
 * index), so they work on TypeScript nodes.
 */
import type ts from 'typescript';

import { tsApi } from '../classic-typescript';
import type { PatternValue } from '../../base/patterns';
import { toRoute } from '../../base/patterns';
import type { PatternScope } from './pattern-scopes';
import { getEnumMember, getPropertyName, skipOuterExpressions } from './ts-syntax';

const MAX_RESOLVE_DEPTH = 8;



/** The initializer a name stands for: a `const`, an object member, or the array a loop variable walks. */
function getBoundExpression(scope: PatternScope, expression: ts.Expression): ts.Expression | undefined {
  const declaration = scope.symbolOf(expression)?.valueDeclaration;
  if (!declaration) return undefined;
  if (tsApi.isVariableDeclaration(declaration)) {
    const list = declaration.parent;
    if (tsApi.isVariableDeclarationList(list) && tsApi.isForOfStatement(list.parent) && list.parent.initializer === list) {
      return undefined; // loop variables are resolved by resolvePatternRoutes, as several values
    }
    return declaration.initializer && tsApi.getCombinedNodeFlags(declaration) & tsApi.NodeFlags.Const
      ? declaration.initializer
      : undefined;
  }
  if (tsApi.isPropertyAssignment(declaration)) return declaration.initializer;
  if (tsApi.isEnumMember(declaration)) return declaration.initializer;
  return undefined;
}

function resolveType(checker: ts.TypeChecker, type: ts.Type, depth: number): PatternValue | undefined {
  if (type.isStringLiteral()) return type.value;
  if (type.isNumberLiteral()) return type.value;
  if (type.flags & tsApi.TypeFlags.BooleanLiteral) return (type as ts.Type & { intrinsicName?: string }).intrinsicName === 'true';
  if (depth > MAX_RESOLVE_DEPTH || !(type.flags & tsApi.TypeFlags.Object) || type.getCallSignatures().length > 0) return undefined;
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
  if (!declaration || !tsApi.isVariableDeclaration(declaration) || declaration.type || !declaration.initializer) return undefined;
  if (!(tsApi.getCombinedNodeFlags(declaration) & tsApi.NodeFlags.Const)) return undefined;
  const list = declaration.parent;
  if (tsApi.isVariableDeclarationList(list) && tsApi.isForOfStatement(list.parent)) return undefined;
  return skipOuterExpressions(declaration.initializer);
}

/** Literal values reachable through declarations alone; `undefined` means "ask the type checker". */
function resolveDeclaredLiteral(scope: PatternScope, expression: ts.Expression, depth: number): PatternValue | undefined {
  if (tsApi.isIdentifier(expression)) {
    const initializer = getConstInitializer(scope.symbolOf(expression));
    return initializer && (tsApi.isStringLiteralLike(initializer) || tsApi.isNumericLiteral(initializer) || tsApi.isIdentifier(initializer) || tsApi.isPropertyAccessExpression(initializer))
      ? resolvePatternValue(scope, initializer, depth + 1)
      : undefined;
  }
  if (!tsApi.isPropertyAccessExpression(expression) || !tsApi.isIdentifier(expression.expression)) return undefined;
  const owner = scope.symbolOf(expression.expression);
  const key = expression.name.text;
  if (owner && owner.flags & tsApi.SymbolFlags.Enum) {
    const member = getEnumMember(owner, key)?.valueDeclaration;
    const value = member && tsApi.isEnumMember(member) ? member.initializer : undefined;
    return value && (tsApi.isStringLiteralLike(value) || tsApi.isNumericLiteral(value)) ? resolvePatternValue(scope, value, depth + 1) : undefined;
  }
  const object = getConstInitializer(owner);
  if (!object || !tsApi.isObjectLiteralExpression(object)) return undefined;
  for (const property of object.properties) {
    if (tsApi.isPropertyAssignment(property) && getPropertyName(property.name) === key) {
      return resolvePatternValue(scope, property.initializer, depth + 1);
    }
  }
  return undefined;
}

/** The value of a pattern expression, or `undefined` when it is not known before run time. */
export function resolvePatternValue(scope: PatternScope, node: ts.Expression, depth = 0): PatternValue | undefined {
  if (depth > MAX_RESOLVE_DEPTH) return undefined;
  const expression = skipOuterExpressions(node);
  if (tsApi.isStringLiteralLike(expression)) return expression.text;
  if (tsApi.isNumericLiteral(expression)) return Number(expression.text);
  if (tsApi.isPrefixUnaryExpression(expression) && expression.operator === tsApi.SyntaxKind.MinusToken && tsApi.isNumericLiteral(expression.operand)) {
    return -Number(expression.operand.text);
  }
  if (tsApi.isTemplateExpression(expression)) {
    let text = expression.head.text;
    for (const span of expression.templateSpans) {
      const value = resolvePatternValue(scope, span.expression, depth + 1);
      if (typeof value !== 'string' && typeof value !== 'number') return undefined;
      text += `${value}${span.literal.text}`;
    }
    return text;
  }
  if (tsApi.isObjectLiteralExpression(expression)) {
    const result: Record<string, PatternValue> = {};
    for (const property of expression.properties) {
      let value: PatternValue | undefined;
      let key: string | undefined;
      if (tsApi.isPropertyAssignment(property)) {
        key = getPropertyName(property.name);
        value = resolvePatternValue(scope, property.initializer, depth + 1);
      } else if (tsApi.isShorthandPropertyAssignment(property)) {
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
  const fromType = type.flags & tsApi.TypeFlags.Object ? undefined : resolveType(checker, type, depth);
  if (fromType !== undefined) return fromType;
  if (tsApi.isIdentifier(expression) || tsApi.isPropertyAccessExpression(expression) || tsApi.isElementAccessExpression(expression)) {
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
  if (tsApi.isArrayLiteralExpression(expression)) {
    const routes: string[] = [];
    for (const element of expression.elements) {
      const elementRoutes = tsApi.isSpreadElement(element)
        ? resolvePatternRoutes(scope, element.expression, depth + 1)
        : resolvePatternRoutes(scope, element, depth + 1);
      if (!elementRoutes) return undefined;
      routes.push(...elementRoutes);
    }
    return routes;
  }
  // Object.values(Topics): every member of an enum or a constant object.
  if (
    tsApi.isCallExpression(expression) &&
    tsApi.isPropertyAccessExpression(expression.expression) &&
    tsApi.isIdentifier(expression.expression.expression) &&
    expression.expression.expression.text === 'Object' &&
    expression.expression.name.text === 'values' &&
    expression.arguments[0]
  ) {
    const object = resolvePatternValue(scope, expression.arguments[0], depth + 1);
    return object !== undefined && typeof object === 'object' ? Object.values(object).map(toRoute) : undefined;
  }
  if (tsApi.isIdentifier(expression)) {
    const declaration = scope.symbolOf(expression)?.valueDeclaration;
    // for (const pattern of PATTERNS)
    if (declaration && tsApi.isVariableDeclaration(declaration) && tsApi.isVariableDeclarationList(declaration.parent)) {
      const loop = declaration.parent.parent;
      if (tsApi.isForOfStatement(loop) && loop.initializer === declaration.parent) {
        return resolvePatternRoutes(scope, loop.expression, depth + 1);
      }
    }
    // PATTERNS.forEach((pattern) => ...)
    if (declaration && tsApi.isParameter(declaration) && declaration.parent.parameters[0] === declaration) {
      const callback = declaration.parent;
      const call = callback.parent;
      if (
        (tsApi.isArrowFunction(callback) || tsApi.isFunctionExpression(callback)) &&
        tsApi.isCallExpression(call) &&
        call.arguments[0] === callback &&
        tsApi.isPropertyAccessExpression(call.expression) &&
        call.expression.name.text === 'forEach'
      ) {
        return resolvePatternRoutes(scope, call.expression.expression, depth + 1);
      }
    }
    const bound = getBoundExpression(scope, expression);
    if (bound && tsApi.isArrayLiteralExpression(skipOuterExpressions(bound))) return resolvePatternRoutes(scope, bound, depth + 1);
  }
  const value = resolvePatternValue(scope, expression, depth);
  return value === undefined ? undefined : [toRoute(value)];
}
