import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';

import { getEnclosingFunction, getMemberName } from '../utils/ast';
import { createRule } from '../utils/create-rule';
import { getNamedImport } from '../utils/fixers';
import { getHandlerKind, getImportSource, hasDecoratorNamed, hasOwnDecorator, isRxjsThrowError } from '../utils/handlers';
import type { HandlerKind, PackageTypeSpecifier } from '../type-engine';
import { getTypeServices } from '../type-engine';

export type Options = [];

export type MessageId = 'eventHandler' | 'messageHandler' | 'suggestRpcException' | 'validationPipe';

const COMMON = '@nestjs/common';
const MICROSERVICES = '@nestjs/microservices';
const HTTP_EXCEPTION: readonly PackageTypeSpecifier[] = [{ name: 'HttpException', package: COMMON }];
const VALIDATION_PIPE: PackageTypeSpecifier = { name: 'ValidationPipe', package: COMMON };
const USE_PIPES: PackageTypeSpecifier = { name: 'UsePipes', package: COMMON };
const PAYLOAD: PackageTypeSpecifier = { name: 'Payload', package: MICROSERVICES };
/** What `NestFactory.createMicroservice()` and `app.connectMicroservice()` return: their global pipes run for every handler. */
const MICROSERVICE_APPS: readonly PackageTypeSpecifier[] = [
  { name: 'INestMicroservice', package: COMMON },
  { name: 'NestMicroservice', package: MICROSERVICES },
];

/** Text every file with a handler that throws contains: a handler decorator (`…Pattern`) and `throw`/`throwError`. */
function mayThrowInHandler(text: string): boolean {
  return text.includes('Pattern') && text.includes('throw');
}

/** The name a property is written with (`exceptionFactory`, `'exceptionFactory'`), `undefined` when computed. */
function getKeyName(property: TSESTree.Property): string | undefined {
  if (property.computed) return undefined;
  if (property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
  return typeof property.key.value === 'string' ? property.key.value : undefined;
}

/**
 * Whether `new ValidationPipe(options)`'s options are known to leave `exceptionFactory` unset: none, or an object
 * literal without that key and without a spread. Anything else (a variable, a call) may set it.
 */
function lacksExceptionFactory(options: TSESTree.CallExpressionArgument | undefined): boolean {
  if (!options) return true;
  if (options.type !== AST_NODE_TYPES.ObjectExpression) return false;
  return options.properties.every((property) => property.type === AST_NODE_TYPES.Property && getKeyName(property) !== undefined && getKeyName(property) !== 'exceptionFactory');
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
        'Disallow an `HttpException` in a `@MessagePattern`/`@EventPattern` handler (thrown, or from a `ValidationPipe`), where Nest turns it into "Internal server error"',
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
      validationPipe:
        "This ValidationPipe has no `exceptionFactory` and runs for message handlers: an invalid payload throws BadRequestException, which callers get as 'Internal server error'; Kafka retries an event without end.",
    },
    schema: [],
  },
  create(context) {
    const { sourceCode } = context;
    // First: without type information, this throws the error that says how to enable it, whatever the file holds.
    const types = getTypeServices(context);
    const checkThrows = mayThrowInHandler(sourceCode.text);
    // A ValidationPipe is named in the file, by its import at least.
    const checkPipes = sourceCode.text.includes('ValidationPipe');
    if (!checkThrows && !checkPipes) return {};
    /** Per handler method: its kind when it is a handler the rule checks, `null` otherwise. */
    const checkedKinds = new WeakMap<TSESTree.MethodDefinition, HandlerKind | null>();

    /** The kind of the handler method `fn` is the body of, when nothing maps its exceptions; else `undefined`. */
    const getCheckedKind = (fn: TSESTree.Node | undefined): HandlerKind | undefined => {
      const method = fn?.parent;
      if (fn?.type !== AST_NODE_TYPES.FunctionExpression || method?.type !== AST_NODE_TYPES.MethodDefinition || method.value !== fn) return undefined;
      return getMethodKind(method);
    };

    /** The kind of a handler method whose exceptions nothing maps; `undefined` for any other method. */
    const getMethodKind = (method: TSESTree.MethodDefinition): HandlerKind | undefined => {
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

    /**
     * A `ValidationPipe` of `@nestjs/common` (by declaration) that throws HttpExceptions: the class itself (Nest
     * makes it without options), or `new ValidationPipe(options)` whose options leave `exceptionFactory` unset. Its
     * default factory throws `BadRequestException` (`pipes/validation.pipe.js` `createExceptionFactory()`).
     */
    const isHttpValidationPipe = (pipe: TSESTree.Node): boolean => {
      if (pipe.type === AST_NODE_TYPES.Identifier || pipe.type === AST_NODE_TYPES.MemberExpression) return types.refersTo(pipe, VALIDATION_PIPE);
      return pipe.type === AST_NODE_TYPES.NewExpression && lacksExceptionFactory(pipe.arguments[0]) && types.refersTo(pipe.callee, VALIDATION_PIPE);
    };

    const mayBePipe = (node: TSESTree.Node): boolean =>
      node.type === AST_NODE_TYPES.NewExpression || node.type === AST_NODE_TYPES.Identifier || node.type === AST_NODE_TYPES.MemberExpression;

    const reportPipes = (pipes: readonly TSESTree.Node[]): void => {
      for (const pipe of pipes) if (isHttpValidationPipe(pipe)) context.report({ node: pipe, messageId: 'validationPipe' });
    };

    /** The pipes a decorator call passes when it is `specifier` (`@UsePipes(...)`, `@Payload(...)`), by declaration. */
    const getDecoratorPipes = (decorator: TSESTree.Decorator, specifier: PackageTypeSpecifier): TSESTree.Node[] => {
      const call = decorator.expression;
      if (call.type !== AST_NODE_TYPES.CallExpression) return [];
      const pipes = call.arguments.filter(mayBePipe);
      return pipes.length > 0 && types.refersTo(call.callee, specifier) ? pipes : [];
    };

    /** `@UsePipes(...)` on a handler or its class, `@Payload(pipe)` on a handler's parameter. */
    const checkPipesOf = (classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression): void => {
      const handlers = classNode.body.body.filter(
        (member): member is TSESTree.MethodDefinition => member.type === AST_NODE_TYPES.MethodDefinition && getMethodKind(member) !== undefined,
      );
      // An HTTP-only controller: its pipes never see a message.
      if (handlers.length === 0) return;
      for (const decorator of classNode.decorators) reportPipes(getDecoratorPipes(decorator, USE_PIPES));
      for (const handler of handlers) {
        for (const decorator of handler.decorators) reportPipes(getDecoratorPipes(decorator, USE_PIPES));
        for (const parameter of handler.value.params) {
          for (const decorator of parameter.decorators) reportPipes(getDecoratorPipes(decorator, PAYLOAD));
        }
      }
    };

    const throwListeners: TSESLint.RuleListener = {
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
    const pipeListeners: TSESLint.RuleListener = {
      ClassDeclaration: checkPipesOf,
      ClassExpression: checkPipesOf,
      /** `app.useGlobalPipes(new ValidationPipe())` on a microservice (`createMicroservice`, `connectMicroservice`). */
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== AST_NODE_TYPES.MemberExpression || getMemberName(callee) !== 'useGlobalPipes') return;
        const pipes = node.arguments.filter(mayBePipe);
        if (pipes.length === 0 || types.getProgramIndex().hasGlobalExceptionFilter || !types.isTypeOf(callee.object, MICROSERVICE_APPS)) return;
        reportPipes(pipes);
      },
    };
    return { ...(checkThrows ? throwListeners : {}), ...(checkPipes ? pipeListeners : {}) };
  },
});
