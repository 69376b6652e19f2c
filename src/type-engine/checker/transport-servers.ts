/**
 * The program index's server facts: each file's `NestFactory.createMicroservice(M, {...})` and
 * `app.connectMicroservice({...})` configurations (transport, `noAck`, `queue`), read by {@link TransportOptionsReader},
 * and whether the file registers global interceptors.
 */
import ts from 'typescript';

import type { ServerConfiguration } from '../type-services';
import type { PatternScope } from './pattern-scopes';
import { TransportOptionsReader } from './transport-options';

const SERVER_METHODS = ['createMicroservice', 'connectMicroservice'];
const GLOBAL_INTERCEPTORS = ['useGlobalInterceptors', 'APP_INTERCEPTOR'];

export interface FileServerFacts {
  readonly servers: readonly ServerConfiguration[];
  readonly globalInterceptors: boolean;
}

export const NO_SERVER_FACTS: FileServerFacts = { servers: [], globalInterceptors: false };

/** Whether a file's text may hold server facts (most files do not). */
export function mayHoldServerFacts(text: string): boolean {
  return SERVER_METHODS.some((name) => text.includes(name)) || GLOBAL_INTERCEPTORS.some((name) => text.includes(name));
}

/** The server facts of one file. Names are resolved through `scope`, which records what they depend on. */
export function readServerFacts(program: ts.Program, sourceFile: ts.SourceFile, scope: PatternScope): FileServerFacts {
  const { text } = sourceFile;
  // By name: a lookalike could only make the rules report less.
  const globalInterceptors = GLOBAL_INTERCEPTORS.some((name) => text.includes(name));
  if (!SERVER_METHODS.some((name) => text.includes(name))) return globalInterceptors ? { servers: [], globalInterceptors } : NO_SERVER_FACTS;
  const reader = new TransportOptionsReader(program, scope, sourceFile);
  const servers: ServerConfiguration[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && SERVER_METHODS.includes(node.expression.name.text)) {
      for (const configuration of reader.read(node)) {
        if (configuration.role !== 'server') continue;
        const { options } = configuration;
        const noAck = options === 'absent' ? undefined : options?.properties.get('noAck');
        const queue = options === 'absent' ? undefined : options?.properties.get('queue');
        const known = options === 'absent' || options?.complete === true;
        servers.push({
          transport: configuration.transport,
          // RMQ_DEFAULT_NOACK: true when unset.
          noAck: noAck ? (typeof noAck.value === 'boolean' ? noAck.value : undefined) : known ? true : undefined,
          queue: queue ? true : known ? false : undefined,
          fileName: sourceFile.fileName,
          line: configuration.place.line,
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return { servers, globalInterceptors };
}
