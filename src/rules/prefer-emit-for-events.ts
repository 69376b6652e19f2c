import * as path from 'node:path';

import type { TSESLint } from '@typescript-eslint/utils';

import { getCallCandidate, isClientCall } from '../utils/client-calls';
import { createRule } from '../utils/create-rule';
import { renameCalledMember } from '../utils/fixers';
import { followObservableChain, getReplyUse, isSubscribed } from '../utils/observable-usage';
import { describeHandlerLocation, describeRoute, readsAsEvent } from '../base/patterns';
import { getTypeServices } from '../type-engine';
import { mayContainClientCalls } from '../utils/text-filter';

export type Options = [
  {
    eventPatterns?: string[];
    commandPatterns?: string[];
  },
];

export type MessageId = 'eventHandlerOnly' | 'eventPattern' | 'replyIgnored' | 'suggestEmit';

function compile(patterns: readonly string[] | undefined): RegExp[] {
  return (patterns ?? []).map((pattern) => new RegExp(pattern, 'u'));
}

export default createRule<Options, MessageId>({
  name: 'prefer-emit-for-events',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require `emit()` instead of `send()` for events: patterns handled by `@EventPattern`, or named like events',
      recommended: 'recommended',
      requiresTypeChecking: true,
    },
    fixable: 'code',
    hasSuggestions: true,
    messages: {
      eventHandlerOnly:
        '`{{call}}` asks for a reply, but {{route}} has only an `@EventPattern` handler ({{location}}), which never answers: on Kafka no reply comes, elsewhere EmptyError or the handler\'s result. Use `emit`.',
      eventPattern:
        '`{{call}}` discards the reply, and {{route}} names an event: `send` makes this service wait for a consumer to answer, coupling the two. Use `emit` for events.',
      replyIgnored:
        '`{{call}}` is a request whose reply nobody reads or waits for: an event sent as a request, which makes the consumer answer for nothing. Use `emit` for events.',
      suggestEmit: 'Use `emit(...)`: the value it resolves to is the delivery result, not a reply.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          eventPatterns: {
            type: 'array',
            items: { type: 'string', format: 'regex' },
            uniqueItems: true,
            description:
              'Regular expressions: a pattern (its route, e.g. `order.created` or `{"cmd":"sum"}`) that matches one is an event, in addition to the past-participle rule.',
          },
          commandPatterns: {
            type: 'array',
            items: { type: 'string', format: 'regex' },
            uniqueItems: true,
            description: 'Regular expressions: a pattern that matches one is never treated as an event by name.',
          },
        },
      },
    ],
    defaultOptions: [{ eventPatterns: [], commandPatterns: [] }],
  },
  create(context, [options]) {
    const { sourceCode } = context;
    const types = getTypeServices(context);
    if (!mayContainClientCalls(sourceCode)) return {};
    const eventPatterns = compile(options.eventPatterns);
    const commandPatterns = compile(options.commandPatterns);

    const namesAnEvent = (route: string): boolean =>
      !commandPatterns.some((regex) => regex.test(route)) &&
      (readsAsEvent(route) || eventPatterns.some((regex) => regex.test(route)));

    return {
      CallExpression(node) {
        const call = getCallCandidate(node, 'send', types, sourceCode);
        // A send nobody subscribes sends nothing: no-unsubscribed-send reports it.
        if (!call || !isSubscribed(call.usage)) return;
        const { route } = call;
        const replyUse = getReplyUse(followObservableChain(node));
        const replyDropped = replyUse === 'discarded' || replyUse === 'ignored';
        const toEmit = (fixer: TSESLint.RuleFixer): TSESLint.RuleFix[] => renameCalledMember(fixer, node, 'emit');
        const handlers = route === undefined ? [] : (types.getProgramIndex().handlers.get(route) ?? []);
        // The type question last, for a send this rule would report.
        const eventHandler = handlers.find((handler) => handler.kind === 'event');
        if (route !== undefined && eventHandler && !handlers.some((handler) => handler.kind === 'message')) {
          if (!isClientCall(call, types)) return;
          context.report({
            node,
            messageId: 'eventHandlerOnly',
            data: {
              call: call.description,
              route: describeRoute(route),
              location: describeHandlerLocation(eventHandler, path.resolve(context.cwd, context.filename)),
            },
            // With the reply discarded, emit keeps the meaning; with the reply used, the value changes.
            fix: replyDropped ? toEmit : undefined,
            suggest: replyDropped ? [] : [{ messageId: 'suggestEmit', fix: toEmit }],
          });
          return;
        }
        // A `@MessagePattern` handler in the program proves the pattern is a request, whatever its name.
        if (handlers.length > 0) return;
        const byName = replyDropped && route !== undefined && namesAnEvent(route);
        if ((!byName && replyUse !== 'ignored') || !isClientCall(call, types)) return;
        if (byName) {
          context.report({
            node,
            messageId: 'eventPattern',
            data: { call: call.description, route: describeRoute(route) },
            fix: toEmit,
          });
        } else {
          // Nobody reads the reply and nobody waits for it: an event, whatever the pattern is called. A suggestion
          // only: the pattern may have a `@MessagePattern` handler outside this program, which `emit` would miss.
          context.report({ node, messageId: 'replyIgnored', data: { call: call.description }, suggest: [{ messageId: 'suggestEmit', fix: toEmit }] });
        }
      },
    };
  },
});
