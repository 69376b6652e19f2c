/**
 * Client wrappers: functions and methods of the program whose body returns a client `emit`/`send` Observable
 * (`publish(topic, data) { return this.client.emit(topic, data); }`). A caller that drops the result of a wrapper
 * drops the client's Observable. Found in two steps: the program index lists, per file and by syntax only, the names
 * of functions that look like wrappers (no type question, so the facts survive program versions); at a call of
 * such a name, the type checker resolves the called declaration and checks that what it returns is a client call.
 * One level is followed: a wrapper of a wrapper is not a wrapper.
 */
import type ts from 'typescript';

import { tsApi } from '../classic-typescript';
import type { ClientCallKind, ClientWrapper } from '../type-services';
import { classifyClientCallee, CLIENT_METHOD_KINDS } from './client-declarations';
import { isOwnSourceFile } from './program-facts';
import { skipOuterExpressions } from './ts-syntax';

/** `catchError` in the returned pipe: the wrapper handles the failure itself, dropping its result loses nothing. */
const ERROR_CATCHING_OPERATORS = new Set(['catchError']);

type FunctionLike = ts.FunctionDeclaration | ts.MethodDeclaration | ts.ArrowFunction | ts.FunctionExpression;

function isFunctionLike(node: ts.Node): node is FunctionLike {
  return tsApi.isFunctionDeclaration(node) || tsApi.isMethodDeclaration(node) || tsApi.isArrowFunction(node) || tsApi.isFunctionExpression(node);
}


function isErrorCatching(argument: ts.Expression): boolean {
  return tsApi.isCallExpression(argument) && tsApi.isIdentifier(argument.expression) && ERROR_CATCHING_OPERATORS.has(argument.expression.text);
}

/**
 * The client-named call (`x.emit(...)`, `x.send(...)`, `x.emitBatch(...)`) that an expression is, through
 * `.pipe(...)` without `catchError`, and through one `const` of the same function.
 */
function findReturnedCall(expression: ts.Expression, fn: FunctionLike, aliasDepth = 0): ts.CallExpression | undefined {
  let current = skipOuterExpressions(expression);
  for (;;) {
    if (tsApi.isIdentifier(current) && aliasDepth === 0) {
      const initializer = findConstInitializer(fn, current.text);
      return initializer ? findReturnedCall(initializer, fn, aliasDepth + 1) : undefined;
    }
    if (!tsApi.isCallExpression(current) || !tsApi.isPropertyAccessExpression(current.expression)) return undefined;
    const name = current.expression.name.text;
    if (CLIENT_METHOD_KINDS.has(name)) return current;
    if (name !== 'pipe' || current.arguments.some(isErrorCatching)) return undefined;
    current = skipOuterExpressions(current.expression.expression);
  }
}

/** The initializer of `const <name> = ...` declared directly in the function's body (not in a nested function). */
function findConstInitializer(fn: FunctionLike, name: string): ts.Expression | undefined {
  const body = fn.body;
  if (!body || !tsApi.isBlock(body)) return undefined;
  let found: ts.Expression | undefined;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionLike(node) || tsApi.isClassLike(node)) return;
    if (tsApi.isVariableDeclarationList(node) && node.flags & tsApi.NodeFlags.Const) {
      for (const declaration of node.declarations) {
        if (tsApi.isIdentifier(declaration.name) && declaration.name.text === name && declaration.initializer) found = declaration.initializer;
      }
    }
    tsApi.forEachChild(node, visit);
  };
  tsApi.forEachChild(body, visit);
  return found;
}

/**
 * Calls `visit` with each expression the function returns (its arrow body, or the `return` statements of its own
 * body) until `visit` returns false; false when it did. A body whose text says no `return` is not walked.
 */
function everyReturnedExpression(fn: FunctionLike, visit: (expression: ts.Expression | undefined) => boolean): boolean {
  const body = fn.body;
  if (!body) return true;
  if (!tsApi.isBlock(body)) return visit(body);
  const at = body.getSourceFile().text.indexOf('return', body.pos);
  if (at === -1 || at >= body.end) return true;
  return everyReturnIn(body.statements, visit);
}

/**
 * {@link everyReturnedExpression} over statements: a `return` is always a statement, and a statement holds its own
 * function's `return`s only in the statements it nests (blocks, branches, loop bodies, `try`, `switch`, labels).
 * Expressions are not walked: a `return` inside one belongs to a nested function.
 */
function everyReturnIn(statements: readonly ts.Statement[], visit: (expression: ts.Expression | undefined) => boolean): boolean {
  for (const statement of statements) {
    if (!everyReturnOf(statement, visit)) return false;
  }
  return true;
}

function everyReturnOf(statement: ts.Statement | undefined, visit: (expression: ts.Expression | undefined) => boolean): boolean {
  if (!statement) return true;
  switch (statement.kind) {
    case tsApi.SyntaxKind.ReturnStatement:
      return visit((statement as ts.ReturnStatement).expression);
    case tsApi.SyntaxKind.Block:
      return everyReturnIn((statement as ts.Block).statements, visit);
    case tsApi.SyntaxKind.IfStatement: {
      const { thenStatement, elseStatement } = statement as ts.IfStatement;
      return everyReturnOf(thenStatement, visit) && everyReturnOf(elseStatement, visit);
    }
    case tsApi.SyntaxKind.DoStatement:
    case tsApi.SyntaxKind.WhileStatement:
    case tsApi.SyntaxKind.ForStatement:
    case tsApi.SyntaxKind.ForInStatement:
    case tsApi.SyntaxKind.ForOfStatement:
    case tsApi.SyntaxKind.LabeledStatement:
    case tsApi.SyntaxKind.WithStatement:
      return everyReturnOf((statement as ts.IterationStatement | ts.LabeledStatement | ts.WithStatement).statement, visit);
    case tsApi.SyntaxKind.TryStatement: {
      const { tryBlock, catchClause, finallyBlock } = statement as ts.TryStatement;
      return everyReturnOf(tryBlock, visit) && everyReturnOf(catchClause?.block, visit) && everyReturnOf(finallyBlock, visit);
    }
    case tsApi.SyntaxKind.SwitchStatement:
      return (statement as ts.SwitchStatement).caseBlock.clauses.every((clause) => everyReturnIn(clause.statements, visit));
    default:
      return true;
  }
}

/**
 * The client-named calls a function returns, when every `return` returns one (at least one, all of the same
 * method kind); `undefined` otherwise. Syntax only; the walk stops at the first `return` of anything else.
 */
function getReturnedClientCalls(fn: FunctionLike): { kind: ClientCallKind; calls: ts.CallExpression[] } | undefined {
  const calls: ts.CallExpression[] = [];
  let kind: ClientCallKind | undefined;
  const all = everyReturnedExpression(fn, (expression) => {
    const call = expression && findReturnedCall(expression, fn);
    const callKind = call && tsApi.isPropertyAccessExpression(call.expression) ? CLIENT_METHOD_KINDS.get(call.expression.name.text) : undefined;
    if (!call || !callKind || (kind && kind !== callKind)) return false;
    kind = callKind;
    calls.push(call);
    return true;
  });
  return all && kind ? { kind, calls } : undefined;
}

/** The name callers use for a function: its own, or the variable, property or class field it is stored in. */
function getCalledName(fn: FunctionLike): string | undefined {
  if ((tsApi.isFunctionDeclaration(fn) || tsApi.isMethodDeclaration(fn)) && fn.name) {
    return tsApi.isIdentifier(fn.name) || tsApi.isPrivateIdentifier(fn.name) || tsApi.isStringLiteral(fn.name) ? fn.name.text : undefined;
  }
  const holder = fn.parent;
  if ((tsApi.isVariableDeclaration(holder) || tsApi.isPropertyDeclaration(holder) || tsApi.isPropertyAssignment(holder)) && holder.initializer === fn) {
    return tsApi.isIdentifier(holder.name) || tsApi.isPrivateIdentifier(holder.name) ? holder.name.text : undefined;
  }
  return undefined;
}

/**
 * The wrapper candidates of a file, by syntax: `<kind>:<name>` for each function whose every `return` is a
 * client-named call. `offsets` are where the file's text says `emit` or `send`: only the parts of the tree that
 * hold one are walked.
 */
export function findWrapperKeys(sourceFile: ts.SourceFile, inRange: (node: ts.Node) => boolean): string[] {
  const keys: string[] = [];
  const visit = (node: ts.Node): void => {
    if (!inRange(node)) return;
    if (isFunctionLike(node)) {
      const name = getCalledName(node);
      const returned = name === undefined ? undefined : getReturnedClientCalls(node);
      if (returned) keys.push(`${returned.kind}:${name}`);
    }
    tsApi.forEachChild(node, visit);
  };
  visit(sourceFile);
  return keys;
}

/** Splits an index key back into its kind and name. */
export function parseWrapperKey(key: string): { kind: ClientCallKind; name: string } {
  const colon = key.indexOf(':');
  return { kind: key.slice(0, colon) as ClientCallKind, name: key.slice(colon + 1) };
}

function shorten(text: string, max = 40): string {
  const single = text.replace(/\s+/g, ' ');
  return single.length > max ? `${single.slice(0, max - 3)}...` : single;
}

/** Answers by declaration, per program: a declaration's own file may change between program versions. */
const wrapperByProgram = new WeakMap<ts.Program, Map<ts.Node, ClientWrapper | null>>();

function classifyWrapper(program: ts.Program, fn: FunctionLike): ClientWrapper | undefined {
  const name = getCalledName(fn);
  const returned = getReturnedClientCalls(fn);
  if (name === undefined || !returned) return undefined;
  // Every returned call must be a NestJS client call of that kind, by its declaration.
  if (!returned.calls.every((call) => classifyClientCallee(program, call.expression) === returned.kind)) return undefined;
  const [first] = returned.calls;
  if (!first || !tsApi.isPropertyAccessExpression(first.expression)) return undefined;
  const pattern = first.arguments[0];
  return { kind: returned.kind, name, inner: `${first.expression.name.text}(${pattern ? shorten(pattern.getText()) : ''})` };
}

/**
 * The wrapper a call calls: the one declaration its signature resolves to, declared in the program's own files,
 * with a body whose every `return` is a NestJS client call. Never for `any` callees, overloads or declarations
 * outside the program.
 */
export function getClientWrapper(program: ts.Program, call: ts.CallExpression): ClientWrapper | undefined {
  const checker = program.getTypeChecker();
  const callee = checker.getSymbolAtLocation(tsApi.isPropertyAccessExpression(call.expression) ? call.expression.name : call.expression);
  const target = callee && callee.flags & tsApi.SymbolFlags.Alias ? checker.getAliasedSymbol(callee) : callee;
  // Overloads (several declarations) are not followed: which one runs is not known here.
  if (target?.declarations?.length !== 1) return undefined;
  const declaration = checker.getResolvedSignature(call)?.declaration;
  if (!declaration || !isFunctionLike(declaration) || !declaration.body || !isOwnSourceFile(program, declaration.getSourceFile())) return undefined;
  let answers = wrapperByProgram.get(program);
  if (!answers) wrapperByProgram.set(program, (answers = new Map<ts.Node, ClientWrapper | null>()));
  let answer = answers.get(declaration);
  if (answer === undefined) {
    answer = classifyWrapper(program, declaration) ?? null;
    answers.set(declaration, answer);
  }
  return answer ?? undefined;
}
