import { parseForESLint } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { walk } from '../../src/utils/ast';

describe('walk: every node in source order', () => {
  const { ast: program, visitorKeys } = parseForESLint('a(1, [b, c]); if (d) { e = f; } else g();', { range: true });
  const names = (skip: (node: TSESTree.Node) => boolean = () => false): string[] => {
    const seen: string[] = [];
    walk(program, visitorKeys, (node) => {
      if (node.type === AST_NODE_TYPES.Identifier) seen.push(node.name);
      if (node.type === AST_NODE_TYPES.Literal) seen.push(String(node.value));
      return skip(node) ? false : undefined;
    });
    return seen;
  };

  it('visits children first to last, depth first', () => {
    expect(names()).toEqual(['a', '1', 'b', 'c', 'd', 'e', 'f', 'g']);
  });

  it('skips the children of a node for which visit returns false', () => {
    expect(names((node) => node.type === AST_NODE_TYPES.ArrayExpression || node.type === AST_NODE_TYPES.BlockStatement)).toEqual(['a', '1', 'd', 'g']);
  });
});
