import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';

import { getEnclosingFunction } from '../utils/ast';
import { createRule } from '../utils/create-rule';
import { getNamedImport } from '../utils/fixers';
import { getHandlerKind, getImportSource, hasDecoratorNamed, hasOwnDecorator, isRxjsThrowError } from '../utils/handlers';
import type { HandlerKind, PackageTypeSpecifier } from '../type-engine';
import { getTypeServices } from '../type-engine';

export type Options = [];

export type MessageId = 'eventHandler' | 'messageHandler' | 'suggestRpcException';

const HTTP_EXCEPTION: readonly PackageTypeSpecifier[] = [{ name: 'HttpException', package: '@nestjs/common' }];
const MICROSERVICES = '@nestjs/microservices';

/** Text every file with a handler that throws contains: a handler decorator (`…Pattern`) and `throw`/`throwError`. */
function mayThrowInHandler(text: string): boolean {
  return text.includes('Pattern') && text.includes('throw');
}

/** Whether `node` sits in the `try` block of a `try` with a `catch` clause, below `root`: the catch sees it first. */
function isCaughtBelow(node: TSESTree.Node, root: TSESTree.Node): boolean {
  for (let child = node, parent = node.parent; parent && parent !== root; child = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.block === child && parent.handler) return true;
  }
  return false;
}

/** The error value a `return throwError(() => error)` (or the deprecated `throwError(error)`) produces, syntactically. */
function getThrowErrorValue(argument: TSESTree.CallExpressionArgument | undefined): TSESTree.Node | undefined {
  if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return undefined;
  if (argument.type === AST_NODE_TYPES.ArrowFunctionExpression || argument.type === AST_NODE_TYPES.FunctionExpression) {
    if (argument.body.type !== AST_NODE_TYPES.BlockStatement) return argument.body;
    const [only] = argument.body.body;
    return argument.body.body.length === 1 && only?.type === AST_NODE_TYPES.ReturnStatement ? (only.argument ?? undefined) : undefined;
  }
  return argument;
}

export default createRule<Options, MessageId>({
  name: 'no-http-exception-in-message-handler',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow throwing an `HttpException` in a `@MessagePattern`/`@EventPattern` handler, where Nest turns it into "Internal server error"',
      recommended: 'recommended',
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    messages: {
      messageHandler:
        "`{{exception}}` in a `@MessagePattern` handler reaches the caller as 'Internal server error': Nest's RPC filter drops the status and message of all but an RpcException (11+: unlogged).",
      eventHandler:
        "`{{exception}}` in an `@EventPattern` handler reaches no one: an event has no caller, and Nest's RPC filter makes it 'Internal server error' and drops it (11+: not even logged).",
      suggestRpcException: 'Throw `new RpcException({{argument}})`: a caller receives `{ status: "error", message }`.',
    },
    schema: [],
  },
  create(context) {
    const { sourceCode } = context;
    // First: without type information, this throws the error that says how to enable it, whatever the file holds.
    const types = getTypeServices(context);
    if (!mayThrowInHandler(sourceCode.text)) return {};
    /** Per handler method: its kind when it is a handler the rule checks, `null` otherwise. */
    const checkedKinds = new WeakMap<TSESTree.MethodDefinition, HandlerKind | null>();

    /** The kind of the handler method `fn` is the body of, when nothing maps its exceptions; else `undefined`. */
    const getCheckedKind = (fn: TSESTree.Node | undefined): HandlerKind | undefined => {
      const method = fn?.parent;
      if (fn?.type !== AST_NODE_TYPES.FunctionExpression || method?.type !== AST_NODE_TYPES.MethodDefinition || method.value !== fn) return undefined;
      let kind = checkedKinds.get(method);
      if (kind === undefined) {
        const owner = method.parent.parent;
        kind = null;
        // Syntactic reasons to stay silent first: a filter on the method or its class (by name: a lookalike can only
        // silence the rule); a decorator of the user's own there, which may apply one (`applyDecorators`); or a base
        // class, whose `@UseFilters` the subclass inherits. The rule cannot see into either.
        const decorators = [...method.decorators, ...owner.decorators];
        const skipped =
          method.decorators.length === 0 ||
          owner.superClass !== null ||
          hasDecoratorNamed(decorators, 'UseFilters') ||
          hasOwnDecorator(sourceCode, decorators);
        if (!skipped && !types.getProgramIndex().hasGlobalExceptionFilter) kind = getHandlerKind(method, types) ?? null;
        checkedKinds.set(method, kind);
      }
      return kind ?? undefined;
    };

    /**
     * `new X(...)` of a class `@nestjs/microservices` exports (`RpcException`, `KafkaRetriableException`), by its
     * import: none of them derives from `HttpException`, and the type question is the rule's costliest.
     */
    const isNeverHttpException = (error: TSESTree.Node): boolean =>
      error.type === AST_NODE_TYPES.NewExpression &&
      error.callee.type === AST_NODE_TYPES.Identifier &&
      getImportSource(sourceCode, error.callee) === MICROSERVICES;

    const check = (statement: TSESTree.Node, error: TSESTree.Node): void => {
      const fn = getEnclosingFunction(statement);
      if (!fn || isCaughtBelow(statement, fn)) return;
      const kind = getCheckedKind(fn);
      if (!kind || isNeverHttpException(error) || !types.isTypeOf(error, HTTP_EXCEPTION)) return;
      // At most about 44 characters, so that the message stays within about 200.
      const written =
        error.type === AST_NODE_TYPES.NewExpression && error.callee.type === AST_NODE_TYPES.Identifier
          ? `throw new ${error.callee.name}(…)`
          : `throw ${sourceCode.getText(error)}`;
      const exception = written.length <= 44 ? written : 'throw <HttpException>';
      context.report({
        node: statement,
        messageId: kind === 'event' ? 'eventHandler' : 'messageHandler',
        data: { exception },
        suggest: getSuggestion(error),
      });
    };

    /**
     * `new RpcException(<message>)` for `new NotFoundException(<message>)` of a class `@nestjs/common` exports
     * (a user's subclass may take other arguments), when the message is a string, a template or an object literal
     * (what `RpcException` accepts, without asking for a type).
     */
    const getSuggestion = (error: TSESTree.Node): TSESLint.SuggestionReportDescriptor<MessageId>[] => {
      if (error.type !== AST_NODE_TYPES.NewExpression || error.callee.type !== AST_NODE_TYPES.Identifier) return [];
      if (getImportSource(sourceCode, error.callee) !== '@nestjs/common') return [];
      const [message] = error.arguments;
      const literal =
        message &&
        ((message.type === AST_NODE_TYPES.Literal && typeof message.value === 'string') ||
          message.type === AST_NODE_TYPES.TemplateLiteral ||
          message.type === AST_NODE_TYPES.ObjectExpression);
      if (!message || !literal) return [];
      const rpcException = getNamedImport(sourceCode, MICROSERVICES, 'RpcException', error);
      const argument = sourceCode.getText(message);
      return [
        {
          messageId: 'suggestRpcException',
          data: { argument: argument.length <= 40 ? argument : '…' },
          fix: (fixer) => [fixer.replaceText(error, `new ${rpcException.reference}(${argument})`), ...rpcException.fix(fixer)],
        },
      ];
    };

    return {
      ThrowStatement(node) {
        check(node, node.argument);
      },
      ReturnStatement(node) {
        const call = node.argument;
        if (call?.type !== AST_NODE_TYPES.CallExpression || !isRxjsThrowError(sourceCode, call)) return;
        const error = getThrowErrorValue(call.arguments[0]);
        if (error) check(node, error);
      },
    };
  },
});
