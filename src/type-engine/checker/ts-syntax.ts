/** Syntactic helpers on TypeScript nodes, shared by the checker modules that read values and returns. */
import ts from 'typescript';

/** The expression under `(x)`, `x as T`, `x satisfies T`, `x!` and `<T>x`. */
export function skipOuterExpressions(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isAsExpression(current) ||
    ts.isSatisfiesExpression(current) ||
    ts.isNonNullExpression(current) ||
    ts.isTypeAssertionExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

/** A property's name when it is written as an identifier, a string or a number; `undefined` when computed. */
export function getPropertyName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}
