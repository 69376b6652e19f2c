/** Syntactic helpers for handler-side rules: decorators by name or origin, where an imported name comes from. */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';

import { DefinitionType, findVariable } from '../base/estree';

import type { HandlerKind, TypeServices } from '../type-engine';

const IMPORT_BINDING = DefinitionType.ImportBinding;

/** Whether one of `decorators` calls (or is) a name `name`: `@UseFilters(...)`, `@common.UseFilters(...)`. */
export function hasDecoratorNamed(decorators: readonly TSESTree.Decorator[], name: string): boolean {
  return decorators.some((decorator) => {
    const expression = decorator.expression.type === AST_NODE_TYPES.CallExpression ? decorator.expression.callee : decorator.expression;
    if (expression.type === AST_NODE_TYPES.Identifier) return expression.name === name;
    return expression.type === AST_NODE_TYPES.MemberExpression && !expression.computed && expression.property.type === AST_NODE_TYPES.Identifier && expression.property.name === name;
  });
}

/** The module an identifier is imported from (`import { X } from '<module>'`, any alias), or `undefined` when it is not an import. */
export function getImportSource(sourceCode: Readonly<TSESLint.SourceCode>, identifier: TSESTree.Identifier): string | undefined {
  const variable = findVariable(sourceCode.getScope(identifier), identifier);
  const [definition] = variable?.defs ?? [];
  if (variable?.defs.length !== 1 || definition?.type !== IMPORT_BINDING) return undefined;
  const declaration = definition.parent;
  return declaration.type === AST_NODE_TYPES.ImportDeclaration ? declaration.source.value : undefined;
}

/**
 * Whether one of `decorators` may be the user's own (anything not imported from a `@nestjs/*` package): a decorator
 * composed with `applyDecorators(UseFilters(...), ...)` can apply filters the rule cannot see.
 */
export function hasOwnDecorator(sourceCode: Readonly<TSESLint.SourceCode>, decorators: readonly TSESTree.Decorator[]): boolean {
  return decorators.some((decorator) => {
    let root: TSESTree.Node = decorator.expression.type === AST_NODE_TYPES.CallExpression ? decorator.expression.callee : decorator.expression;
    while (root.type === AST_NODE_TYPES.MemberExpression) root = root.object;
    const source = root.type === AST_NODE_TYPES.Identifier ? getImportSource(sourceCode, root) : undefined;
    return source === undefined || !source.startsWith('@nestjs/');
  });
}

/** The name an imported identifier has in its module: `throwError` for `import { throwError as fail }`. */
function getImportedName(sourceCode: Readonly<TSESLint.SourceCode>, identifier: TSESTree.Identifier): string | undefined {
  const variable = findVariable(sourceCode.getScope(identifier), identifier);
  const definition = variable?.defs[0];
  if (definition?.type !== IMPORT_BINDING) return undefined;
  const specifier = definition.node;
  if (specifier.type === AST_NODE_TYPES.ImportSpecifier) {
    return specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
  }
  return specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier ? '*' : undefined;
}

const isRxjs = (source: string | undefined): boolean => source === 'rxjs' || source?.startsWith('rxjs/') === true;

/** `throwError(...)` or `rx.throwError(...)` with `throwError` (or the namespace) imported from `rxjs`. */
export function isRxjsThrowError(sourceCode: Readonly<TSESLint.SourceCode>, call: TSESTree.CallExpression): boolean {
  const callee = call.callee;
  if (callee.type === AST_NODE_TYPES.Identifier) {
    return isRxjs(getImportSource(sourceCode, callee)) && getImportedName(sourceCode, callee) === 'throwError';
  }
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    !callee.computed &&
    callee.property.type === AST_NODE_TYPES.Identifier &&
    callee.property.name === 'throwError' &&
    callee.object.type === AST_NODE_TYPES.Identifier &&
    isRxjs(getImportSource(sourceCode, callee.object)) &&
    getImportedName(sourceCode, callee.object) === '*'
  );
}

/** The handler kind of a method: that of its first `@EventPattern`/`@MessagePattern` decorator (by declaration). */
export function getHandlerKind(method: TSESTree.MethodDefinition, types: TypeServices): HandlerKind | undefined {
  for (const decorator of method.decorators) {
    if (decorator.expression.type !== AST_NODE_TYPES.CallExpression) continue;
    const handler = types.getHandlerDecorator(decorator);
    if (handler) return handler.kind;
  }
  return undefined;
}
