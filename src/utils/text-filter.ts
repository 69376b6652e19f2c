/** The per-file text filter that runs before anything else: most files of a code base hold no client call. */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import type { ClientCallKind, ProgramIndex, TypeServices } from '../type-engine';

/**
 * Text every file with a client call contains: the method name (`emit`, `emitBatch`, `send`, as an identifier or
 * a string key), or an escape sequence that could spell it (`\u0065mit`, `'\x65mit'`). Plain substring searches:
 * much faster than one regular expression with alternatives over the whole text.
 */
const CLIENT_CALL_TEXT = ['emit', 'send', '\\u', '\\x'];
/**
 * By the file's AST: ESLint gives each file its own `SourceCode`, but oxlint hands every file the same
 * `sourceCode` object, with a new `ast` each time.
 */
const mayContainClientCallsByAst = new WeakMap<TSESTree.Program, boolean>();

/**
 * The cheapest filter, once per file for all rules: whether the file's text could contain a client call at all.
 * Rules return no listeners for the files where it could not (most of a code base: entities, DTOs, mappers).
 */
export function mayContainClientCalls(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  let answer = mayContainClientCallsByAst.get(sourceCode.ast);
  if (answer === undefined) {
    const { text } = sourceCode;
    answer = CLIENT_CALL_TEXT.some((part) => text.includes(part));
    mayContainClientCallsByAst.set(sourceCode.ast, answer);
  }
  return answer;
}

const wrappersNamedByAst = new WeakMap<TSESTree.Program, ReadonlyMap<string, readonly ClientCallKind[]>>();

/**
 * The program's client wrappers (from `getIndex`, asked on the first look at a file) whose names the file's text contains, once per file for all
 * rules and calls: most files name none. A file with an identifier escape keeps them all, since a name spelt
 * `this.events.\u0070ublish(...)` is not in its text as written.
 */
export function getWrappersNamedInText(sourceCode: Readonly<TSESLint.SourceCode>, getIndex: () => ProgramIndex): ReadonlyMap<string, readonly ClientCallKind[]> {
  let wrappers = wrappersNamedByAst.get(sourceCode.ast);
  if (!wrappers) {
    const all = getIndex().clientWrappers;
    const { text } = sourceCode;
    wrappers = all.size === 0 || text.includes('\\u') ? all : new Map([...all].filter(([name]) => text.includes(name)));
    wrappersNamedByAst.set(sourceCode.ast, wrappers);
  }
  return wrappers;
}

/**
 * {@link mayContainClientCalls}, or the file's text names one of the program's client wrappers
 * (`this.events.publish(...)` in a file that never says `emit`): for the rules that follow wrappers.
 */
export function mayContainClientOrWrapperCalls(sourceCode: Readonly<TSESLint.SourceCode>, types: TypeServices): boolean {
  return mayContainClientCalls(sourceCode) || getWrappersNamedInText(sourceCode, () => types.peekProgramIndex()).size > 0;
}
