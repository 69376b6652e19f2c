/**
 * Injection tokens: what an `@Inject(TOKEN)` or a provider's `provide: TOKEN` names, compared as Nest compares them
 * (a string by value, a symbol or class by identity), and the program index's facts about who may close the client
 * a factory provider makes under a token. Nest closes the clients of `ClientsModule` only
 * (`module/clients.module.js` `assignOnAppShutdownHook()`); the instance a `useFactory` provider returns gets a
 * shutdown hook call only if it has the method itself (`core/hooks/on-app-shutdown.hook.js`), which no `ClientProxy`
 * has. So such a client is closed by whoever injects or looks it up, or by nobody.
 */
import type ts from 'typescript';

import { tsApi } from '../classic-typescript';
import type { ClientTokenIndex } from '../type-services';
import type { PatternScope } from './pattern-scopes';
import { isDeclaredIn } from './program-facts';
import { containsOffset, getModuleImport, getPackageImportName, getPropertyName, isModuleOfPackage, offsetsOf, skipOuterExpressions } from './ts-syntax';

const COMMON_PACKAGE = '@nestjs/common';
const CORE_PACKAGE = '@nestjs/core';
/** `NestFactory`'s methods that boot an application: a program that calls one is an app, not a library. */
const BOOTSTRAP_METHODS: ReadonlySet<string> = new Set(['create', 'createMicroservice', 'createApplicationContext']);
/** Run-time lookups of a provider by token: `moduleRef.get(T)`, `app.get(T)`, `moduleRef.resolve(T)`. */
const LOOKUP_METHODS: ReadonlySet<string> = new Set(['get', 'resolve']);
const CLOSE = 'close';

function isConstVariable(declaration: ts.Declaration): declaration is ts.VariableDeclaration {
  return tsApi.isVariableDeclaration(declaration) && (tsApi.getCombinedNodeFlags(declaration) & tsApi.NodeFlags.Const) !== 0;
}

/** `forwardRef(() => UsersService)`: the class it names (Nest resolves it when it injects). */
function skipForwardRef(token: ts.Expression): ts.Expression {
  if (!tsApi.isCallExpression(token) || !tsApi.isIdentifier(token.expression) || token.expression.text !== 'forwardRef') return token;
  const [callback] = token.arguments;
  return callback && tsApi.isArrowFunction(callback) && !tsApi.isBlock(callback.body) ? skipOuterExpressions(callback.body) : token;
}

/** The declaration a token expression names (`PAYMENTS`, `Tokens.PAYMENTS`, `PaymentsClient`), through imports. */
function getTokenDeclaration(scope: PatternScope, token: ts.Expression): ts.Declaration | undefined {
  if (!tsApi.isIdentifier(token) && !tsApi.isPropertyAccessExpression(token)) return undefined;
  const symbol = scope.symbolOf(token);
  return symbol?.valueDeclaration ?? symbol?.declarations?.[0];
}

/**
 * A token's key: `token:string:` and its value for a string (also through a constant, an object constant's
 * property or an enum member), compared by value as Nest does; `token:declaration:` and the declaration's place
 * for a symbol constant (`Symbol('PAYMENTS')`) or a class, whose value is made once. `undefined` when it cannot be
 * told before run time.
 */
export function getTokenKey(scope: PatternScope, expression: ts.Expression): string | undefined {
  const token = skipForwardRef(skipOuterExpressions(expression));
  if (tsApi.isStringLiteralLike(token)) return `token:string:${token.text}`;
  const declaration = getTokenDeclaration(scope, token);
  if (!declaration) return undefined;
  if (tsApi.isVariableDeclaration(declaration) || tsApi.isPropertyAssignment(declaration) || tsApi.isEnumMember(declaration)) {
    const initializer = declaration.initializer;
    const value = initializer && (tsApi.isAsExpression(initializer) || tsApi.isSatisfiesExpression(initializer)) ? initializer.expression : initializer;
    if (value && tsApi.isStringLiteralLike(value)) return `token:string:${value.text}`;
    // `Symbol('KAFKA')`, or any other value: the declaration is the token (its value is made once).
    if (tsApi.isVariableDeclaration(declaration) && !(declaration.parent.flags & tsApi.NodeFlags.Const)) return undefined;
  } else if (!tsApi.isClassDeclaration(declaration)) {
    return undefined;
  }
  return `token:declaration:${declaration.getSourceFile().fileName}:${declaration.pos}`;
}

/** A `Symbol(...)` call, or a declared `unique symbol` (`declare const T: unique symbol`): a value made once. */
function isSymbolConstant(declaration: ts.VariableDeclaration): boolean {
  const initializer = declaration.initializer && skipOuterExpressions(declaration.initializer);
  if (!initializer) {
    const type = declaration.type;
    return type !== undefined && tsApi.isTypeOperatorNode(type) && type.operator === tsApi.SyntaxKind.UniqueKeyword;
  }
  return tsApi.isCallExpression(initializer) && tsApi.isIdentifier(initializer.expression) && initializer.expression.text === 'Symbol';
}

/**
 * {@link getTokenKey}, for comparing a provider's token with the tokens closers name: `undefined` also for a
 * constant whose value is neither a string nor a symbol made there (`const T = config.token`): it may equal any
 * string token.
 */
export function getComparableTokenKey(scope: PatternScope, expression: ts.Expression): string | undefined {
  const key = getTokenKey(scope, expression);
  if (key === undefined || key.startsWith('token:string:')) return key;
  const declaration = getTokenDeclaration(scope, skipForwardRef(skipOuterExpressions(expression)));
  return declaration && tsApi.isVariableDeclaration(declaration) && !isSymbolConstant(declaration) ? undefined : key;
}

/** Whether a token names a class (`provide: PaymentsClient`): Nest injects it by type too, without `@Inject`. */
export function isClassToken(scope: PatternScope, expression: ts.Expression): boolean {
  const declaration = getTokenDeclaration(scope, skipOuterExpressions(expression));
  return declaration !== undefined && tsApi.isClassLike(declaration);
}

/** Whether a decorator is `@Inject(...)` of `@nestjs/common`, by its import or its declaration. */
export function isInjectDecorator(program: ts.Program, scope: PatternScope, decorator: ts.Decorator): boolean {
  const call = decorator.expression;
  if (!tsApi.isCallExpression(call) || !tsApi.isIdentifier(call.expression) || call.arguments.length !== 1) return false;
  // Imported from `@nestjs/common` itself (in the module of a top-level class): its import tells. Else by
  // declaration: another module may re-export it.
  const imported = getPackageImportName(decorator, call.expression.text, COMMON_PACKAGE);
  if (imported !== undefined) return imported === 'Inject';
  const symbol = scope.symbolOf(call.expression);
  return symbol?.name === 'Inject' && (symbol.declarations ?? []).some((declaration) => isDeclaredIn(program, declaration, COMMON_PACKAGE));
}

/** One file's part of {@link ClientTokenIndex}. */
export interface FileTokenFacts {
  /** Keys of the tokens the file's classes inject (`@Inject(TOKEN)`). */
  readonly injected: readonly string[];
  /** Keys of tokens whose client the file may close: injected and closed or handed on, looked up and closed. */
  readonly mayClose: readonly string[];
  /** Whether an injection or lookup the file closes (or hands on) names a token not known before run time. */
  readonly unknownCloser: boolean;
  /** Keys of the tokens listed in an `exports` array of a module. */
  readonly exported: readonly string[];
  /** Whether an `exports` array has an entry that is not known before run time (a spread, a call). */
  readonly unknownExport: boolean;
  /** Whether the file boots an application (`NestFactory.create(...)` and the like). */
  readonly bootstraps: boolean;
}

const INJECT_CALL = /\bInject\s*\(/;
const EXPORTS_KEY = /\bexports\s*:/;
const INJECT_KEY = /\binject\s*:/;

/** The cheap text check first: a file with none of these names holds none of the facts. */
export function mayHoldTokenFacts(text: string): boolean {
  return INJECT_CALL.test(text) || EXPORTS_KEY.test(text) || text.includes('NestFactory') || (text.includes(CLOSE) && text.includes('.get'));
}

type MemberUse = 'closes' | 'unknown' | 'keeps';

/** `this` of `classNode` at `node`: not inside a function with a `this` of its own, nor inside another class. */
function isOwnThis(node: ts.Node, classNode: ts.ClassLikeDeclaration): boolean {
  for (let current = node.parent; !tsApi.isSourceFile(current); current = current.parent) {
    if (current === classNode) return true;
    if (tsApi.isClassLike(current)) return false;
    if (tsApi.isFunctionLike(current) && !tsApi.isArrowFunction(current) && !tsApi.isClassLike(current.parent)) return false;
  }
  return false;
}

/** The outermost expression that is `node` passed through unchanged: `(x)`, `x!`, `x as T`. */
function skipOuterExpressionsUp(node: ts.Node): ts.Node {
  let current = node;
  while (
    tsApi.isParenthesizedExpression(current.parent) ||
    tsApi.isNonNullExpression(current.parent) ||
    tsApi.isAsExpression(current.parent) ||
    tsApi.isSatisfiesExpression(current.parent) ||
    tsApi.isTypeAssertionExpression(current.parent)
  ) {
    current = current.parent;
  }
  return current;
}

/**
 * What a value does where it is used: `.close` read from it closes it (called, awaited, passed as a callback);
 * another member read (`.emit(...)`) or an assignment to it keeps it; anything else (an argument, a returned or
 * stored value) hands it on, and then who closes it cannot be told.
 */
function useOf(value: ts.Node): MemberUse {
  const outer = skipOuterExpressionsUp(value);
  const use = outer.parent;
  if (tsApi.isPropertyAccessExpression(use) && use.expression === outer) return use.name.text === CLOSE ? 'closes' : 'keeps';
  if (tsApi.isBinaryExpression(use) && use.left === outer && use.operatorToken.kind === tsApi.SyntaxKind.EqualsToken) return 'keeps';
  if (tsApi.isExpressionStatement(use)) return 'keeps';
  return 'unknown';
}

function combine(uses: readonly MemberUse[]): MemberUse {
  if (uses.includes('closes')) return 'closes';
  return uses.includes('unknown') ? 'unknown' : 'keeps';
}

/**
 * What a class does with its members `props` (`this.<prop>`): closes one, hands one on, or only keeps them. A class
 * with an `extends` clause, or one that uses `this` as a whole (`const self = this`, `this[key]`), cannot be told.
 */
function readMemberUse(classNode: ts.ClassLikeDeclaration, props: ReadonlySet<string>): MemberUse {
  if (classNode.heritageClauses?.some((clause) => clause.token === tsApi.SyntaxKind.ExtendsKeyword)) return 'unknown';
  const uses: MemberUse[] = [];
  const visit = (node: ts.Node): void => {
    if (node.kind === tsApi.SyntaxKind.ThisKeyword && isOwnThis(node, classNode)) {
      const member = node.parent;
      if (!tsApi.isPropertyAccessExpression(member) || member.expression !== node) uses.push('unknown');
      else if (props.has(member.name.text)) uses.push(useOf(member));
    }
    tsApi.forEachChild(node, visit);
  };
  for (const element of classNode.members) visit(element);
  return combine(uses);
}

/**
 * The members of `classNode` that hold what `parameter` (a constructor parameter without a property modifier)
 * receives: `this.client = client` in the constructor. `undefined` when the parameter is used otherwise
 * (`super(client)`, `new Wrapper(client)`): then who closes it cannot be told.
 */
function getAssignedMembers(parameter: ts.ParameterDeclaration): string[] | undefined {
  const constructor = parameter.parent;
  if (!tsApi.isIdentifier(parameter.name) || !tsApi.isConstructorDeclaration(constructor) || !constructor.body) return [];
  const name = parameter.name.text;
  const members: string[] = [];
  let unknown = false as boolean;
  const visit = (node: ts.Node): void => {
    if (unknown) return;
    if (tsApi.isIdentifier(node) && node.text === name && node !== parameter.name) {
      const parent = node.parent;
      // A member name or a property key of that name is not the parameter.
      if ((tsApi.isPropertyAccessExpression(parent) && parent.name === node) || (tsApi.isPropertyAssignment(parent) && parent.name === node)) return;
      const outer = skipOuterExpressionsUp(node);
      const assignment = outer.parent;
      if (
        tsApi.isBinaryExpression(assignment) &&
        assignment.right === outer &&
        assignment.operatorToken.kind === tsApi.SyntaxKind.EqualsToken &&
        tsApi.isPropertyAccessExpression(assignment.left) &&
        assignment.left.expression.kind === tsApi.SyntaxKind.ThisKeyword
      ) {
        members.push(assignment.left.name.text);
      } else if (useOf(node) !== 'keeps') {
        unknown = true;
      }
      return;
    }
    tsApi.forEachChild(node, visit);
  };
  visit(constructor.body);
  return unknown ? undefined : members;
}

class TokenFactsReader {
  private readonly injected: string[] = [];
  private readonly mayClose: string[] = [];
  private unknownCloser = false;
  private readonly exported: string[] = [];
  private unknownExport = false;
  private bootstraps = false;

  constructor(
    private readonly program: ts.Program,
    private readonly sourceFile: ts.SourceFile,
    private readonly scope: PatternScope,
  ) {}

  read(): FileTokenFacts | undefined {
    const { text } = this.sourceFile;
    const offsets: number[] = [];
    if (INJECT_CALL.test(text)) offsets.push(...offsetsOf(text, 'Inject'));
    if (EXPORTS_KEY.test(text)) offsets.push(...offsetsOf(text, 'exports'));
    if (INJECT_KEY.test(text)) offsets.push(...offsetsOf(text, 'inject'));
    if (text.includes('NestFactory')) offsets.push(...offsetsOf(text, 'NestFactory'));
    const lookups = text.includes(CLOSE) && text.includes('.get');
    if (lookups) offsets.push(...offsetsOf(text, CLOSE));
    offsets.sort((a, b) => a - b);
    const visit = (node: ts.Node): void => {
      if (!containsOffset(offsets, node.pos, node.end)) return;
      if (tsApi.isClassLike(node)) this.visitClass(node);
      else if (tsApi.isPropertyAssignment(node)) this.visitProperty(node);
      else if (tsApi.isCallExpression(node)) this.visitBootstrap(node);
      else if (lookups && tsApi.isPropertyAccessExpression(node) && node.name.text === CLOSE) this.visitClose(node.expression);
      tsApi.forEachChild(node, visit);
    };
    visit(this.sourceFile);
    const { injected, mayClose, unknownCloser, exported, unknownExport, bootstraps } = this;
    if (injected.length === 0 && mayClose.length === 0 && !unknownCloser && exported.length === 0 && !unknownExport && !bootstraps) return undefined;
    return { injected, mayClose, unknownCloser, exported, unknownExport, bootstraps };
  }

  private addCloser(token: ts.Expression | undefined): void {
    const key = token && getComparableTokenKey(this.scope, token);
    if (key === undefined) this.unknownCloser = true;
    else this.mayClose.push(key);
  }

  /** `@Inject(TOKEN)` on a constructor parameter or a property: the token's client, if the class closes or hands it on. */
  private visitClass(classNode: ts.ClassLikeDeclaration): void {
    for (const element of classNode.members) {
      if (tsApi.isPropertyDeclaration(element)) {
        const token = this.getInjectedToken(element);
        if (token && tsApi.isIdentifier(element.name) && readMemberUse(classNode, new Set([element.name.text])) !== 'keeps') this.addCloser(token);
      } else if (tsApi.isConstructorDeclaration(element)) {
        for (const parameter of element.parameters) {
          const token = this.getInjectedToken(parameter);
          if (!token) continue;
          const members = tsApi.isParameterPropertyDeclaration(parameter, element)
            ? tsApi.isIdentifier(parameter.name) ? [parameter.name.text] : undefined
            : getAssignedMembers(parameter);
          if (!members || readMemberUse(classNode, new Set(members)) !== 'keeps') this.addCloser(token);
        }
      }
    }
  }

  /** The token of an `@Inject(TOKEN)` on a property or parameter, recorded as injected when it is known. */
  private getInjectedToken(node: ts.PropertyDeclaration | ts.ParameterDeclaration): ts.Expression | undefined {
    const inject = (tsApi.getDecorators(node) ?? []).find((decorator) => isInjectDecorator(this.program, this.scope, decorator));
    const token = inject ? (inject.expression as ts.CallExpression).arguments[0] : undefined;
    const key = token && getComparableTokenKey(this.scope, token);
    if (key !== undefined) this.injected.push(key);
    return token;
  }

  /** `exports: [TOKEN, provider]` (a module's), and `inject: [TOKEN]` (another factory provider gets the client). */
  private visitProperty(property: ts.PropertyAssignment): void {
    const name = getPropertyName(property.name);
    if (name !== 'exports' && name !== 'inject') return;
    const list = skipOuterExpressions(property.initializer);
    if (!tsApi.isArrayLiteralExpression(list)) {
      if (name === 'exports') this.unknownExport = true;
      else this.unknownCloser = true;
      return;
    }
    for (const element of list.elements) {
      if (name === 'inject') {
        // `{ token, optional: true }` is an injection too.
        const entry = skipOuterExpressions(element);
        const token = tsApi.isObjectLiteralExpression(entry) ? this.getObjectProperty(entry, 'token') : entry;
        this.addCloser(tsApi.isSpreadElement(element) ? undefined : token);
        continue;
      }
      const key = tsApi.isSpreadElement(element) ? undefined : this.getExportKey(element);
      if (key === undefined) this.unknownExport = true;
      else this.exported.push(key);
    }
  }

  private getObjectProperty(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
    for (const property of object.properties) {
      if (tsApi.isPropertyAssignment(property) && getPropertyName(property.name) === name) return property.initializer;
    }
    return undefined;
  }

  /** An exported token, or a provider object exported by its constant (`exports: [paymentsProvider]`): its `provide`. */
  private getExportKey(element: ts.Expression): string | undefined {
    const key = getComparableTokenKey(this.scope, element);
    const declaration = getTokenDeclaration(this.scope, skipOuterExpressions(element));
    const initializer = declaration && isConstVariable(declaration) && declaration.initializer ? skipOuterExpressions(declaration.initializer) : undefined;
    const provide = initializer && tsApi.isObjectLiteralExpression(initializer) ? this.getObjectProperty(initializer, 'provide') : undefined;
    return provide ? getComparableTokenKey(this.scope, provide) : key;
  }

  /** `NestFactory.create(...)`, `createMicroservice(...)`, `createApplicationContext(...)` of `@nestjs/core`. */
  private visitBootstrap(call: ts.CallExpression): void {
    const callee = call.expression;
    if (this.bootstraps || !tsApi.isPropertyAccessExpression(callee) || !BOOTSTRAP_METHODS.has(callee.name.text) || !tsApi.isIdentifier(callee.expression)) return;
    const imported = getModuleImport(this.sourceFile, callee.expression.text);
    if (imported && !imported.module.startsWith('.')) {
      this.bootstraps = isModuleOfPackage(imported.module, CORE_PACKAGE) && imported.imported === 'NestFactory';
      return;
    }
    const symbol = this.scope.symbolOf(callee.expression);
    this.bootstraps = symbol?.name === 'NestFactory' && (symbol.declarations ?? []).some((declaration) => isDeclaredIn(this.program, declaration, CORE_PACKAGE));
  }

  /**
   * `<receiver>.close`, where the receiver is a run-time lookup by token (`app.get(PAYMENTS).close()`,
   * `(await moduleRef.resolve(PAYMENTS)).close()`) or a variable initialized with one. By method name: a lookalike
   * can only make the rule quieter.
   */
  private visitClose(receiver: ts.Expression): void {
    let value = skipOuterExpressions(receiver);
    if (tsApi.isIdentifier(value)) {
      const declaration = this.scope.symbolOf(value)?.valueDeclaration;
      if (!declaration || !tsApi.isVariableDeclaration(declaration) || !declaration.initializer || declaration.getSourceFile() !== this.sourceFile) return;
      value = skipOuterExpressions(declaration.initializer);
    }
    if (tsApi.isAwaitExpression(value)) value = skipOuterExpressions(value.expression);
    if (!tsApi.isCallExpression(value) || !tsApi.isPropertyAccessExpression(value.expression) || !LOOKUP_METHODS.has(value.expression.name.text)) return;
    this.addCloser(value.arguments[0]);
  }
}

/** The token facts of one file (its text passed {@link mayHoldTokenFacts}); `undefined` when it has none. */
export function readTokenFacts(program: ts.Program, sourceFile: ts.SourceFile, scope: PatternScope): FileTokenFacts | undefined {
  return new TokenFactsReader(program, sourceFile, scope).read();
}

export const EMPTY_CLIENT_TOKEN_INDEX: ClientTokenIndex = {
  injected: new Set(),
  mayClose: new Set(),
  hasUnknownCloser: false,
  exported: new Set(),
  hasUnknownExport: false,
  bootstraps: false,
};

/** The program's token facts from its files' (few files hold any). */
export function aggregateTokenFacts(facts: Iterable<FileTokenFacts | undefined>): ClientTokenIndex {
  const injected = new Set<string>();
  const mayClose = new Set<string>();
  const exported = new Set<string>();
  let hasUnknownCloser = false;
  let hasUnknownExport = false;
  let bootstraps = false;
  let any = false;
  for (const file of facts) {
    if (!file) continue;
    any = true;
    for (const key of file.injected) injected.add(key);
    for (const key of file.mayClose) mayClose.add(key);
    for (const key of file.exported) exported.add(key);
    hasUnknownCloser ||= file.unknownCloser;
    hasUnknownExport ||= file.unknownExport;
    bootstraps ||= file.bootstraps;
  }
  return any ? { injected, mayClose, hasUnknownCloser, exported, hasUnknownExport, bootstraps } : EMPTY_CLIENT_TOKEN_INDEX;
}
