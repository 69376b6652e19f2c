/**
 * Facts about the whole program that rules need for every file: which patterns have `@EventPattern` and
 * `@MessagePattern` handlers, and which patterns `ClientKafka.subscribeToResponseOf` registers. Built once per
 * `ts.Program` (cached by the program object), in one pass over the program's own source files, and only
 * files whose text mentions the decorators or the method are parsed further.
 */
import ts from 'typescript';

import type { HandlerKind, PatternHandler, ProgramIndex } from '../type-services';
import type { PatternScope } from './pattern-scopes';
import { createModuleScope, getCheckerScope } from './pattern-scopes';
import { resolvePatternRoutes } from './pattern-values';
import { isDeclaredIn } from './program-facts';

/** How often an index was built: tests and the benchmark check it stays at one per program. */
export const programIndexStats = { builds: 0 };

const DECORATORS: ReadonlyMap<string, HandlerKind> = new Map([
  ['EventPattern', 'event'],
  ['MessagePattern', 'message'],
]);
const SUBSCRIBE_TO_RESPONSE_OF = 'subscribeToResponseOf';
const CLIENT_PACKAGE = '@nestjs/microservices';

const indexByProgram = new WeakMap<ts.Program, ProgramIndex>();

export function getProgramIndex(program: ts.Program): ProgramIndex {
  let index = indexByProgram.get(program);
  if (!index) {
    index = buildIndex(program);
    indexByProgram.set(program, index);
  }
  return index;
}

/** Where `needle` starts in `text`, in order. */
function offsetsOf(text: string, needle: string): number[] {
  const offsets: number[] = [];
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) offsets.push(at);
  return offsets;
}

/** Whether one of the sorted `offsets` lies in [start, end). */
function containsOffset(offsets: readonly number[], start: number, end: number): boolean {
  let low = 0;
  let high = offsets.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((offsets[middle] ?? Infinity) < start) low = middle + 1;
    else high = middle;
  }
  return low < offsets.length && (offsets[low] ?? Infinity) < end;
}

function isOwnSourceFile(program: ts.Program, sourceFile: ts.SourceFile): boolean {
  return (
    !sourceFile.isDeclarationFile &&
    !program.isSourceFileFromExternalLibrary(sourceFile) &&
    !sourceFile.fileName.includes('/node_modules/')
  );
}

/**
 * Whether a decorator sits on a class declared at the top of its module, or on one of its members: names in its
 * arguments can only mean module-level declarations (no function or block around it can shadow them).
 */
function isOnTopLevelClass(decorator: ts.Decorator): boolean {
  const owner = decorator.parent;
  const declaration = ts.isClassDeclaration(owner) ? owner : owner.parent;
  return ts.isClassDeclaration(declaration) && ts.isSourceFile(declaration.parent);
}

/**
 * What a file's import declarations say about the names they import: `kind` for a handler decorator imported from
 * the client package (renamed or not), `null` for another name imported from another package (`Controller`,
 * `Inject`, `Payload`...: never a handler). Names only the checker can tell about (local declarations, relative
 * imports and packages that may re-export the decorators) are left out.
 */
function readImportedKinds(sourceFile: ts.SourceFile): Map<string, HandlerKind | null> {
  const imports = new Map<string, HandlerKind | null>();
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const specifier = statement.moduleSpecifier.text;
    if (specifier.startsWith('.') || specifier.startsWith('/')) continue;
    const fromClient = specifier === CLIENT_PACKAGE || specifier.startsWith(`${CLIENT_PACKAGE}/`);
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const element of bindings.elements) {
      const imported = (element.propertyName ?? element.name).text;
      // From another package: not a handler, unless it is a re-export of one (`EventPattern` by name).
      const kind = fromClient ? (DECORATORS.get(imported) ?? null) : DECORATORS.has(imported) ? undefined : null;
      if (kind !== undefined) imports.set(element.name.text, kind);
    }
  }
  return imports;
}

/** The offsets in a file's text where the index has something to look at: decorators (`@`) and the method name. */
function findOffsets(text: string, hasDecorators: boolean, hasSubscriptions: boolean): number[] {
  const offsets = [...(hasDecorators ? offsetsOf(text, '@') : []), ...(hasSubscriptions ? offsetsOf(text, SUBSCRIBE_TO_RESPONSE_OF) : [])];
  return offsets.sort((a, b) => a - b);
}

/** One build of a program's index: one pass over the program's own source files. */
class IndexBuilder {
  readonly handlers = new Map<string, PatternHandler[]>();
  readonly responseSubscriptions = new Set<string>();
  hasUnresolvedResponseSubscription = false;
  private readonly checkerScope: PatternScope;
  /** Per file: most decorators name the same few imports (`Topics.Created`, `Topics.Cancelled`...). */
  private readonly moduleScopes = new WeakMap<ts.SourceFile, PatternScope>();
  private readonly importsByFile = new WeakMap<ts.SourceFile, Map<string, HandlerKind | null>>();

  constructor(private readonly program: ts.Program) {
    this.checkerScope = getCheckerScope(program.getTypeChecker());
  }

  build(): ProgramIndex {
    for (const sourceFile of this.program.getSourceFiles()) {
      if (isOwnSourceFile(this.program, sourceFile)) this.visitFile(sourceFile);
    }
    // By place, not by the program's file order, which depends on how the program was built.
    for (const list of this.handlers.values()) list.sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : a.line - b.line));
    const { handlers, responseSubscriptions, hasUnresolvedResponseSubscription } = this;
    return { handlers, responseSubscriptions, hasUnresolvedResponseSubscription };
  }

  private visitFile(sourceFile: ts.SourceFile): void {
    // The cheap filter: most files mention neither.
    const { text } = sourceFile;
    const hasDecorators = text.includes('EventPattern') || text.includes('MessagePattern');
    const hasSubscriptions = text.includes(SUBSCRIBE_TO_RESPONSE_OF);
    if (!hasDecorators && !hasSubscriptions) return;
    // Only the parts of the tree that hold a decorator (`@`) or the method name are walked.
    const offsets = findOffsets(text, hasDecorators, hasSubscriptions);
    const visit = (node: ts.Node): void => {
      if (!containsOffset(offsets, node.pos, node.end)) return;
      if (hasDecorators && ts.canHaveDecorators(node)) {
        for (const decorator of ts.getDecorators(node) ?? []) this.visitDecorator(decorator);
      }
      if (hasSubscriptions && ts.isCallExpression(node)) this.visitCall(node);
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }

  /** The `@nestjs/microservices` declaration an expression refers to, through import aliases (`as On`). */
  private getNestSymbol(expression: ts.Expression): ts.Symbol | undefined {
    const symbol = this.checkerScope.symbolOf(expression);
    return (symbol?.declarations ?? []).some((declaration) => isDeclaredIn(this.program, declaration, CLIENT_PACKAGE)) ? symbol : undefined;
  }

  private getModuleScope(sourceFile: ts.SourceFile): PatternScope {
    let scope = this.moduleScopes.get(sourceFile);
    if (!scope) {
      scope = createModuleScope(this.program.getTypeChecker(), sourceFile);
      this.moduleScopes.set(sourceFile, scope);
    }
    return scope;
  }

  /** What a decorator name is imported as ({@link readImportedKinds}); `undefined` when only the checker can tell. */
  private getImportedKind(identifier: ts.Identifier): HandlerKind | null | undefined {
    const sourceFile = identifier.getSourceFile();
    let imports = this.importsByFile.get(sourceFile);
    if (!imports) {
      imports = readImportedKinds(sourceFile);
      this.importsByFile.set(sourceFile, imports);
    }
    return imports.get(identifier.text);
  }

  private visitDecorator(decorator: ts.Decorator): void {
    const call = decorator.expression;
    if (!ts.isCallExpression(call)) return;
    const callee = call.expression;
    const pattern = call.arguments[0];
    if (!pattern || !(ts.isIdentifier(callee) || ts.isPropertyAccessExpression(callee))) return;
    // Most decorators are named imports from a package: their import declaration says what they are.
    const imported = ts.isIdentifier(callee) ? this.getImportedKind(callee) : undefined;
    if (imported === null) return;
    const kind = imported ?? DECORATORS.get(this.getNestSymbol(ts.isPropertyAccessExpression(callee) ? callee.name : callee)?.name ?? '');
    if (!kind) return;
    // An unresolved handler pattern is simply not indexed: rules never guess about unknown patterns.
    const scope = isOnTopLevelClass(decorator) ? this.getModuleScope(decorator.getSourceFile()) : this.checkerScope;
    const routes = resolvePatternRoutes(scope, pattern);
    if (routes) this.addHandler(decorator, kind, routes);
  }

  private addHandler(decorator: ts.Decorator, kind: HandlerKind, routes: readonly string[]): void {
    const sourceFile = decorator.getSourceFile();
    const line = sourceFile.getLineAndCharacterOfPosition(decorator.getStart(sourceFile)).line + 1;
    for (const route of routes) {
      const list = this.handlers.get(route) ?? [];
      list.push({ kind, route, fileName: sourceFile.fileName, line });
      this.handlers.set(route, list);
    }
  }

  private visitCall(call: ts.CallExpression): void {
    const callee = call.expression;
    // By name only: `subscribeToResponseOf` is NestJS's own, and counting a lookalike could only register more
    // routes (fewer reports), never fewer; the checker is not asked about every receiver.
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== SUBSCRIBE_TO_RESPONSE_OF) return;
    const pattern = call.arguments[0];
    const routes = pattern ? resolvePatternRoutes(this.checkerScope, pattern) : undefined;
    if (routes) for (const route of routes) this.responseSubscriptions.add(route);
    else this.hasUnresolvedResponseSubscription = true;
  }
}

function buildIndex(program: ts.Program): ProgramIndex {
  programIndexStats.builds++;
  return new IndexBuilder(program).build();
}
