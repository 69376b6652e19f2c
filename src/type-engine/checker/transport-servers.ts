/**
 * The program index's server facts: each file's `NestFactory.createMicroservice(M, {...})` and
 * `app.connectMicroservice({...})` configurations (transport, `noAck`, `prefetchCount`, `queue`), read by {@link TransportOptionsReader},
 * and whether the file registers global interceptors.
 */
import type ts from 'typescript';

import { tsApi } from '../classic-typescript';
import type { ServerConfiguration } from '../type-services';
import type { PatternScope } from './pattern-scopes';
import { TransportOptionsReader } from './transport-options';
import { containsOffset, offsetsOf } from './ts-syntax';

const SERVER_METHODS = ['createMicroservice', 'connectMicroservice'];
const GLOBAL_INTERCEPTORS = ['useGlobalInterceptors', 'APP_INTERCEPTOR'];

const HANDLER_DECORATORS = ['EventPattern', 'MessagePattern'];

export interface FileServerFacts {
  readonly servers: readonly ServerConfiguration[];
  readonly globalInterceptors: boolean;
  /** Whether a handler decorator of the file passes a `queue` of its own (`@EventPattern('x', { queue })`). */
  readonly handlerQueues: boolean;
}

export const NO_SERVER_FACTS: FileServerFacts = { servers: [], globalInterceptors: false, handlerQueues: false };

function mayHaveHandlerQueues(text: string): boolean {
  return text.includes('queue') && HANDLER_DECORATORS.some((name) => text.includes(name));
}

/** Whether a file's text may hold server facts (most files do not). */
export function mayHoldServerFacts(text: string): boolean {
  return SERVER_METHODS.some((name) => text.includes(name)) || GLOBAL_INTERCEPTORS.some((name) => text.includes(name)) || mayHaveHandlerQueues(text);
}

/** Whether a handler decorator (by name: a lookalike can only make rules report less) may pass its own `queue`. */
function hasQueueExtra(decorator: ts.Decorator): boolean {
  const call = decorator.expression;
  if (!tsApi.isCallExpression(call)) return false;
  const callee = tsApi.isPropertyAccessExpression(call.expression) ? call.expression.name : call.expression;
  if (!tsApi.isIdentifier(callee) || !HANDLER_DECORATORS.includes(callee.text)) return false;
  // After the pattern: an extras object literal with `queue`, or an extras constant (not read: it may set one).
  return call.arguments.slice(1).some((argument) =>
    tsApi.isObjectLiteralExpression(argument)
      ? argument.properties.some((property) => property.name !== undefined && tsApi.isIdentifier(property.name) && property.name.text === 'queue')
      : tsApi.isIdentifier(argument),
  );
}

/** The server facts of one file. Names are resolved through `scope`, which records what they depend on. */
export function readServerFacts(program: ts.Program, sourceFile: ts.SourceFile, scope: PatternScope): FileServerFacts {
  const { text } = sourceFile;
  // By name: a lookalike could only make the rules report less.
  const globalInterceptors = GLOBAL_INTERCEPTORS.some((name) => text.includes(name));
  const lookForQueues = mayHaveHandlerQueues(text);
  let handlerQueues = false as boolean;
  const hasServers = SERVER_METHODS.some((name) => text.includes(name));
  const reader = new TransportOptionsReader(program, scope, sourceFile);
  const servers: ServerConfiguration[] = [];
  // Only the parts of the tree that hold a decorator (`@`) or a server method's name are walked.
  const offsets = [...(lookForQueues ? offsetsOf(text, '@') : []), ...(hasServers ? SERVER_METHODS.flatMap((name) => offsetsOf(text, name)) : [])].sort((a, b) => a - b);
  const visit = (node: ts.Node): void => {
    if (!containsOffset(offsets, node.pos, node.end)) return;
    if (lookForQueues && !handlerQueues && tsApi.canHaveDecorators(node)) {
      handlerQueues = (tsApi.getDecorators(node) ?? []).some(hasQueueExtra);
    }
    if (hasServers && tsApi.isCallExpression(node) && tsApi.isPropertyAccessExpression(node.expression) && SERVER_METHODS.includes(node.expression.name.text)) {
      for (const configuration of reader.read(node)) {
        if (configuration.role !== 'server') continue;
        const { options } = configuration;
        const noAck = options === 'absent' ? undefined : options?.properties.get('noAck');
        const prefetchCount = options === 'absent' ? undefined : options?.properties.get('prefetchCount');
        const queue = options === 'absent' ? undefined : options?.properties.get('queue');
        const known = options === 'absent' || options?.complete === true;
        servers.push({
          transport: configuration.transport,
          // RMQ_DEFAULT_NOACK: true when unset.
          noAck: noAck ? (typeof noAck.value === 'boolean' ? noAck.value : undefined) : known ? true : undefined,
          // RMQ_DEFAULT_PREFETCH_COUNT: 0 when unset (or falsy: NestJS 10 reads it with `||`).
          prefetchCount: prefetchCount ? (typeof prefetchCount.value === 'number' ? prefetchCount.value : undefined) : known ? 0 : undefined,
          queue: queue ? true : known ? false : undefined,
          fileName: sourceFile.fileName,
          line: configuration.place.line,
        });
      }
    }
    tsApi.forEachChild(node, visit);
  };
  visit(sourceFile);
  return servers.length > 0 || globalInterceptors || handlerQueues ? { servers, globalInterceptors, handlerQueues } : NO_SERVER_FACTS;
}
