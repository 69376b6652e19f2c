import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';

import { findVariable } from '../base/estree';

import { getMemberName } from '../utils/ast';
import { getCallCandidate, isClientCall } from '../utils/client-calls';
import { createRule } from '../utils/create-rule';
import { getNamedImport } from '../utils/fixers';
import type { ChainEnd, ObservableChain } from '../utils/observable-usage';
import { followObservableChain, isSubscribed } from '../utils/observable-usage';
import { getTypeServices } from '../type-engine';
import { mayContainClientCalls } from '../utils/text-filter';

export type Options = [{ timeoutHelpers?: string[]; suggestedTimeout?: number }];

export type MessageId = 'missingTimeout' | 'suggestTimeout';

const TIMEOUT_OPERATORS = new Set(['timeout', 'timeoutWith']);
const RXJS_MODULES = new Set(['rxjs', 'rxjs/operators']);
const MAX_OPERATOR_DEPTH = 4;

/** Ends where Nest or this code waits for the reply; elsewhere the Observable goes to code we cannot see. */
function waitsForReply(end: ChainEnd): boolean {
  return end.kind === 'convert' || end.kind === 'subscribe' || end.kind === 'return';
}

/** How many variables deep a request is followed (`const reply$ = client.send(...); ... lastValueFrom(reply$)`). */
const MAX_VARIABLE_DEPTH = 4;

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
        '`{{call}}` has no timeout, and no NestJS transport sets one: if the consumer never replies (down, no handler, an `@EventPattern` handler on Kafka), this code waits forever. Add `.pipe(timeout(ms))`.',
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
              'Names of project operators that add a timeout: `.pipe(withDeadline())` counts as a timeout. (A `send` passed to a function, `withDeadline(client.send(...))`, is never reported.)',
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
    if (!mayContainClientCalls(sourceCode)) return {};
    const helpers = new Set(options.timeoutHelpers ?? []);
    const ms = options.suggestedTimeout ?? 5000;

    /**
     * Whether a `.pipe()` argument adds a timeout: rxjs's `timeout`/`timeoutWith` however imported (alias,
     * namespace, `rxjs/operators`), a project helper named in `timeoutHelpers`, or a constant holding one.
     */
    function isTimeoutOperator(operator: TSESTree.Node, depth = 0): boolean {
      if (depth > MAX_OPERATOR_DEPTH) return false;
      if (operator.type === AST_NODE_TYPES.Identifier) {
        const definition = findVariable(sourceCode.getScope(operator), operator)?.defs[0];
        return (
          definition?.node.type === AST_NODE_TYPES.VariableDeclarator &&
          definition.node.init != null &&
          isTimeoutOperator(definition.node.init, depth + 1)
        );
      }
      if (operator.type !== AST_NODE_TYPES.CallExpression) return false;
      const callee = operator.callee;
      if (callee.type === AST_NODE_TYPES.MemberExpression) return TIMEOUT_OPERATORS.has(getMemberName(callee) ?? '');
      if (callee.type !== AST_NODE_TYPES.Identifier) return false;
      if (helpers.has(callee.name)) return true;
      const definition = findVariable(sourceCode.getScope(callee), callee)?.defs[0];
      if (definition?.node.type === AST_NODE_TYPES.ImportSpecifier) {
        const imported = definition.node.imported;
        const importedName = imported.type === AST_NODE_TYPES.Identifier ? imported.name : imported.value;
        const declaration = definition.node.parent;
        return (
          TIMEOUT_OPERATORS.has(importedName) &&
          declaration.type === AST_NODE_TYPES.ImportDeclaration &&
          RXJS_MODULES.has(declaration.source.value)
        );
      }
      // No binding in the file (a global, or an unresolved name): go by the name.
      return definition === undefined && TIMEOUT_OPERATORS.has(callee.name);
    }

    /**
     * Where to import `timeout` from: the file's `rxjs/operators` import if it has one; `rxjs` when that
     * exports it (rxjs 7.2+), else `rxjs/operators`.
     */
    function getOperatorsModule(): string {
      const imports = sourceCode.ast.body.filter((statement) => statement.type === AST_NODE_TYPES.ImportDeclaration);
      if (imports.some((statement) => statement.source.value === 'rxjs/operators' && statement.importKind !== 'type')) {
        return 'rxjs/operators';
      }
      const rxjs = imports.find((statement) => statement.source.value === 'rxjs');
      return rxjs && types.moduleExports(rxjs.source, 'timeout') === false ? 'rxjs/operators' : 'rxjs';
    }

    /**
     * A chain, or, where it ends in a `const` (`const reply$ = client.send(...).pipe(...)`), the chains of that
     * variable's reads, each with the operators before it.
     */
    function chainsOf(chain: ObservableChain, depth: number): ObservableChain[] {
      const declarator = chain.observable.parent;
      if (
        chain.end.kind !== 'other' ||
        depth >= MAX_VARIABLE_DEPTH ||
        declarator.type !== AST_NODE_TYPES.VariableDeclarator ||
        declarator.init !== chain.observable ||
        declarator.id.type !== AST_NODE_TYPES.Identifier ||
        declarator.parent.kind !== 'const'
      ) {
        return [chain];
      }
      const variable = sourceCode.getDeclaredVariables(declarator)[0];
      const reads = variable ? variable.references.filter((reference) => reference.isRead()) : [];
      return reads.flatMap((reference) => {
        const read = followObservableChain(reference.identifier);
        return chainsOf({ ...read, operators: [...chain.operators, ...read.operators] }, depth + 1);
      });
    }

    return {
      CallExpression(node) {
        const call = getCallCandidate(node, 'send', types, sourceCode);
        if (!call || !isSubscribed(call.usage)) return;
        // Some use that waits for the reply with no timeout between the call and it.
        const waitsForever = chainsOf(followObservableChain(node), 0).some(
          (chain) => waitsForReply(chain.end) && !chain.operators.some((operator) => isTimeoutOperator(operator)),
        );
        if (!waitsForever || !isClientCall(call, types)) return;
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
