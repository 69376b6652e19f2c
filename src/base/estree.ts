/**
 * The few pieces of ESLint's rule API the plugin needs at run time beyond `@typescript-eslint/types`' node types:
 * a scope lookup, two token predicates and the scope and definition kinds it compares against. They are written
 * here, a few lines each, so that the plugin's only run-time dependency is `@typescript-eslint/types`, which has
 * no peers: a project on TypeScript 7 that lints with oxlint, and has neither ESLint nor a `typescript` that
 * typescript-eslint accepts, installs the plugin without a conflict. `@typescript-eslint/utils` gives the same
 * functions (`ASTUtils.findVariable`, `ASTUtils.isCommaToken`...), and its types are still used at compile time.
 *
 * `src/base/` is the bottom layer: it imports nothing of the plugin.
 */
import { AST_TOKEN_TYPES } from '@typescript-eslint/types';
import type { DefinitionType as DefinitionTypes, ScopeType as ScopeTypes } from '@typescript-eslint/scope-manager';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

type Scope = TSESLint.Scope.Scope;
type Variable = TSESLint.Scope.Variable;

/*
 * The enums' own string values, typed as their members: the enums live in `@typescript-eslint/scope-manager`,
 * which the plugin does not load at run time.
 */
/* eslint-disable @typescript-eslint/no-unsafe-enum-assignment */

/** `Scope.ScopeType` values, as `@typescript-eslint/scope-manager` and ESLint's scope analysis name them. */
export const ScopeType = {
  global: 'global' as ScopeTypes.global,
  module: 'module' as ScopeTypes.module,
} as const;

/** `Scope.DefinitionType` values, as `@typescript-eslint/scope-manager` and ESLint's scope analysis name them. */
export const DefinitionType = {
  ClassName: 'ClassName' as DefinitionTypes.ClassName,
  ImportBinding: 'ImportBinding' as DefinitionTypes.ImportBinding,
} as const;

/* eslint-enable @typescript-eslint/no-unsafe-enum-assignment */

/** The innermost scope below `initialScope` that holds `node` (as `@eslint-community/eslint-utils` finds it). */
function getInnermostScope(initialScope: Scope, node: TSESTree.Node): Scope {
  const location = node.range[0];
  let scope = initialScope;
  for (let found = true; found; ) {
    found = false;
    for (const child of scope.childScopes) {
      const [start, end] = child.block.range;
      if (start <= location && location < end) {
        scope = child;
        found = true;
        break;
      }
    }
  }
  return scope;
}

/**
 * The variable a name refers to from `initialScope` outwards: `ASTUtils.findVariable` of typescript-eslint
 * (`findVariable` of `@eslint-community/eslint-utils`). Given an identifier, the search starts at the innermost
 * scope that holds it.
 */
export function findVariable(initialScope: Scope, nameOrNode: string | TSESTree.Identifier): Variable | null {
  const name = typeof nameOrNode === 'string' ? nameOrNode : nameOrNode.name;
  for (let scope: Scope | null = typeof nameOrNode === 'string' ? initialScope : getInnermostScope(initialScope, nameOrNode); scope; scope = scope.upper) {
    const variable = scope.set.get(name);
    if (variable) return variable;
  }
  return null;
}

type TokenOrComment = TSESTree.Token | TSESTree.Comment;

export function isCommaToken(token: TokenOrComment): boolean {
  return token.type === AST_TOKEN_TYPES.Punctuator && token.value === ',';
}

export function isClosingBraceToken(token: TokenOrComment): boolean {
  return token.type === AST_TOKEN_TYPES.Punctuator && token.value === '}';
}
