import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';

import { ScopeType, findVariable } from '../base/estree';

import { getMemberName } from '../utils/ast';
import { getCallCandidate, isClientCall } from '../utils/client-calls';
import { createRule } from '../utils/create-rule';
import { isSubscribed } from '../utils/observable-usage';
import type { PackageTypeSpecifier } from '../type-engine';
import { getTypeServices } from '../type-engine';
import { clientSubscriptionKey } from '../type-engine/type-services';
import { mayContainClientCalls } from '../utils/text-filter';

export type Options = [{ reportWhenUnresolved?: boolean }];

export type MessageId = 'missingSubscription' | 'otherClientSubscription' | 'eventHandlerOnly' | 'suggestSubscribe';

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
        '`{{call}}` fails on Kafka with "The client consumer did not subscribe to the corresponding reply topic ({{replyTopic}})": nothing registers it. Add `subscribeToResponseOf({{pattern}})` to `onModuleInit()`.',
      otherClientSubscription:
        '`{{call}}` fails with "The client consumer did not subscribe to the corresponding reply topic ({{replyTopic}})": `subscribeToResponseOf` registers it on another Kafka client only.',
      eventHandlerOnly:
        '`{{call}}` fails with "The client consumer did not subscribe to the corresponding reply topic ({{replyTopic}})": only an `@EventPattern` handles it, and it never replies. Use `emit`.',
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
    if (!mayContainClientCalls(sourceCode)) return {};

    /**
     * The pattern as `onModuleInit` can write it: as written when it is a literal or a module-level name
     * (import, top-level constant), else the resolved string; `undefined` for a local object pattern.
     */
    function getPatternTextForInit(pattern: TSESTree.Node, route: string): string | undefined {
      if (pattern.type === AST_NODE_TYPES.Literal) return sourceCode.getText(pattern);
      let root: TSESTree.Node = pattern;
      while (root.type === AST_NODE_TYPES.MemberExpression && !root.computed) root = root.object;
      if (root.type === AST_NODE_TYPES.Identifier) {
        const variable = findVariable(sourceCode.getScope(pattern), root);
        if (variable?.scope.type === ScopeType.module) return sourceCode.getText(pattern);
      }
      return route.startsWith('{') ? undefined : `'${route.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    }

    function suggestion(node: TSESTree.CallExpression, route: string): TSESLint.SuggestionReportDescriptor<MessageId>[] {
      const callee = node.callee;
      const pattern = node.arguments[0];
      const body = findOnModuleInit(node);
      if (callee.type !== AST_NODE_TYPES.MemberExpression || !pattern || !body) return [];
      const receiver = callee.object;
      if (receiver.type !== AST_NODE_TYPES.MemberExpression || receiver.object.type !== AST_NODE_TYPES.ThisExpression) return [];
      const clientName = getMemberName(receiver);
      const patternText = getPatternTextForInit(pattern, route);
      if (clientName === undefined || patternText === undefined) return [];
      const statement = `this.${clientName}.subscribeToResponseOf(${patternText});`;
      const first = body.body[0];
      const methodIndent = /^\s*/.exec(sourceCode.lines[body.loc.start.line - 1] ?? '')?.[0] ?? '';
      return [
        {
          messageId: 'suggestSubscribe',
          data: { statement },
          fix: (fixer) =>
            first
              ? fixer.insertTextBefore(first, `${statement}\n${' '.repeat(first.loc.start.column)}`)
              : fixer.replaceText(body, `{\n${methodIndent}  ${statement}\n${methodIndent}}`),
        },
      ];
    }

    return {
      CallExpression(node) {
        const call = getCallCandidate(node, 'send', types, sourceCode);
        // Unsubscribed sends send nothing (no-unsubscribed-send reports them).
        if (!call || !isSubscribed(call.usage) || node.callee.type !== AST_NODE_TYPES.MemberExpression) return;
        const { route } = call;
        if (route === undefined) return;
        const index = types.getProgramIndex();
        // A registration on a client of unknown identity may be on this one.
        if (index.responseSubscriptionsOfUnknownClient.has(route)) return;
        const registeredElsewhere = index.responseSubscriptions.has(route);
        if (index.hasUnresolvedResponseSubscription && !options.reportWhenUnresolved) return;
        if (registeredElsewhere) {
          // Registered on some client: only a known, different client is wrong; an unknown one may be that client.
          // The identity first: mostly syntax (the class's own members), where the checks below type the receiver.
          const client = types.getKafkaClientIdentity(node.callee.object);
          if (client === undefined || index.responseSubscriptionsByClient.has(clientSubscriptionKey(client, route))) return;
        }
        // The type questions last: only a send whose route no subscription (on its client) registers needs them.
        // The receiver's type first: most such sends are on other transports' clients, which need no client check.
        if (!types.isTypeOf(node.callee.object, KAFKA_CLIENTS) || !isClientCall(call, types)) return;
        let messageId: MessageId = 'missingSubscription';
        if (registeredElsewhere) {
          messageId = 'otherClientSubscription';
        } else {
          // Only `@EventPattern` handlers: the send fails all the same, but subscribing would not make it work.
          const handlers = index.handlers.get(route) ?? [];
          if (handlers.length > 0 && handlers.every((handler) => handler.kind === 'event')) messageId = 'eventHandlerOnly';
        }
        context.report({
          node,
          messageId,
          data: {
            call: call.description,
            replyTopic: `${route}.reply`,
            pattern: node.arguments[0] ? sourceCode.getText(node.arguments[0]) : '',
          },
          suggest: messageId === 'eventHandlerOnly' ? [] : suggestion(node, route),
        });
      },
    };
  },
});
