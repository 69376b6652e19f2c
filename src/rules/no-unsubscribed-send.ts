import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';

import { isAsyncContext } from '../utils/ast';
import type { CallCandidate } from '../utils/client-calls';
import { canConvert, describeUnhandledSubscription, getCallCandidate, getEventOnlyRoute, isClientCall, WITH_WRAPPERS } from '../utils/client-calls';
import { createRule } from '../utils/create-rule';
import { getLastValueFromFix, renameCalledMember } from '../utils/fixers';
import { isSubscribed } from '../utils/observable-usage';
import { getTypeServices } from '../type-engine';
import { mayContainClientOrWrapperCalls } from '../utils/text-filter';

export type Options = [];

export type MessageId =
  | 'awaitedObservable'
  | 'neverSubscribed'
  | 'promiseCombinator'
  | 'subscribedInTry'
  | 'subscribedWithoutErrorHandler'
  | 'suggestAwait'
  | 'suggestConvert'
  | 'suggestEmit'
  | 'unusedVariable'
  | 'voided';

export default createRule<Options, MessageId>({
  name: 'no-unsubscribed-send',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow `ClientProxy.send()` calls whose cold Observable is never subscribed, so the request is never sent',
      recommended: 'recommended',
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    messages: {
      neverSubscribed:
        '`{{call}}` is never subscribed: `send` is cold, so no request is sent and no reply arrives. Subscribe to it (`await lastValueFrom(...)`), return it, or use `emit` for an event that needs no reply.',
      awaitedObservable:
        '`await {{call}}` does not wait for the reply: an Observable is not a Promise, so `await` returns it at once, and the request goes out only if something subscribes later. Use `await lastValueFrom(...)`.',
      promiseCombinator:
        '`{{call}}` is passed to `{{combinator}}`, which does not subscribe to Observables: it resolves at once with the Observable itself, and no reply is awaited. Wrap it: `lastValueFrom(...)`.',
      voided:
        '`void {{call}}` sends nothing: `send` is cold and only sends when subscribed. For a fire-and-forget event use `emit`.',
      unusedVariable:
        '`{{call}}` is stored in `{{name}}`, which is never subscribed: `send` is cold, so no request is sent.',
      subscribedInTry:
        '`{{call}}` is subscribed without an error handler, and the `catch` on line {{line}} never sees an error reply or a transport failure: it arrives later and crashes the process. Pass an `error` callback.',
      subscribedWithoutErrorHandler:
        '`{{call}}` is subscribed without an error handler: an error reply, a timeout or a transport failure is rethrown as an uncaught exception and crashes the process. Pass an `error` callback.',
      suggestAwait: 'Send the request and wait for the reply: `await lastValueFrom(...)` (it waits for as long as the consumer takes).',
      suggestConvert: 'Send the request and let `{{combinator}}` wait for the reply: `lastValueFrom(...)`.',
      suggestEmit: 'Use `emit(...)`: the reply is not used, so this is an event (`emit` dispatches at once).',
    },
    schema: [],
  },
  create(context) {
    const { sourceCode } = context;
    const types = getTypeServices(context);
    if (!mayContainClientOrWrapperCalls(sourceCode, types)) return {};

    /** Subscribing where it stands: `<prefix>lastValueFrom(<observable>)`, in async code and where it type-checks. */
    function awaitSuggestion(
      call: CallCandidate,
      observable: TSESTree.Expression,
      prefix: '' | 'await ',
    ): TSESLint.SuggestionReportDescriptor<MessageId>[] {
      if (!isAsyncContext(call.node) || !canConvert(observable, types)) return [];
      return [{ messageId: 'suggestAwait', fix: getLastValueFromFix(sourceCode, observable, prefix).fix }];
    }

    function emitSuggestion(call: CallCandidate, extra?: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix[]): TSESLint.SuggestionReportDescriptor<MessageId>[] {
      // Computed callees cannot be renamed safely, and a wrapper's `emit` counterpart is not known.
      const rename = (fixer: TSESLint.RuleFixer): TSESLint.RuleFix[] => renameCalledMember(fixer, call.node, 'emit');
      if (call.node.callee.type !== AST_NODE_TYPES.MemberExpression || call.wrapper) return [];
      return [{ messageId: 'suggestEmit', fix: (fixer) => [...rename(fixer), ...(extra?.(fixer) ?? [])] }];
    }

    return {
      CallExpression(node) {
        const call = getCallCandidate(node, 'send', types, sourceCode, WITH_WRAPPERS);
        if (!call) return;
        const { usage } = call;
        // Subscribed, the request is sent; without an error callback, its failure crashes the process.
        if (usage.kind === 'subscribedWithoutErrorHandler') {
          if (isClientCall(call, types, WITH_WRAPPERS)) context.report({ node, ...describeUnhandledSubscription(call) });
          return;
        }
        if (isSubscribed(usage) || !isClientCall(call, types, WITH_WRAPPERS)) return;
        // A send to a pattern only `@EventPattern` handlers handle should be an emit, not a subscribed send:
        // prefer-emit-for-events reports it, subscribed or not.
        if (getEventOnlyRoute(call, types)) return;
        switch (usage.kind) {
          case 'discarded':
            context.report({
              node,
              messageId: 'neverSubscribed',
              data: { call: call.description },
              suggest: usage.statement
                ? [
                    ...awaitSuggestion(call, usage.expression, 'await '),
                    ...emitSuggestion(call),
                  ]
                : emitSuggestion(call),
            });
            return;
          case 'awaited': {
            const replyUnused = usage.awaitNode.parent.type === AST_NODE_TYPES.ExpressionStatement;
            const suggest = awaitSuggestion(call, usage.expression, '');
            if (replyUnused && suggest.length > 0) {
              suggest.push(...emitSuggestion(call, getLastValueFromFix(sourceCode, usage.expression, '').fix));
            }
            context.report({ node, messageId: 'awaitedObservable', data: { call: call.description }, suggest });
            return;
          }
          case 'promiseCombinator': {
            const combinator = `${sourceCode.getText(usage.combinator.callee)}()`;
            const convert = canConvert(usage.expression, types)
              ? [{ messageId: 'suggestConvert' as const, data: { combinator }, fix: getLastValueFromFix(sourceCode, usage.expression, '').fix }]
              : [];
            context.report({ node, messageId: 'promiseCombinator', data: { call: call.description, combinator }, suggest: convert });
            return;
          }
          case 'voided':
            context.report({ node, messageId: 'voided', data: { call: call.description }, suggest: emitSuggestion(call) });
            return;
          case 'unused':
            context.report({ node, messageId: 'unusedVariable', data: { call: call.description, name: usage.variable.name } });
            return;
          default:
            return;
        }
      },
    };
  },
});
