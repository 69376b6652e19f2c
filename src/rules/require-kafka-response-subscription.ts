import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { getMemberName } from '../utils/ast';
import { getClientCall } from '../utils/client-calls';
import { createRule } from '../utils/create-rule';
import { getProgramIndex } from '../utils/program-index';
import type { PackageTypeSpecifier } from '../utils/type-checks';
import { getTypeServices } from '../utils/type-checks';

export type Options = [{ reportWhenUnresolved?: boolean }];

export type MessageId = 'missingSubscription' | 'suggestSubscribe';

const KAFKA_CLIENTS: readonly PackageTypeSpecifier[] = [
  { name: 'ClientKafka', package: '@nestjs/microservices' },
  { name: 'ClientKafkaProxy', package: '@nestjs/microservices' },
];

/** The `onModuleInit() { ... }` of the class around `node`, if it has one with a body. */
function findOnModuleInit(node: TSESTree.Node): TSESTree.BlockStatement | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ClassBody) {
      for (const member of current.body) {
        if (
          member.type === AST_NODE_TYPES.MethodDefinition &&
          !member.computed &&
          member.key.type === AST_NODE_TYPES.Identifier &&
          member.key.name === 'onModuleInit'
        ) {
          return member.value.body ?? undefined;
        }
      }
      return undefined;
    }
  }
  return undefined;
}

export default createRule<Options, MessageId>({
  name: 'require-kafka-response-subscription',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require `subscribeToResponseOf(pattern)` for every pattern a Kafka client `send()`s',
      recommended: 'recommended',
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    messages: {
      missingSubscription:
        '`{{call}}` on a Kafka client fails with "The client consumer did not subscribe to the corresponding reply topic ({{replyTopic}})": no `subscribeToResponseOf({{pattern}})` in this program registers it. Call it in `onModuleInit()`, before the client connects.',
      suggestSubscribe: 'Add `{{statement}}` to `onModuleInit()`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          reportWhenUnresolved: {
            type: 'boolean',
            description:
              'Report even when some `subscribeToResponseOf(...)` call in the program has an argument whose value is not known before run time (it might register any pattern).',
          },
        },
      },
    ],
    defaultOptions: [{ reportWhenUnresolved: false }],
  },
  create(context, [options]) {
    const { sourceCode } = context;
    const types = getTypeServices(context);

    function suggestion(node: TSESTree.CallExpression): TSESLint.SuggestionReportDescriptor<MessageId>[] {
      const callee = node.callee;
      const pattern = node.arguments[0];
      const body = findOnModuleInit(node);
      if (callee.type !== AST_NODE_TYPES.MemberExpression || !pattern || !body) return [];
      const receiver = callee.object;
      if (receiver.type !== AST_NODE_TYPES.MemberExpression || receiver.object.type !== AST_NODE_TYPES.ThisExpression) return [];
      const clientName = getMemberName(receiver);
      if (clientName === undefined) return [];
      const statement = `this.${clientName}.subscribeToResponseOf(${sourceCode.getText(pattern)});`;
      const first = body.body[0];
      const indent = ' '.repeat(first ? first.loc.start.column : body.loc.start.column + 2);
      return [
        {
          messageId: 'suggestSubscribe',
          data: { statement },
          fix: (fixer) =>
            first
              ? fixer.insertTextBefore(first, `${statement}\n${indent}`)
              : fixer.insertTextAfterRange([body.range[0], body.range[0] + 1], `\n${indent}${statement}`),
        },
      ];
    }

    return {
      CallExpression(node) {
        const call = getClientCall(node, 'send', types, sourceCode);
        if (!call || node.callee.type !== AST_NODE_TYPES.MemberExpression) return;
        if (!types.isTypeOf(node.callee.object, KAFKA_CLIENTS)) return;
        const route = types.resolvePatternRoute(node.arguments[0]);
        if (route === undefined) return;
        const index = getProgramIndex(types.program);
        if (index.responseSubscriptions.has(route)) return;
        if (index.hasUnresolvedResponseSubscription && !options.reportWhenUnresolved) return;
        context.report({
          node,
          messageId: 'missingSubscription',
          data: {
            call: call.description,
            replyTopic: `${route}.reply`,
            pattern: node.arguments[0] ? sourceCode.getText(node.arguments[0]) : '',
          },
          suggest: suggestion(node),
        });
      },
    };
  },
});
