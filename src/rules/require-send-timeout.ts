import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { getMemberName } from '../utils/ast';
import { getClientCall } from '../utils/client-calls';
import { createRule } from '../utils/create-rule';
import { getNamedImport } from '../utils/fixers';
import type { ChainEnd } from '../utils/observable-usage';
import { followObservableChain, isSubscribed } from '../utils/observable-usage';
import { getTypeServices } from '../utils/type-checks';

export type Options = [{ timeoutHelpers?: string[]; suggestedTimeout?: number }];

export type MessageId = 'missingTimeout' | 'suggestTimeout';

const TIMEOUT_OPERATORS = ['timeout', 'timeoutWith'];

/** The name a call is made by: `timeout(...)`, `rx.timeout(...)`. */
function getCalleeName(node: TSESTree.Node): string | undefined {
  if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const callee = node.callee;
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  return callee.type === AST_NODE_TYPES.MemberExpression ? getMemberName(callee) : undefined;
}

/** Ends where Nest or this code waits for the reply; elsewhere the Observable goes to code we cannot see. */
function waitsForReply(end: ChainEnd): boolean {
  return end.kind === 'convert' || end.kind === 'subscribe' || end.kind === 'return';
}

export default createRule<Options, MessageId>({
  name: 'require-send-timeout',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require a `timeout(...)` on `send()` requests: no NestJS transport times out a request by itself',
      recommended: 'strict',
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    messages: {
      missingTimeout:
        '`{{call}}` has no timeout: no NestJS transport times out a request, so if the consumer never replies (down, no handler, an `@EventPattern` handler on Kafka) this code waits forever. Add `.pipe(timeout(ms))`.',
      suggestTimeout: 'Add `.pipe(timeout({{ms}}))`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          timeoutHelpers: {
            type: 'array',
            items: { type: 'string', pattern: '^[A-Za-z_$][\\w$]*$' },
            uniqueItems: true,
            description:
              'Names of project operators or functions that add a timeout: `.pipe(withDeadline())` or `withDeadline(client.send(...))` count as a timeout.',
          },
          suggestedTimeout: {
            type: 'integer',
            minimum: 1,
            description: 'Milliseconds the suggestion puts in `timeout(...)`.',
          },
        },
      },
    ],
    defaultOptions: [{ timeoutHelpers: [], suggestedTimeout: 5000 }],
  },
  create(context, [options]) {
    const { sourceCode } = context;
    const types = getTypeServices(context);
    const timeoutNames = new Set([...TIMEOUT_OPERATORS, ...(options.timeoutHelpers ?? [])]);
    const ms = options.suggestedTimeout ?? 5000;

    /** `timeout` is exported from 'rxjs' since 7.2; before that only from 'rxjs/operators'. */
    function getOperatorsModule(): string {
      for (const statement of sourceCode.ast.body) {
        if (statement.type === AST_NODE_TYPES.ImportDeclaration && statement.source.value === 'rxjs') {
          return types.moduleExports(statement.source, 'timeout') === false ? 'rxjs/operators' : 'rxjs';
        }
      }
      return 'rxjs';
    }

    return {
      CallExpression(node) {
        const call = getClientCall(node, 'send', types, sourceCode);
        if (!call || !isSubscribed(call.usage)) return;
        const chain = followObservableChain(node);
        if (!waitsForReply(chain.end)) return;
        if (chain.operators.some((operator) => timeoutNames.has(getCalleeName(operator) ?? ''))) return;
        context.report({
          node,
          messageId: 'missingTimeout',
          data: { call: call.description },
          suggest: [
            {
              messageId: 'suggestTimeout',
              data: { ms: String(ms) },
              fix: (fixer): TSESLint.RuleFix[] => {
                const operator = getNamedImport(sourceCode, getOperatorsModule(), 'timeout', node);
                return [fixer.insertTextAfter(node, `.pipe(${operator.reference}(${ms}))`), ...operator.fix(fixer)];
              },
            },
          ],
        });
      },
    };
  },
});
