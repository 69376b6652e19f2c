import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { getEnclosingFunction, getEnclosingTryWithCatch, isAsyncContext } from '../utils/ast';
import type { CallCandidate } from '../utils/client-calls';
import { canConvert, describeUnhandledSubscription, getCallCandidate, isClientCall, WITH_WRAPPERS } from '../utils/client-calls';
import { createRule } from '../utils/create-rule';
import { getLastValueFromFix, getMakeAsyncFix } from '../utils/fixers';
import type { ObservableUsage } from '../utils/observable-usage';
import {
  createStateChangeFinder,
  DEFAULT_IGNORED_RECEIVERS,
  DEFAULT_PERSISTENCE_TYPES,
  DEFAULT_STATE_CHANGE_METHODS,
} from '../utils/state-change';
import type { PackageTypeSpecifier } from '../type-engine';
import { getTypeServices } from '../type-engine';
import { mayContainClientOrWrapperCalls } from '../utils/text-filter';

export type Options = [
  {
    allowVoid?: boolean;
    reportFireAndForget?: boolean;
    autofix?: boolean;
    memberWrites?: boolean;
    stateChangeMethods?: string[];
    persistenceTypes?: PackageTypeSpecifier[];
    ignoredReceivers?: string[];
  },
];

export type MessageId =
  | 'awaitedObservable'
  | 'promiseCombinator'
  | 'subscribedLate'
  | 'subscribedInTry'
  | 'subscribedWithoutErrorHandler'
  | 'suggestAsyncAwait'
  | 'suggestAwait'
  | 'suggestVoid'
  | 'unawaited'
  | 'unawaitedBeforeStateChange'
  | 'unawaitedInTry'
  | 'voided'
  | 'voidedBeforeStateChange';

export default createRule<Options, MessageId>({
  name: 'no-unawaited-emit',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Require `ClientProxy.emit()` to be awaited (`await lastValueFrom(...)`) before state that depends on its delivery changes',
      recommended: 'recommended',
      requiresTypeChecking: true,
      strictOptions: [{ reportFireAndForget: true }],
    },
    fixable: 'code',
    hasSuggestions: true,
    messages: {
      unawaitedBeforeStateChange:
        '`{{call}}` is not awaited: a failed delivery is swallowed, yet `{{stateChange}}` (line {{line}}) runs as if it had succeeded. Use `await lastValueFrom(...)`, or `void` if that state needs no delivery.',
      unawaited:
        '`{{call}}` is neither awaited nor subscribed: if delivery fails, the error is silently dropped. Use `await lastValueFrom(...)`, or `void` to mark a deliberate fire-and-forget.',
      unawaitedInTry:
        '`{{call}}` is not awaited, so the `catch` on line {{line}} never sees a failed delivery: the error arrives later, through the Observable, and is swallowed. Use `await lastValueFrom(...)`.',
      subscribedInTry:
        '`{{call}}` is subscribed without an error handler, and the `catch` on line {{line}} never sees a failed delivery: it arrives later and crashes the process. Pass an `error` callback.',
      voidedBeforeStateChange:
        '`void {{call}}` drops the delivery result: a failed delivery is swallowed, yet `{{stateChange}}` (line {{line}}) runs as if it had succeeded (`allowVoid` is off). Use `await lastValueFrom(...)`.',
      voided:
        '`void {{call}}` drops the delivery result: a failed delivery is swallowed (`allowVoid` is off). Use `await lastValueFrom(...)`, or subscribe with an `error` callback.',
      awaitedObservable:
        '`await {{call}}` waits for nothing: an Observable is not a Promise, so `await` returns it at once, before the broker has the event, and this code never sees a failure. Use `await lastValueFrom(...)`.',
      promiseCombinator:
        '`{{call}}` is passed to `{{combinator}}`, which takes an Observable as a plain value: nothing waits for delivery, and a failed delivery is swallowed. Wrap it: `lastValueFrom(...)`.',
      subscribedLate:
        '`{{call}}` is subscribed only after the `await` on line {{line}}: `emit` is hot, so by then it may have completed and `lastValueFrom` rejects with EmptyError. Convert it where it is called.',
      subscribedWithoutErrorHandler:
        '`{{call}}` is subscribed without an error handler: a failed delivery is rethrown as an uncaught exception and crashes the process. Pass an `error` callback, or use `await lastValueFrom(...)`.',
      suggestAwait: 'Wait for delivery: `await lastValueFrom(...)`.',
      suggestAsyncAwait: 'Make the function `async` and wait for delivery with `await lastValueFrom(...)` (its return type becomes a Promise).',
      suggestVoid: 'Mark it as a deliberate fire-and-forget with `void` (nothing after it depends on delivery).',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          allowVoid: {
            type: 'boolean',
            description: 'Accept `void client.emit(...)` as a deliberate fire-and-forget.',
          },
          reportFireAndForget: {
            type: 'boolean',
            description:
              'Report every unhandled `emit`, even when no state change follows it in the same function (on in `strict`).',
          },
          autofix: {
            type: 'boolean',
            description:
              'Let `--fix` rewrite to `await lastValueFrom(...)`. When `false`, the rewrite is offered as an editor suggestion only, so `--fix` never changes run-time behaviour.',
          },
          memberWrites: {
            type: 'boolean',
            description: 'Count writes to members (`order.status = ...`, `this.count += n`, `x.n++`, `delete x.key`) as state changes.',
          },
          stateChangeMethods: {
            type: 'array',
            items: { type: 'string', pattern: '^[A-Za-z_$][\\w$]*$' },
            uniqueItems: true,
            description:
              'Verbs that make a method call a state change: `x.<verb>()` or `x.<verb><Capitalised>()` (`save`, `setPublished`). Replaces the default list.',
          },
          persistenceTypes: {
            type: 'array',
            uniqueItems: true,
            description:
              'Types whose every method call, apart from reads (`find*`, `count*`, `get*`, ...), is a state change. `name` `"*"` matches any type of the package. Replaces the default list.',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['name', 'package'],
              properties: {
                name: { type: 'string', minLength: 1, description: 'Type name, or `*` for any type of the package.' },
                package: { type: 'string', minLength: 1, description: 'npm package that declares the type.' },
              },
            },
          },
          ignoredReceivers: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description:
              'Receiver names (last identifier, case-insensitive) whose calls never count as state changes, such as loggers and metrics. Replaces the default list.',
          },
        },
      },
    ],
    defaultOptions: [
      {
        allowVoid: true,
        reportFireAndForget: false,
        autofix: true,
        memberWrites: true,
        stateChangeMethods: [...DEFAULT_STATE_CHANGE_METHODS],
        persistenceTypes: [...DEFAULT_PERSISTENCE_TYPES],
        ignoredReceivers: [...DEFAULT_IGNORED_RECEIVERS],
      },
    ],
  },
  create(context, [options]) {
    const { sourceCode } = context;
    const types = getTypeServices(context);
    if (!mayContainClientOrWrapperCalls(sourceCode, types)) return {};
    const findStateChange = createStateChangeFinder(
      {
        memberWrites: options.memberWrites ?? true,
        stateChangeMethods: options.stateChangeMethods ?? DEFAULT_STATE_CHANGE_METHODS,
        persistenceTypes: options.persistenceTypes ?? DEFAULT_PERSISTENCE_TYPES,
        ignoredReceivers: options.ignoredReceivers ?? DEFAULT_IGNORED_RECEIVERS,
      },
      types,
      sourceCode,
    );

    /**
     * The `lastValueFrom(...)` rewrite of `target` (with `prefix`), or nothing when it would not type-check;
     * `safe` when it may be an automatic fix.
     */
    function buildAwaitFix(
      observable: TSESTree.Expression,
      target: TSESTree.Node,
      prefix: '' | 'await ',
    ): { fix: TSESLint.ReportFixFunction; safe: boolean } | undefined {
      if (!canConvert(observable, types)) return undefined;
      const conversion = getLastValueFromFix(sourceCode, target, prefix);
      return { fix: conversion.fix, safe: !conversion.renamed && options.autofix !== false };
    }

    function reportUnhandled(call: CallCandidate, observable: TSESTree.Expression, wrapTarget: TSESTree.Node | undefined): void {
      // The state change is the most telling consequence. Else, in a `try` with a `catch`, the code says failures
      // are handled: reported even with nothing after it.
      const stateChange = findStateChange(call.node);
      const tryStatement = stateChange || call.usage.kind === 'voided' ? undefined : getEnclosingTryWithCatch(call.node);
      if (!tryStatement && !stateChange && !options.reportFireAndForget) return;
      const suggest: TSESLint.SuggestionReportDescriptor<MessageId>[] = [];
      let fix: TSESLint.ReportFixFunction | undefined;
      if (wrapTarget) {
        const awaitFix = buildAwaitFix(observable, wrapTarget, 'await ');
        if (awaitFix && isAsyncContext(call.node)) {
          if (awaitFix.safe) fix = awaitFix.fix;
          else suggest.push({ messageId: 'suggestAwait', fix: awaitFix.fix });
        } else if (awaitFix) {
          const makeAsync = getMakeAsyncFix(getEnclosingFunction(call.node), sourceCode);
          if (makeAsync) {
            suggest.push({ messageId: 'suggestAsyncAwait', fix: (fixer) => [...makeAsync(fixer), ...(awaitFix.fix(fixer) as TSESLint.RuleFix[])] });
          }
        }
        if (options.allowVoid !== false && call.usage.kind === 'discarded') {
          suggest.push({ messageId: 'suggestVoid', fix: (fixer) => fixer.insertTextBefore(wrapTarget, 'void ') });
        }
      }
      const voided = call.usage.kind === 'voided';
      context.report({
        node: call.node,
        ...(tryStatement
          ? { messageId: 'unawaitedInTry', data: { call: call.description, line: tryStatement.handler.loc.start.line } }
          : stateChange
          ? {
              messageId: voided ? 'voidedBeforeStateChange' : 'unawaitedBeforeStateChange',
              data: { call: call.description, stateChange: stateChange.text, line: stateChange.node.loc.start.line },
            }
          : { messageId: voided ? 'voided' : 'unawaited', data: { call: call.description } }),
        fix,
        suggest,
      });
    }

    /** Usages this rule may report: only their calls get the type question (handled ones, and `void` with `allowVoid`, never do). */
    const mayReport = (usage: ObservableUsage): boolean =>
      usage.kind !== 'handled' && (usage.kind !== 'voided' || options.allowVoid === false);

    return {
      CallExpression(node) {
        const call = getCallCandidate(node, 'emit', types, sourceCode, WITH_WRAPPERS);
        if (!call || !mayReport(call.usage) || !isClientCall(call, types, WITH_WRAPPERS)) return;
        const { usage } = call;
        switch (usage.kind) {
          case 'handled':
            return;
          case 'awaited':
          case 'promiseCombinator': {
            // Already inside an `await` (or a Promise combinator): converting adds the wait that was meant.
            const awaitFix = buildAwaitFix(usage.expression, usage.expression, '');
            context.report({
              node,
              ...(usage.kind === 'awaited'
                ? { messageId: 'awaitedObservable', data: { call: call.description } }
                : { messageId: 'promiseCombinator', data: { call: call.description, combinator: `${sourceCode.getText(usage.combinator.callee)}()` } }),
              fix: awaitFix?.safe ? awaitFix.fix : undefined,
              suggest: awaitFix && !awaitFix.safe ? [{ messageId: 'suggestAwait', fix: awaitFix.fix }] : [],
            });
            return;
          }
          case 'subscribedLate':
            context.report({
              node,
              messageId: 'subscribedLate',
              data: { call: call.description, line: usage.awaitNode.loc.start.line },
            });
            return;
          case 'subscribedWithoutErrorHandler':
            context.report({ node, ...describeUnhandledSubscription(call) });
            return;
          case 'voided':
            if (options.allowVoid !== false) return;
            reportUnhandled(call, usage.expression, undefined);
            return;
          case 'discarded':
            reportUnhandled(call, usage.expression, usage.statement ? usage.expression : undefined);
            return;
          case 'unused':
            reportUnhandled(call, node, undefined);
            return;
        }
      },
    };
  },
});
