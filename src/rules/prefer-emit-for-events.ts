import * as path from 'node:path';

import type { TSESLint } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';

import type { CallCandidate } from '../utils/client-calls';
import { canConvert, getCallCandidate, getEventOnlyRoute, isClientCall } from '../utils/client-calls';
import { createRule } from '../utils/create-rule';
import { getLastValueFromFix, renameCalledMember } from '../utils/fixers';
import { followObservableChain, getReplyUse, isSubscribed } from '../utils/observable-usage';
import { describeHandlerLocation, describeRoute, readsAsEvent } from '../base/patterns';
import type { PatternHandler } from '../type-engine';
import { getTypeServices } from '../type-engine';
import { mayContainClientCalls } from '../utils/text-filter';

export type Options = [
  {
    eventPatterns?: string[];
    commandPatterns?: string[];
  },
];

export type MessageId = 'eventHandlerOnly' | 'eventHandlerOnlyUnsent' | 'eventPattern' | 'replyIgnored' | 'suggestEmit' | 'suggestEmitUnsent';

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
      eventHandlerOnlyUnsent:
        '`{{call}}` is never subscribed, so nothing is sent, and {{route}} has only an `@EventPattern` handler ({{location}}), which never replies: subscribing would only wait. Use `emit`.',
      eventPattern:
        '`{{call}}` discards the reply, and {{route}} names an event: `send` makes this service wait for a consumer to answer, coupling the two. Use `emit` for events.',
      replyIgnored:
        '`{{call}}` is a request whose reply nobody reads or waits for: an event sent as a request, which makes the consumer answer for nothing. Use `emit` for events.',
      suggestEmit: 'Use `emit(...)`: the value it resolves to is the delivery result, not a reply.',
      suggestEmitUnsent: 'Send it as an event: `emit(...)` sends at once (this `send` sent nothing).',
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

    const locate = (handler: PatternHandler): string => describeHandlerLocation(handler, path.resolve(context.cwd, context.filename));

    /**
     * Suggestions for a `send` nobody subscribes: `emit` in its place, subscribed where the `send` was awaited or
     * handed to a Promise combinator (`lastValueFrom(...)`). No fix: the call starts sending an event it never sent.
     */
    function unsentSuggestions(call: CallCandidate): TSESLint.SuggestionReportDescriptor<MessageId>[] {
      const { node, usage } = call;
      const rename = (fixer: TSESLint.RuleFixer): TSESLint.RuleFix[] => renameCalledMember(fixer, node, 'emit');
      if (node.callee.type !== AST_NODE_TYPES.MemberExpression) return [];
      switch (usage.kind) {
        case 'awaited':
        case 'promiseCombinator': {
          // `await client.send(...)` whose value is used expected a reply: no event can stand in for it.
          if (usage.kind === 'awaited' && usage.awaitNode.parent.type !== AST_NODE_TYPES.ExpressionStatement) return [];
          if (!canConvert(usage.expression, types)) return [];
          const convert = getLastValueFromFix(sourceCode, usage.expression, '').fix;
          return [{ messageId: 'suggestEmitUnsent', fix: (fixer) => [...rename(fixer), ...convert(fixer)] }];
        }
        default:
          return [{ messageId: 'suggestEmitUnsent', fix: rename }];
      }
    }

    return {
      CallExpression(node) {
        const call = getCallCandidate(node, 'send', types, sourceCode);
        if (!call) return;
        if (!isSubscribed(call.usage)) {
          // A send nobody subscribes sends nothing: no-unsubscribed-send reports it, except to a pattern only
          // `@EventPattern` handlers handle, where subscribing is no cure either: this rule says to use `emit`.
          const eventOnly = getEventOnlyRoute(call, types);
          if (!eventOnly || !isClientCall(call, types)) return;
          context.report({
            node,
            messageId: 'eventHandlerOnlyUnsent',
            data: { call: call.description, route: describeRoute(eventOnly.route), location: locate(eventOnly.handler) },
            suggest: unsentSuggestions(call),
          });
          return;
        }
        const { route } = call;
        const replyUse = getReplyUse(followObservableChain(node));
        const replyDropped = replyUse === 'discarded' || replyUse === 'ignored';
        const toEmit = (fixer: TSESLint.RuleFixer): TSESLint.RuleFix[] => renameCalledMember(fixer, node, 'emit');
        const handlers = route === undefined ? [] : (types.getProgramIndex().handlers.get(route) ?? []);
        // The type question last, for a send this rule would report.
        const eventOnly = getEventOnlyRoute(call, types);
        if (eventOnly) {
          if (!isClientCall(call, types)) return;
          context.report({
            node,
            messageId: 'eventHandlerOnly',
            data: {
              call: call.description,
              route: describeRoute(eventOnly.route),
              location: locate(eventOnly.handler),
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
