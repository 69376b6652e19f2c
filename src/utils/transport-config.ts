/** What the transport configuration rules share: the text filter, the call filter, places in messages, edits. */
import * as path from 'node:path';

import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';

import type { OptionPlace } from '../type-engine';

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

/** The node inside `root` with exactly this range, if any (a walk down the one branch that contains it). */
export function nodeAtRange(root: TSESTree.Node, range: readonly [number, number]): TSESTree.Node | undefined {
  let node: TSESTree.Node | undefined = root;
  while (node) {
    if (node.range[0] === range[0] && node.range[1] === range[1]) return node;
    let next: TSESTree.Node | undefined;
    for (const [key, value] of Object.entries(node) as [string, unknown][]) {
      if (key === 'parent') continue;
      for (const child of Array.isArray(value) ? (value as unknown[]) : [value]) {
        if (isNode(child) && child.range[0] <= range[0] && child.range[1] >= range[1]) next = child;
      }
      if (next) break;
    }
    node = next;
  }
  return undefined;
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && 'type' in value && 'range' in value;
}

/** Removes a property from its object literal with its comma, keeping the lines around it as they were. */
export function removeProperty(sourceCode: Readonly<TSESLint.SourceCode>, property: TSESTree.Node): (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix {
  return (fixer) => {
    const after = sourceCode.getTokenAfter(property);
    const before = sourceCode.getTokenBefore(property);
    if (after && ASTUtils.isCommaToken(after)) {
      const next = sourceCode.getTokenAfter(after);
      if (next && !ASTUtils.isClosingBraceToken(next)) return fixer.removeRange([property.range[0], next.range[0]]);
      if (before) return fixer.removeRange([before.range[1], after.range[1]]);
    }
    if (before && ASTUtils.isCommaToken(before)) return fixer.removeRange([before.range[0], property.range[1]]);
    return fixer.removeRange([before ? before.range[1] : property.range[0], property.range[1]]);
  };
}

/** Adds `text` (a property) as the last property of an object literal, on its own line when the object has several. */
export function appendProperty(
  sourceCode: Readonly<TSESLint.SourceCode>,
  object: TSESTree.ObjectExpression,
  text: string,
): (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix {
  return (fixer) => {
    const last = object.properties.at(-1);
    if (!last) return fixer.replaceText(object, `{ ${text} }`);
    const multiline = last.loc.start.line !== object.loc.start.line;
    const separator = multiline ? `\n${' '.repeat(last.loc.start.column)}` : ' ';
    const after = sourceCode.getTokenAfter(last);
    if (after && ASTUtils.isCommaToken(after)) return fixer.insertTextAfter(after, `${separator}${text},`);
    return fixer.insertTextAfter(last, `,${separator}${text}`);
  };
}
