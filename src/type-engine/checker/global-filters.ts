/**
 * Whether a source file installs a program-wide exception filter: `app.useGlobalFilters(...)`, or a provider
 * `{ provide: APP_FILTER, ... }`. Read by the program index (one fact per file); `no-http-exception-in-message-handler`
 * stays silent in a program that has one, since the user maps exceptions there.
 */
import type ts from 'typescript';

import { tsApi } from '../classic-typescript';
import type { PatternScope } from './pattern-scopes';
import { resolvePatternValue } from './pattern-values';

const USE_GLOBAL_FILTERS = 'useGlobalFilters';
/** `@nestjs/core` declares `APP_FILTER = "APP_FILTER"` (`constants.d.ts`), and its scanner compares tokens by value. */
const APP_FILTER = 'APP_FILTER';

/** The cheap text check first: most files mention neither name. */
export function mayInstallGlobalFilter(text: string): boolean {
  return text.includes(USE_GLOBAL_FILTERS) || text.includes(APP_FILTER);
}

/** The name an expression ends in: `APP_FILTER`, `core.APP_FILTER`. */
function endName(expression: ts.Expression): string | undefined {
  if (tsApi.isIdentifier(expression)) return expression.text;
  if (tsApi.isPropertyAccessExpression(expression)) return expression.name.text;
  return undefined;
}

/**
 * Whether a `provide:` value is the `APP_FILTER` token. Its value decides (Nest matches the string), read through
 * `scope` so the program index records the files it came from; a value that does not resolve but is named
 * `APP_FILTER` counts too: counting a lookalike can only make the rule quieter, never louder.
 */
function isAppFilterToken(scope: PatternScope, value: ts.Expression): boolean {
  return resolvePatternValue(scope, value) === APP_FILTER || endName(value) === APP_FILTER;
}

/**
 * Whether the file calls a method named `useGlobalFilters` (by name only, like `subscribeToResponseOf` in the index:
 * `INestApplication`, `INestMicroservice` and `NestMicroservice` all declare it, and a lookalike can only silence
 * the rule) or declares a provider whose `provide` is the `APP_FILTER` token.
 */
export function installsGlobalFilter(sourceFile: ts.SourceFile, scope: PatternScope): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (tsApi.isCallExpression(node) && tsApi.isPropertyAccessExpression(node.expression) && node.expression.name.text === USE_GLOBAL_FILTERS) {
      found = true;
      return;
    }
    if (
      tsApi.isPropertyAssignment(node) &&
      (tsApi.isIdentifier(node.name) || tsApi.isStringLiteral(node.name)) &&
      node.name.text === 'provide' &&
      isAppFilterToken(scope, node.initializer)
    ) {
      found = true;
      return;
    }
    tsApi.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}
