import * as path from 'node:path';

import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';

import { findVariable } from '../base/estree';

import { createRule } from '../utils/create-rule';
import type { PackageTypeSpecifier, ServerConfiguration } from '../type-engine';
import { getTypeServices } from '../type-engine';

export type Options = [];

export type MessageId = 'neverAcked' | 'noContext';

const RMQ_CONTEXT: readonly PackageTypeSpecifier[] = [{ name: 'RmqContext', package: '@nestjs/microservices' }];
const CTX: PackageTypeSpecifier = { name: 'Ctx', package: '@nestjs/microservices' };
const CONTROLLER: PackageTypeSpecifier = { name: 'Controller', package: '@nestjs/common' };
/** The channel methods that settle a message. */
const SETTLING_METHODS = new Set(['ack', 'nack', 'reject', 'ackAll', 'nackAll']);
/** `RmqContext` methods that neither settle the message nor hand the context on. */
const CONTEXT_READS = new Set(['getMessage', 'getPattern', 'getArgs', 'getArgByIndex']);

function decoratorName(decorator: TSESTree.Decorator): string | undefined {
  const callee = decorator.expression.type === AST_NODE_TYPES.CallExpression ? decorator.expression.callee : decorator.expression;
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  if (callee.type === AST_NODE_TYPES.MemberExpression && callee.property.type === AST_NODE_TYPES.Identifier) return callee.property.name;
  return undefined;
}

function calleeOf(decorator: TSESTree.Decorator): TSESTree.Node {
  return decorator.expression.type === AST_NODE_TYPES.CallExpression ? decorator.expression.callee : decorator.expression;
}

/**
 * What unacknowledged messages do under the servers' `prefetchCount` (NestJS's default, 0, is no limit in
 * RabbitMQ): the end of the message.
 */
function describeEffect(servers: readonly ServerConfiguration[]): string {
  const counts = new Set(servers.map((server) => server.prefetchCount));
  const [count] = counts;
  if (counts.size !== 1 || count === undefined) {
    return ': the consumer stalls at `prefetchCount` unacked messages (unless it is 0), and they are redelivered on reconnect.';
  }
  if (count === 0) return ' with no `prefetchCount` limit (0, the default): every message stays unacked and is redelivered on each reconnect.';
  if (count === 1) return ' with `prefetchCount: 1`: the consumer stalls at the first unacked message, which is redelivered on reconnect.';
  return ` with \`prefetchCount: ${String(count)}\`: the consumer stalls at ${String(count)} unacked messages, which are redelivered on reconnect.`;
}

function describeServers(servers: readonly ServerConfiguration[]): string {
  const first = servers[0];
  if (!first) return '';
  const more = servers.length > 1 ? ` and ${String(servers.length - 1)} more` : '';
  return `${path.basename(first.fileName)}:${String(first.line)}${more}`;
}

export default createRule<Options, MessageId>({
  name: 'require-rmq-ack',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require RMQ handlers to acknowledge their message when every RMQ server of the program uses `noAck: false`',
      recommended: 'recommended',
      requiresTypeChecking: true,
    },
    messages: {
      neverAcked: 'This RMQ handler never acks its message, and the server ({{server}}) uses `noAck: false`{{effect}}',
      noContext: 'This RMQ handler has no `RmqContext` to ack with, and the server ({{server}}) uses `noAck: false`{{effect}}',
    },
    schema: [],
  },
  create(context) {
    const { sourceCode } = context;
    const { text } = sourceCode;
    const types = getTypeServices(context);
    if (!text.includes('EventPattern') && !text.includes('MessagePattern')) return {};
    const { servers, globalInterceptors } = types.getProgramIndex().transportServers;
    // A global interceptor may acknowledge for every handler; a server of unknown transport may be an RMQ server
    // that acknowledges automatically.
    if (globalInterceptors || servers.some((server) => server.transport === undefined)) return {};
    const rmqServers = servers.filter((server) => server.transport === 'RMQ');
    if (rmqServers.length === 0 || !rmqServers.every((server) => server.noAck === false)) return {};
    const onlyRmq = rmqServers.length === servers.length;
    const server = describeServers(rmqServers);
    const effect = describeEffect(rmqServers);

    /** Whether a use of the channel (`context.getChannelRef()` or a variable holding it) settles or hands it on. */
    function settlesChannel(expression: TSESTree.Node): boolean {
      const parent = expression.parent;
      if (!parent) return true;
      if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === expression) {
        if (parent.computed || parent.property.type !== AST_NODE_TYPES.Identifier) return true;
        return SETTLING_METHODS.has(parent.property.name);
      }
      if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === expression && parent.id.type === AST_NODE_TYPES.Identifier) {
        return sourceCode.getDeclaredVariables(parent).some((variable) =>
          variable.references.some((reference) => !reference.init && settlesChannel(reference.identifier)),
        );
      }
      if (parent.type === AST_NODE_TYPES.ExpressionStatement) return false;
      // Passed to a function, returned, stored: someone else may settle it.
      return true;
    }

    /** Whether a use of the context settles the message, or hands the context (or its channel) on. */
    function settlesContext(identifier: TSESTree.Node): boolean {
      const parent = identifier.parent;
      if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== identifier) return true;
      if (parent.computed || parent.property.type !== AST_NODE_TYPES.Identifier) return true;
      const call = parent.parent;
      const called = call.type === AST_NODE_TYPES.CallExpression && call.callee === parent;
      if (parent.property.name === 'getChannelRef' && called) return settlesChannel(call);
      return !(CONTEXT_READS.has(parent.property.name) && called);
    }

    function checkHandler(method: TSESTree.MethodDefinition): void {
      const classNode = method.parent.parent;
      if (!method.value.body) return;
      // Interceptors may acknowledge for the handler.
      if ([...method.decorators, ...classNode.decorators].some((decorator) => decoratorName(decorator) === 'UseInterceptors')) return;
      let boundToRmq = false;
      const otherDecorators: TSESTree.Decorator[] = [];
      for (const decorator of method.decorators) {
        const handler = types.getHandlerDecorator(decorator);
        if (!handler) {
          otherDecorators.push(decorator);
          continue;
        }
        if (handler.transport === undefined) return;
        if (handler.transport === 'RMQ' || (handler.transport === null && onlyRmq)) boundToRmq = true;
      }
      if (!boundToRmq) return;
      // Handlers outside controllers are never bound (no-handler-outside-controller).
      if (!classNode.decorators.some((decorator) => types.refersTo(calleeOf(decorator), CONTROLLER))) return;
      const contexts: TSESTree.Identifier[] = [];
      for (const [index, parameter] of method.value.params.entries()) {
        // Without parameter decorators Nest passes (data, context): an undecorated later parameter may be the context.
        if (parameter.type !== AST_NODE_TYPES.Identifier) return;
        // By its annotation (a decorated parameter's own range differs between parsers); unannotated is `any`.
        const annotation = parameter.typeAnnotation?.typeAnnotation;
        const isRmqContext = annotation !== undefined && types.isTypeOf(annotation, RMQ_CONTEXT);
        const hasCtx = parameter.decorators.some((decorator) => types.refersTo(calleeOf(decorator), CTX));
        if (isRmqContext) contexts.push(parameter);
        else if (hasCtx || (index > 0 && parameter.decorators.length === 0)) return; // an `@Ctx()` not typed `RmqContext`, or destructured: not known
      }
      // A method decorator that may replace the handler (`descriptor.value = ...`) may acknowledge for it: the
      // context reaches it through the call's arguments. Asked last, for a handler that would be reported.
      const mayBeReplaced = (): boolean => otherDecorators.some((decorator) => types.mayReplaceMethod(decorator));
      const key = method.key;
      if (contexts.length === 0) {
        if (mayBeReplaced()) return;
        context.report({ node: key, messageId: 'noContext', data: { server, effect } });
        return;
      }
      const scope = sourceCode.getScope(method.value);
      const settled = contexts.some((parameter) =>
        (findVariable(scope, parameter)?.references ?? []).some((reference) => settlesContext(reference.identifier)),
      );
      if (!settled && !mayBeReplaced()) context.report({ node: key, messageId: 'neverAcked', data: { server, effect } });
    }

    return {
      MethodDefinition(node) {
        if (node.decorators.length > 0) checkHandler(node);
      },
    };
  },
});
