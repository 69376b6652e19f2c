/**
 * ESTree nodes of a linter that parses on its own (oxlint) mapped to the TypeScript nodes of the same file by
 * their source range (without leading trivia). Most ESTree nodes stand for the innermost TypeScript node of their
 * range; a few share their range with a node inside them and say which kind they are: `foo()` without a semicolon is
 * both an ExpressionStatement and a CallExpression, `{ a }` both a shorthand property and an identifier.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type ts from 'typescript';

import { tsApi } from '../../classic-typescript';

/** TypeScript node kinds an ESTree node type can come from, where the innermost node of its range may not be it. */
const KIND_CHECKS: Partial<Record<AST_NODE_TYPES, (node: ts.Node) => boolean>> = {
  [AST_NODE_TYPES.ExpressionStatement]: (node) => tsApi.isExpressionStatement(node),
  [AST_NODE_TYPES.Property]: (node) => tsApi.isObjectLiteralElement(node) || tsApi.isBindingElement(node),
  [AST_NODE_TYPES.VariableDeclarator]: (node) => tsApi.isVariableDeclaration(node),
  [AST_NODE_TYPES.TSTypeReference]: (node) => tsApi.isTypeReferenceNode(node),
  [AST_NODE_TYPES.ExportSpecifier]: (node) => tsApi.isExportSpecifier(node),
  [AST_NODE_TYPES.ImportSpecifier]: (node) => tsApi.isImportSpecifier(node),
};

/** The child of `node` whose range holds [start, end), if any. */
function childHolding(node: ts.Node, start: number, end: number): ts.Node | undefined {
  return tsApi.forEachChild(node, (child) => (child.pos <= start && end <= child.end ? child : undefined));
}

export function createNodeMap(sourceFile: ts.SourceFile): (node: TSESTree.Node) => ts.Node {
  const cache = new WeakMap<TSESTree.Node, ts.Node>();
  const find = (node: TSESTree.Node): ts.Node => {
    const [start, end] = node.range;
    // Without a kind check, the innermost node of the range; with one, the outermost node of an accepted kind.
    const accepts = KIND_CHECKS[node.type];
    let found: ts.Node | undefined;
    for (let current = childHolding(sourceFile, start, end); current; current = childHolding(current, start, end)) {
      if (current.end !== end || current.getStart(sourceFile) !== start) continue;
      if (!accepts) found = current;
      else if (!found && accepts(current)) found = current;
    }
    if (!found) {
      throw new Error(`No TypeScript node at ${start}-${end} (${node.type}) in ${sourceFile.fileName}: the linted text and the program disagree`);
    }
    return found;
  };
  return (node) => {
    let tsNode = cache.get(node);
    if (!tsNode) {
      tsNode = find(node);
      cache.set(node, tsNode);
    }
    return tsNode;
  };
}
