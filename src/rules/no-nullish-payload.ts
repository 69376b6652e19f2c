import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';

import { findVariable } from '../base/estree';

import { getClientMethodName } from '../utils/ast';
import type { CallCandidate } from '../utils/client-calls';
import { getCallCandidate, isClientCall } from '../utils/client-calls';
import { createRule } from '../utils/create-rule';
import { getTypeServices } from '../type-engine';
import { mayContainClientCalls } from '../utils/text-filter';

export type Options = [];

export type MessageId = 'missingPayload' | 'nullishPayload' | 'possiblyNullishPayload' | 'suggestEmptyObject' | 'suggestGuard';

/** `null`, `undefined` (the global) or `void <expression>`: a payload NestJS refuses whatever the types say. */
function isNullishLiteral(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.Literal) return node.raw === 'null';
  if (node.type === AST_NODE_TYPES.UnaryExpression) return node.operator === 'void';
  if (node.type !== AST_NODE_TYPES.Identifier || node.name !== 'undefined') return false;
  const variable = findVariable(sourceCode.getScope(node), node);
  return !variable || variable.defs.length === 0;
}

const NEVER_NIL = new Set<string>([
  AST_NODE_TYPES.ArrayExpression,
  AST_NODE_TYPES.ArrowFunctionExpression,
  AST_NODE_TYPES.ClassExpression,
  AST_NODE_TYPES.FunctionExpression,
  AST_NODE_TYPES.Literal,
  AST_NODE_TYPES.NewExpression,
  AST_NODE_TYPES.ObjectExpression,
  AST_NODE_TYPES.TemplateLiteral,
]);

/** Data written as a value that is never `null` or `undefined` (`null` itself is handled before). */
function isNeverNil(node: TSESTree.Node): boolean {
  return NEVER_NIL.has(node.type);
}

/** `order`, `this.order`, `event.payload.order`: a reference TypeScript narrows after `!= null`. */
function isGuardable(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name !== 'undefined';
  if (node.type !== AST_NODE_TYPES.MemberExpression || node.computed || node.optional) return false;
  return node.object.type === AST_NODE_TYPES.ThisExpression || isGuardable(node.object);
}

/** Where a statement can get an `if` in front of it without changing what an `else` binds to. */
function isInStatementList(statement: TSESTree.Node): boolean {
  const parent = statement.parent;
  return parent?.type === AST_NODE_TYPES.BlockStatement || parent?.type === AST_NODE_TYPES.Program || parent?.type === AST_NODE_TYPES.SwitchCase;
}

/** Code quoted in a message, at most 30 characters: messages stay within about 200. */
function shorten(text: string): string {
  return text.length <= 30 ? text : `${text.slice(0, 27)}...`;
}

export default createRule<Options, MessageId>({
  name: 'no-nullish-payload',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow `emit()`/`send()` with a missing, `null` or `undefined` payload, which NestJS refuses without sending anything',
      recommended: 'recommended',
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    messages: {
      missingPayload:
        '`{{call}}` has no data: NestJS sends nothing for undefined data, and returns an Observable failing with InvalidMessageException instead. Pass the payload, or `{}`.',
      nullishPayload:
        '`{{call}}` passes `{{data}}` as data: NestJS sends nothing for null or undefined data, and returns an Observable failing with InvalidMessageException instead.',
      possiblyNullishPayload:
        '`{{call}}` sends nothing if `{{data}}` is null or undefined, as its type allows: NestJS returns an Observable failing with InvalidMessageException. Check it first.',
      suggestGuard: 'Call `{{method}}` only when `{{data}}` is neither null nor undefined.',
      suggestEmptyObject: 'Send `{}`: an empty payload is sent.',
    },
    schema: [],
  },
  create(context) {
    const { sourceCode } = context;
    const types = getTypeServices(context);
    if (!mayContainClientCalls(sourceCode)) return {};

    return {
      CallExpression(node) {
        const method = getClientMethodName(node);
        if (method === undefined) return;
        const args = node.arguments;
        if (args.length === 0 || args.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return;
        const data = args[1];
        // `{}` where the types let it stand: not for `emitBatch` (`{ messages }`), nor with explicit type arguments.
        const emptyObject = method !== 'emitBatch' && !node.typeArguments;
        // The client check is the candidate's, shared with the other client-call rules: asked at most once per call.
        const getCandidate = (): CallCandidate | undefined => getCallCandidate(node, method === 'send' ? 'send' : 'emit', types, sourceCode);
        const isClient = (): boolean => {
          const candidate = getCandidate();
          return candidate !== undefined && isClientCall(candidate, types);
        };
        const describe = (): string => {
          const description = getCandidate()?.description;
          return description !== undefined && description.length <= 40 ? description : `${method}(...)`;
        };

        if (!data || isNullishLiteral(sourceCode, data)) {
          if (!isClient()) return;
          const first = args[0];
          context.report({
            node,
            messageId: data ? 'nullishPayload' : 'missingPayload',
            data: { call: describe(), data: data ? shorten(sourceCode.getText(data)) : '' },
            suggest: !emptyObject
              ? []
              : [
                  {
                    messageId: 'suggestEmptyObject',
                    fix: (fixer) => (data ? fixer.replaceText(data, '{}') : fixer.insertTextAfter(first as TSESTree.Node, ', {}')),
                  },
                ],
          });
          return;
        }

        // A type that admits null or undefined: only with strictNullChecks do types say so. Data written as a value
        // that cannot be nil (a literal, an object, `new X()`, a function) needs no question.
        if (isNeverNil(data)) return;
        // The client check last: in code whose payloads are never nil, no other question is asked of the call.
        if (!types.hasStrictNullChecks() || !types.isPossiblyNullish(data) || !isClient()) return;
        const statement = node.parent;
        const guardable = statement.type === AST_NODE_TYPES.ExpressionStatement && statement.expression === node && isInStatementList(statement) && isGuardable(data);
        const dataText = sourceCode.getText(data);
        context.report({
          node: data,
          messageId: 'possiblyNullishPayload',
          data: { call: describe(), data: shorten(dataText) },
          suggest: guardable
            ? [
                {
                  messageId: 'suggestGuard',
                  data: { method, data: shorten(dataText) },
                  fix: (fixer) => fixer.insertTextBefore(statement, `if (${dataText} != null) `),
                },
              ]
            : [],
        });
      },
    };
  },
});
