/**
 * Every query this plugin makes to the TypeScript type checker lives in this module: rules ask questions
 * ("is this call a NestJS client emit?"), never the checker. Answers that do not depend on the file being
 * linted (is this declaration a client method?) are cached once per `ts.Program` and shared by every file
 * and every rule of the run.
 */
import type { ParserServicesWithTypeInformation, TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import ts from 'typescript';

import { packageName, pluginNamespace } from './package-info';
import type { PatternValue } from './patterns';
import { toRoute } from './patterns';

export type ClientCallKind = 'emit' | 'send';

/**
 * A type named `name` (`'*'`: any type) declared in the package `package` (or a file inside it), or a class
 * derived from one.
 */
export interface PackageTypeSpecifier {
  readonly name: string;
  readonly package: string;
}

export interface TypeServices {
  /** The program of the linted file: the key for program-wide facts (`program-index.ts`). */
  readonly program: ts.Program;
  /**
   * `'emit'` for `ClientProxy.emit` and `ClientKafka.emitBatch` (hot), `'send'` for `ClientProxy.send` (cold),
   * including overrides in classes derived from `ClientProxy`; `undefined` for anything else. The callee must
   * already have passed the syntactic filter {@link import('./ast').getClientMethodName}.
   */
  getClientCallKind(call: TSESTree.CallExpression): ClientCallKind | undefined;
  /** Whether the expression's type admits `null` or `undefined` (e.g. an optional chain on an optional client). */
  isPossiblyNullish(node: TSESTree.Node): boolean;
  /** Whether the expression's type (or a base class of it) is one of `specifiers`. */
  isTypeOf(node: TSESTree.Node, specifiers: readonly PackageTypeSpecifier[]): boolean;
  /** Whether an inline callback is expected to return `void` (`forEach`, `setTimeout`): its result is ignored. */
  isCallbackResultIgnored(callback: TSESTree.Node): boolean;
  /** The value of a pattern argument (`Topics.OrderCreated` → `'order.created'`), or `undefined` when it is not known before run time. */
  resolvePattern(pattern: TSESTree.Node | undefined): PatternValue | undefined;
  /** Whether the module an import names exports `name`; `undefined` when the module did not resolve. */
  moduleExports(source: TSESTree.StringLiteral, name: string): boolean | undefined;
}

const CLIENT_PACKAGE = '@nestjs/microservices';
const CLIENT_METHOD_KINDS: ReadonlyMap<string, ClientCallKind> = new Map([
  ['emit', 'emit'],
  ['emitBatch', 'emit'],
  ['send', 'send'],
]);
/** Where `@nestjs/microservices` declares each client method. */
const CLIENT_METHOD_OWNERS: ReadonlyMap<string, string> = new Map([
  ['emit', 'ClientProxy'],
  ['send', 'ClientProxy'],
  ['emitBatch', 'ClientKafka'],
]);

/** `Program.sourceFileToPackageName` is internal to TypeScript; typescript-eslint's type-utils rely on it too. */
interface ProgramWithPackageNames extends ts.Program {
  readonly sourceFileToPackageName?: ReadonlyMap<string, string>;
}

/** `SourceFile.path` (the canonical file name) is internal too. */
interface SourceFileWithPath extends ts.SourceFile {
  readonly path?: string;
}

interface ProgramFacts {
  readonly clientKindByDeclaration: WeakMap<ts.Declaration, ClientCallKind | null>;
  readonly packageBySourceFile: WeakMap<ts.SourceFile, string | null>;
  /** Export names of a module (`rxjs`), asked once per program rather than once per suggestion. */
  readonly exportNamesByModule: WeakMap<ts.Symbol, ReadonlySet<string>>;
  /** `isTypeOf` answers by specifier list (its `name@package` key) and type: types are shared by every file. */
  readonly typeMatches: Map<string, WeakMap<ts.Type, boolean>>;
}

const factsByProgram = new WeakMap<ts.Program, ProgramFacts>();

function getProgramFacts(program: ts.Program): ProgramFacts {
  let facts = factsByProgram.get(program);
  if (!facts) {
    facts = {
      clientKindByDeclaration: new WeakMap(),
      packageBySourceFile: new WeakMap(),
      exportNamesByModule: new WeakMap(),
      typeMatches: new Map(),
    };
    factsByProgram.set(program, facts);
  }
  return facts;
}

/**
 * Where a declaration file sits inside its npm package, as TypeScript resolved it (following npm aliases and
 * `paths`): the package name and the path inside it, e.g. `@nestjs/microservices/client/client-proxy.d.ts` or
 * `.prisma/client/index.d.ts`.
 */
function getPackageOf(program: ts.Program, facts: ProgramFacts, sourceFile: ts.SourceFile): string | undefined {
  const cached = facts.packageBySourceFile.get(sourceFile);
  if (cached !== undefined) return cached ?? undefined;
  let packagePath: string | null = null;
  if (program.isSourceFileFromExternalLibrary(sourceFile) || sourceFile.isDeclarationFile) {
    packagePath =
      (program as ProgramWithPackageNames).sourceFileToPackageName?.get(
        (sourceFile as SourceFileWithPath).path ?? sourceFile.fileName,
      ) ?? null;
    if (!packagePath) {
      // Fallback (linked packages, hand-made declaration trees): the path below the innermost node_modules.
      const normalized = sourceFile.fileName.replace(/\\/g, '/');
      const at = normalized.lastIndexOf('/node_modules/');
      packagePath = at === -1 ? null : normalized.slice(at + '/node_modules/'.length);
    }
  }
  facts.packageBySourceFile.set(sourceFile, packagePath);
  return packagePath ?? undefined;
}

function isObjectType(type: ts.Type, objectFlags: ts.ObjectFlags): boolean {
  return (type.flags & ts.TypeFlags.Object) !== 0 && ((type as ts.ObjectType).objectFlags & objectFlags) !== 0;
}

/** Whether a package path is `wanted` itself or inside it, by whole path components (`.prisma/client` too). */
function isInPackage(packagePath: string | undefined, wanted: string): boolean {
  return packagePath === wanted || (packagePath !== undefined && packagePath.startsWith(`${wanted}/`));
}

/** Whether `declaration` comes from the npm package `wanted` (or a file inside it). */
export function isDeclaredIn(program: ts.Program, declaration: ts.Declaration, wanted: string): boolean {
  return isInPackage(getPackageOf(program, getProgramFacts(program), declaration.getSourceFile()), wanted);
}

/** Throws the one error users see when a rule runs without type information. */
function getTypedParserServices(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): ParserServicesWithTypeInformation {
  const services = context.sourceCode.parserServices;
  if (!services?.program || !services.esTreeNodeToTSNodeMap) {
    throw new Error(
      `${packageName}: the rule "${pluginNamespace}/${context.id.replace(/^.*\//, '')}" needs type information ` +
        `to tell NestJS client calls from other emit()/send() methods, and "${context.filename}" was parsed without it. ` +
        `Lint TypeScript files with @typescript-eslint/parser and enable typed linting: ` +
        `languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } } in a flat config, ` +
        `or parserOptions: { projectService: true } in .eslintrc. See https://typescript-eslint.io/getting-started/typed-linting`,
    );
  }
  return services as ParserServicesWithTypeInformation;
}

/**
 * How many type questions each rule asked (calls of {@link TypeServices} methods), by rule id: the benchmark
 * reports them per 1000 files so that a rule asking more than it should shows up as a number.
 */
export const typeQueryCounts = new Map<string, number>();

/** A rule's view of its file's type services: the same answers, counted under the rule's id. */
class RuleTypeServices implements TypeServices {
  private fileServices: TypeServices | undefined;

  constructor(
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly parserServices: ParserServicesWithTypeInformation,
    private readonly ruleId: string,
  ) {}

  get program(): ts.Program {
    return this.parserServices.program;
  }

  /** Made on the first question: files the rules skip (no client call in their text) never need them. */
  private get file(): TypeServices {
    if (!this.fileServices) {
      this.fileServices = fileTypeServices.get(this.sourceCode);
      if (!this.fileServices) {
        this.fileServices = createFileTypeServices(this.sourceCode, this.parserServices);
        fileTypeServices.set(this.sourceCode, this.fileServices);
      }
    }
    return this.fileServices;
  }

  private count(): void {
    typeQueryCounts.set(this.ruleId, (typeQueryCounts.get(this.ruleId) ?? 0) + 1);
  }

  getClientCallKind(call: TSESTree.CallExpression): ClientCallKind | undefined {
    this.count();
    return this.file.getClientCallKind(call);
  }

  isPossiblyNullish(node: TSESTree.Node): boolean {
    this.count();
    return this.file.isPossiblyNullish(node);
  }

  isTypeOf(node: TSESTree.Node, specifiers: readonly PackageTypeSpecifier[]): boolean {
    this.count();
    return this.file.isTypeOf(node, specifiers);
  }

  isCallbackResultIgnored(callback: TSESTree.Node): boolean {
    this.count();
    return this.file.isCallbackResultIgnored(callback);
  }

  resolvePattern(pattern: TSESTree.Node | undefined): PatternValue | undefined {
    // A string or number literal is its own value: no question, and no type services for the file.
    if (pattern?.type === AST_NODE_TYPES.Literal && (typeof pattern.value === 'string' || typeof pattern.value === 'number')) {
      return pattern.value;
    }
    this.count();
    return this.file.resolvePattern(pattern);
  }

  moduleExports(source: TSESTree.StringLiteral, name: string): boolean | undefined {
    this.count();
    return this.file.moduleExports(source, name);
  }
}

/** One set of type services per linted file (per `SourceCode`), shared by every rule. */
const fileTypeServices = new WeakMap<Readonly<TSESLint.SourceCode>, TypeServices>();

/**
 * The type services of the linted file, for one rule. Throws the error that explains how to enable typed
 * linting when the file was parsed without type information.
 */
export function getTypeServices(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): TypeServices {
  return new RuleTypeServices(context.sourceCode, getTypedParserServices(context), context.id);
}

function createFileTypeServices(sourceCode: Readonly<TSESLint.SourceCode>, services: ParserServicesWithTypeInformation): TypeServices {
  const { program } = services;
  const checker = program.getTypeChecker();
  const facts = getProgramFacts(program);
  const checkerScope = getCheckerScope(checker);

  const tsNodeOf = (node: TSESTree.Node): ts.Node => services.esTreeNodeToTSNodeMap.get(node);

  /**
   * Names in the linted file are looked up in ESLint's scope analysis, which the run has already made: the
   * variable's declaration leads to its symbol without the checker resolving the name at its use.
   */
  const symbolByVariable = new WeakMap<TSESLint.Scope.Variable, ts.Symbol | null>();
  const fileScope: PatternScope = {
    checker,
    symbolOf(node) {
      const identifier = ts.isIdentifier(node) ? services.tsNodeToESTreeNodeMap.get(node) : undefined;
      if (identifier?.type !== AST_NODE_TYPES.Identifier) return checkerScope.symbolOf(node);
      const variable = ASTUtils.findVariable(sourceCode.getScope(identifier), identifier);
      // typescript-eslint's scope analysis tells value names from type names; another one cannot.
      const declarationName = variable && 'isValueVariable' in variable && variable.isValueVariable ? variable.defs[0]?.name : undefined;
      if (!variable || !declarationName) return checkerScope.symbolOf(node);
      let symbol = symbolByVariable.get(variable);
      if (symbol === undefined) {
        symbol = checkerScope.symbolOf(tsNodeOf(declarationName)) ?? null;
        symbolByVariable.set(variable, symbol);
      }
      return symbol ?? undefined;
    },
  };

  function isClassDerivedFromClientProxy(classDeclaration: ts.ClassLikeDeclaration, methodName: string): ClientCallKind | undefined {
    const classType = checker.getTypeAtLocation(classDeclaration);
    if (!isObjectType(classType, ts.ObjectFlags.ClassOrInterface)) return undefined;
    for (const base of checker.getBaseTypes(classType as ts.InterfaceType)) {
      const inherited = base.getProperty(methodName);
      for (const declaration of inherited?.declarations ?? []) {
        const kind = classifyDeclaration(declaration);
        if (kind) return kind;
      }
    }
    return undefined;
  }

  /** Is `declaration` `ClientProxy.emit/send`, `ClientKafka.emitBatch`, or an override of one of them? Cached per program. */
  function classifyDeclaration(declaration: ts.Declaration): ClientCallKind | undefined {
    const cached = facts.clientKindByDeclaration.get(declaration);
    if (cached !== undefined) return cached ?? undefined;
    facts.clientKindByDeclaration.set(declaration, null); // guards against cyclic base types
    let kind: ClientCallKind | undefined;
    const name = ts.getNameOfDeclaration(declaration);
    const methodName = name && ts.isIdentifier(name) ? name.text : undefined;
    const owner = declaration.parent;
    if (methodName && CLIENT_METHOD_KINDS.has(methodName) && ts.isClassLike(owner)) {
      const inClientPackage = isInPackage(getPackageOf(program, facts, declaration.getSourceFile()), CLIENT_PACKAGE);
      if (inClientPackage && owner.name?.text === CLIENT_METHOD_OWNERS.get(methodName)) {
        kind = CLIENT_METHOD_KINDS.get(methodName);
      } else {
        kind = isClassDerivedFromClientProxy(owner, methodName);
      }
    }
    facts.clientKindByDeclaration.set(declaration, kind ?? null);
    return kind;
  }

  function getClientCallKind(call: TSESTree.CallExpression): ClientCallKind | undefined {
    const callee = call.callee;
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const tsCallee = tsNodeOf(callee);
    const nameNode = ts.isPropertyAccessExpression(tsCallee)
      ? tsCallee.name
      : ts.isElementAccessExpression(tsCallee)
        ? tsCallee.argumentExpression
        : tsCallee;
    const symbol = checker.getSymbolAtLocation(nameNode);
    // `any`/`unknown` receivers have no symbol; union and intersection members list every constituent declaration.
    for (const declaration of symbol?.declarations ?? []) {
      const kind = classifyDeclaration(declaration);
      if (kind) return kind;
    }
    return undefined;
  }

  function isPossiblyNullish(node: TSESTree.Node): boolean {
    const type = checker.getTypeAtLocation(tsNodeOf(node));
    const parts = type.isUnion() ? type.types : [type];
    return parts.some((part) => (part.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)) !== 0);
  }

  function typeMatches(type: ts.Type, specifiers: readonly PackageTypeSpecifier[], seen: Set<ts.Type>): boolean {
    if (seen.has(type)) return false;
    seen.add(type);
    if (type.isUnionOrIntersection()) return type.types.some((part) => typeMatches(part, specifiers, seen));
    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (symbol) {
      for (const declaration of symbol.declarations ?? []) {
        const packageId = getPackageOf(program, facts, declaration.getSourceFile());
        if (specifiers.some((spec) => (spec.name === '*' || spec.name === symbol.name) && isInPackage(packageId, spec.package))) {
          return true;
        }
      }
    }
    const target = isObjectType(type, ts.ObjectFlags.Reference) ? (type as ts.TypeReference).target : type;
    return isObjectType(target, ts.ObjectFlags.ClassOrInterface)
      ? checker.getBaseTypes(target as ts.InterfaceType).some((base) => typeMatches(base, specifiers, seen))
      : false;
  }

  function isTypeOf(node: TSESTree.Node, specifiers: readonly PackageTypeSpecifier[]): boolean {
    if (specifiers.length === 0) return false;
    const key = specifiers.map((specifier) => `${specifier.name}@${specifier.package}`).join('|');
    let answers = facts.typeMatches.get(key);
    if (!answers) {
      answers = new WeakMap();
      facts.typeMatches.set(key, answers);
    }
    const type = checker.getTypeAtLocation(tsNodeOf(node));
    let answer = answers.get(type);
    if (answer === undefined) {
      answer = typeMatches(type, specifiers, new Set());
      answers.set(type, answer);
    }
    return answer;
  }

  function isCallbackResultIgnored(callback: TSESTree.Node): boolean {
    const contextualType = checker.getContextualType(tsNodeOf(callback) as ts.Expression);
    const signatures = contextualType?.getCallSignatures() ?? [];
    return (
      signatures.length > 0 &&
      signatures.every((signature) => (checker.getReturnTypeOfSignature(signature).flags & ts.TypeFlags.Void) !== 0)
    );
  }

  function resolvePattern(pattern: TSESTree.Node | undefined): PatternValue | undefined {
    return pattern ? resolvePatternValue(fileScope, tsNodeOf(pattern) as ts.Expression) : undefined;
  }

  function moduleExports(source: TSESTree.StringLiteral, name: string): boolean | undefined {
    const moduleSymbol = checker.getSymbolAtLocation(tsNodeOf(source));
    if (!moduleSymbol) return undefined;
    let names = facts.exportNamesByModule.get(moduleSymbol);
    if (!names) {
      names = new Set(checker.getExportsOfModule(moduleSymbol).map((symbol) => symbol.name));
      facts.exportNamesByModule.set(moduleSymbol, names);
    }
    return names.has(name);
  }

  return { program, moduleExports, getClientCallKind, isPossiblyNullish, isTypeOf, isCallbackResultIgnored, resolvePattern };
}

/* ------------------------------------------------------------------------------------------------------------
 * Pattern values. Used on the linted file (through TypeServices) and on every source file of the program (by
 * the handler index), so they work on TypeScript nodes.
 * ---------------------------------------------------------------------------------------------------------- */

const MAX_RESOLVE_DEPTH = 8;

/** How pattern resolution finds what a name refers to. */
export interface PatternScope {
  readonly checker: ts.TypeChecker;
  /** The symbol a name (or a property access) refers to, through import aliases. */
  symbolOf(node: ts.Node): ts.Symbol | undefined;
}

const checkerScopes = new WeakMap<ts.TypeChecker, PatternScope>();

/** Names resolved by the type checker, wherever they are: the scope for code inside functions. */
export function getCheckerScope(checker: ts.TypeChecker): PatternScope {
  let scope = checkerScopes.get(checker);
  if (!scope) {
    scope = {
      checker,
      symbolOf(node) {
        const symbol = checker.getSymbolAtLocation(node);
        return symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      },
    };
    checkerScopes.set(checker, scope);
  }
  return scope;
}

/** What a module-level statement declares under a value name: the declaration names, for the checker. */
function addModuleLevelNames(statement: ts.Statement, names: Map<string, ts.Identifier>): void {
  if (ts.isImportDeclaration(statement)) {
    // `import type` names too: a value position cannot use one in code that type-checks.
    const clause = statement.importClause;
    if (!clause) return;
    if (clause.name) names.set(clause.name.text, clause.name);
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) names.set(bindings.name.text, bindings.name);
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) names.set(element.name.text, element.name);
    }
  } else if (ts.isVariableStatement(statement)) {
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name)) names.set(declaration.name.text, declaration.name);
    }
  } else if ((ts.isEnumDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isFunctionDeclaration(statement)) && statement.name) {
    names.set(statement.name.text, statement.name);
  }
}

/**
 * Names resolved from the module-level declarations of `sourceFile` (imports, constants, enums, classes),
 * each name once per file, and by the type checker when the file does not declare them. Only valid for code
 * where no function or block can shadow a module-level name: the decorators of a top-level class.
 */
export function createModuleScope(checker: ts.TypeChecker, sourceFile: ts.SourceFile): PatternScope {
  const fallback = getCheckerScope(checker);
  let declarations: Map<string, ts.Identifier> | undefined;
  const symbols = new Map<string, ts.Symbol | undefined>();
  return {
    checker,
    symbolOf(node) {
      // Code the resolution reaches in other files (a constant's initializer) has its own module scope.
      if (!ts.isIdentifier(node) || node.getSourceFile() !== sourceFile) return fallback.symbolOf(node);
      if (!declarations) {
        declarations = new Map();
        for (const statement of sourceFile.statements) addModuleLevelNames(statement, declarations);
      }
      const declarationName = declarations.get(node.text);
      if (!declarationName) return fallback.symbolOf(node);
      if (!symbols.has(node.text)) symbols.set(node.text, fallback.symbolOf(declarationName));
      return symbols.get(node.text);
    },
  };
}

function skipOuterExpressions(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isAsExpression(current) ||
    ts.isSatisfiesExpression(current) ||
    ts.isNonNullExpression(current) ||
    ts.isTypeAssertionExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

function getPropertyName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

/** The initializer a name stands for: a `const`, an object member, or the array a loop variable walks. */
function getBoundExpression(scope: PatternScope, expression: ts.Expression): ts.Expression | undefined {
  const declaration = scope.symbolOf(expression)?.valueDeclaration;
  if (!declaration) return undefined;
  if (ts.isVariableDeclaration(declaration)) {
    const list = declaration.parent;
    if (ts.isVariableDeclarationList(list) && ts.isForOfStatement(list.parent) && list.parent.initializer === list) {
      return undefined; // loop variables are resolved by resolvePatternRoutes, as several values
    }
    return declaration.initializer && ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const
      ? declaration.initializer
      : undefined;
  }
  if (ts.isPropertyAssignment(declaration)) return declaration.initializer;
  if (ts.isEnumMember(declaration)) return declaration.initializer;
  return undefined;
}

function resolveType(checker: ts.TypeChecker, type: ts.Type, depth: number): PatternValue | undefined {
  if (type.isStringLiteral()) return type.value;
  if (type.isNumberLiteral()) return type.value;
  if (type.flags & ts.TypeFlags.BooleanLiteral) return (type as ts.Type & { intrinsicName?: string }).intrinsicName === 'true';
  if (depth > MAX_RESOLVE_DEPTH || !(type.flags & ts.TypeFlags.Object) || type.getCallSignatures().length > 0) return undefined;
  if (checker.isArrayLikeType(type)) return undefined;
  const result: Record<string, PatternValue> = {};
  for (const property of type.getProperties()) {
    const declaration = property.valueDeclaration ?? property.declarations?.[0];
    if (!declaration) return undefined;
    const value = resolveType(checker, checker.getTypeOfSymbolAtLocation(property, declaration), depth + 1);
    if (value === undefined) return undefined;
    result[property.name] = value;
  }
  return result;
}

/** The initializer of an unannotated `const` (through `as const` and parentheses), if the symbol is one. */
function getConstInitializer(symbol: ts.Symbol | undefined): ts.Expression | undefined {
  const declaration = symbol?.valueDeclaration;
  if (!declaration || !ts.isVariableDeclaration(declaration) || declaration.type || !declaration.initializer) return undefined;
  if (!(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const)) return undefined;
  const list = declaration.parent;
  if (ts.isVariableDeclarationList(list) && ts.isForOfStatement(list.parent)) return undefined;
  return skipOuterExpressions(declaration.initializer);
}

/** Literal values reachable through declarations alone; `undefined` means "ask the type checker". */
function resolveDeclaredLiteral(scope: PatternScope, expression: ts.Expression, depth: number): PatternValue | undefined {
  if (ts.isIdentifier(expression)) {
    const initializer = getConstInitializer(scope.symbolOf(expression));
    return initializer && (ts.isStringLiteralLike(initializer) || ts.isNumericLiteral(initializer) || ts.isIdentifier(initializer) || ts.isPropertyAccessExpression(initializer))
      ? resolvePatternValue(scope, initializer, depth + 1)
      : undefined;
  }
  if (!ts.isPropertyAccessExpression(expression) || !ts.isIdentifier(expression.expression)) return undefined;
  const owner = scope.symbolOf(expression.expression);
  const key = expression.name.text;
  if (owner && owner.flags & ts.SymbolFlags.Enum) {
    const member = owner.exports?.get(ts.escapeLeadingUnderscores(key))?.valueDeclaration;
    const value = member && ts.isEnumMember(member) ? member.initializer : undefined;
    return value && (ts.isStringLiteralLike(value) || ts.isNumericLiteral(value)) ? resolvePatternValue(scope, value, depth + 1) : undefined;
  }
  const object = getConstInitializer(owner);
  if (!object || !ts.isObjectLiteralExpression(object)) return undefined;
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && getPropertyName(property.name) === key) {
      return resolvePatternValue(scope, property.initializer, depth + 1);
    }
  }
  return undefined;
}

/** The value of a pattern expression, or `undefined` when it is not known before run time. */
export function resolvePatternValue(scope: PatternScope, node: ts.Expression, depth = 0): PatternValue | undefined {
  if (depth > MAX_RESOLVE_DEPTH) return undefined;
  const expression = skipOuterExpressions(node);
  if (ts.isStringLiteralLike(expression)) return expression.text;
  if (ts.isNumericLiteral(expression)) return Number(expression.text);
  if (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(expression.operand)) {
    return -Number(expression.operand.text);
  }
  if (ts.isTemplateExpression(expression)) {
    let text = expression.head.text;
    for (const span of expression.templateSpans) {
      const value = resolvePatternValue(scope, span.expression, depth + 1);
      if (typeof value !== 'string' && typeof value !== 'number') return undefined;
      text += `${value}${span.literal.text}`;
    }
    return text;
  }
  if (ts.isObjectLiteralExpression(expression)) {
    const result: Record<string, PatternValue> = {};
    for (const property of expression.properties) {
      let value: PatternValue | undefined;
      let key: string | undefined;
      if (ts.isPropertyAssignment(property)) {
        key = getPropertyName(property.name);
        value = resolvePatternValue(scope, property.initializer, depth + 1);
      } else if (ts.isShorthandPropertyAssignment(property)) {
        key = property.name.text;
        value = resolvePatternValue(scope, property.name, depth + 1);
      }
      if (key === undefined || value === undefined) return undefined;
      result[key] = value;
    }
    return result;
  }
  // Fast path: `Topics.Created`, `TOPIC` and `Enum.Member` that lead to literal initializers, by symbols only
  // (no type checking of the expression or of the object it reads).
  const declared = resolveDeclaredLiteral(scope, expression, depth);
  if (declared !== undefined) return declared;
  const { checker } = scope;
  const type = checker.getTypeAtLocation(expression);
  const fromType = type.flags & ts.TypeFlags.Object ? undefined : resolveType(checker, type, depth);
  if (fromType !== undefined) return fromType;
  if (ts.isIdentifier(expression) || ts.isPropertyAccessExpression(expression) || ts.isElementAccessExpression(expression)) {
    const bound = getBoundExpression(scope, expression);
    if (bound) return resolvePatternValue(scope, bound, depth + 1);
  }
  return resolveType(checker, type, depth);
}

/**
 * The routes a pattern expression stands for: one for a single pattern, several for an array
 * (`@EventPattern(['a', 'b'])`) or for a loop variable over a constant array
 * (`for (const p of PATTERNS) client.subscribeToResponseOf(p)`, `PATTERNS.forEach((p) => ...)`).
 */
export function resolvePatternRoutes(scope: PatternScope, node: ts.Expression, depth = 0): string[] | undefined {
  if (depth > MAX_RESOLVE_DEPTH) return undefined;
  const expression = skipOuterExpressions(node);
  if (ts.isArrayLiteralExpression(expression)) {
    const routes: string[] = [];
    for (const element of expression.elements) {
      const elementRoutes = ts.isSpreadElement(element)
        ? resolvePatternRoutes(scope, element.expression, depth + 1)
        : resolvePatternRoutes(scope, element, depth + 1);
      if (!elementRoutes) return undefined;
      routes.push(...elementRoutes);
    }
    return routes;
  }
  // Object.values(Topics): every member of an enum or a constant object.
  if (
    ts.isCallExpression(expression) &&
    ts.isPropertyAccessExpression(expression.expression) &&
    ts.isIdentifier(expression.expression.expression) &&
    expression.expression.expression.text === 'Object' &&
    expression.expression.name.text === 'values' &&
    expression.arguments[0]
  ) {
    const object = resolvePatternValue(scope, expression.arguments[0], depth + 1);
    return object !== undefined && typeof object === 'object' ? Object.values(object).map(toRoute) : undefined;
  }
  if (ts.isIdentifier(expression)) {
    const declaration = scope.symbolOf(expression)?.valueDeclaration;
    // for (const pattern of PATTERNS)
    if (declaration && ts.isVariableDeclaration(declaration) && ts.isVariableDeclarationList(declaration.parent)) {
      const loop = declaration.parent.parent;
      if (ts.isForOfStatement(loop) && loop.initializer === declaration.parent) {
        return resolvePatternRoutes(scope, loop.expression, depth + 1);
      }
    }
    // PATTERNS.forEach((pattern) => ...)
    if (declaration && ts.isParameter(declaration) && declaration.parent.parameters[0] === declaration) {
      const callback = declaration.parent;
      const call = callback.parent;
      if (
        (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) &&
        ts.isCallExpression(call) &&
        call.arguments[0] === callback &&
        ts.isPropertyAccessExpression(call.expression) &&
        call.expression.name.text === 'forEach'
      ) {
        return resolvePatternRoutes(scope, call.expression.expression, depth + 1);
      }
    }
    const bound = getBoundExpression(scope, expression);
    if (bound && ts.isArrayLiteralExpression(skipOuterExpressions(bound))) return resolvePatternRoutes(scope, bound, depth + 1);
  }
  const value = resolvePatternValue(scope, expression, depth);
  return value === undefined ? undefined : [toRoute(value)];
}
