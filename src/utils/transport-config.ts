/** What the transport configuration rules share: the text filter, the call filter, the listeners, places in messages. */
import * as path from 'node:path';

import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';

import type { OptionPlace, TransportConfiguration, TypeServices } from '../type-engine';
import { getTypeServices } from '../type-engine';

/** Names every file that configures a transport mentions (the call or the decorator). */
const CONFIGURATION_TEXT = ['register', 'ClientProxyFactory', 'Client(', 'createMicroservice', 'connectMicroservice'];
const CONFIGURING_METHODS = new Set(['register', 'registerAsync', 'create', 'createMicroservice', 'connectMicroservice']);

const mayConfigureByAst = new WeakMap<TSESTree.Program, boolean>();

/** Whether the file's text could configure a client or a server at all (once per file for all rules). */
export function mayConfigureTransport(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  let answer = mayConfigureByAst.get(sourceCode.ast);
  if (answer === undefined) {
    const { text } = sourceCode;
    answer = CONFIGURATION_TEXT.some((part) => text.includes(part));
    mayConfigureByAst.set(sourceCode.ast, answer);
  }
  return answer;
}

/**
 * Whether a call could configure a transport, by its callee's name only (`ClientsModule.register(...)`,
 * `app.connectMicroservice(...)`, `@Client({...})`): the type services decide by declaration.
 */
export function isConfigurationCandidate(call: TSESTree.CallExpression): boolean {
  const { callee } = call;
  if (call.parent.type === AST_NODE_TYPES.Decorator) {
    return callee.type === AST_NODE_TYPES.Identifier && callee.name === 'Client' && call.arguments.length > 0;
  }
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    !callee.computed &&
    callee.property.type === AST_NODE_TYPES.Identifier &&
    CONFIGURING_METHODS.has(callee.property.name) &&
    call.arguments.length > 0
  );
}

/** Where a finding about a value goes. */
export interface ReportTarget {
  readonly loc: TSESTree.SourceLocation;
  /** Whether the value is written in the configuring call itself (then edits there change only this configuration). */
  readonly inCall: boolean;
  /** ` (set in rmq.config.ts:4)` for a value written outside the call (a constant); empty otherwise. */
  readonly where: string;
}

/**
 * Where to report a value of a configuring call, and (for a value set in a constant) where it is: `what` names it
 * (` (set in rmq.config.ts:4)`).
 */
export function reportTarget(sourceCode: Readonly<TSESLint.SourceCode>, place: OptionPlace, what = 'set in'): ReportTarget {
  return {
    loc: { start: sourceCode.getLocFromIndex(place.report[0]), end: sourceCode.getLocFromIndex(place.report[1]) },
    inCall: place.inCall,
    where: place.inCall ? '' : ` (${what} ${path.basename(place.fileName)}:${String(place.line)})`,
  };
}

/**
 * The listeners of a transport configuration rule: the file's text filter, the call's name filter, then the type
 * services' reading of the call; `visit` gets each configuration of `role` on `transport` it makes.
 */
export function createConfigurationListeners(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  role: TransportConfiguration['role'],
  transport: string,
  visit: (configuration: TransportConfiguration, call: TSESTree.CallExpression, types: TypeServices) => void,
): TSESLint.RuleListener {
  const types = getTypeServices(context);
  if (!mayConfigureTransport(context.sourceCode)) return {};
  return {
    CallExpression(node) {
      if (!isConfigurationCandidate(node)) return;
      for (const configuration of types.getTransportConfigurations(node)) {
        if (configuration.role === role && configuration.transport === transport) visit(configuration, node, types);
      }
    },
  };
}
