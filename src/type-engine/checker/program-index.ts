/**
 * Facts about the whole program that rules need for every file: which patterns have `@EventPattern` and
 * `@MessagePattern` handlers, and which patterns `ClientKafka.subscribeToResponseOf` registers. Built once per
 * `ts.Program` (cached by the program object) from per-file facts. A file's facts are read once and kept across
 * program versions for as long as the file and the files its answers depend on are unchanged; only files whose
 * text mentions the decorators or the method are parsed further.
 */
import type ts from 'typescript';

import { tsApi } from '../classic-typescript';
import type { ClientCallKind, HandlerKind, PatternHandler, ProgramIndex, TransportServers } from '../type-services';
import { findWrapperKeys, parseWrapperKey } from './client-wrappers';
import { installsGlobalFilter, mayInstallGlobalFilter } from './global-filters';
import type { FileTokenFacts } from './injection-tokens';
import { aggregateTokenFacts, EMPTY_CLIENT_TOKEN_INDEX, mayHoldTokenFacts, readTokenFacts } from './injection-tokens';
import { clientSubscriptionKey } from '../type-services';
import { getKafkaClientIdentity } from './kafka-client-identity';
import type { ControllerFacts } from './controller-facts';
import { aggregateControllerFacts, EMPTY_CONTROLLER_INDEX, mayHaveControllerFacts, readControllerFacts } from './controller-facts';
import type { PatternScope } from './pattern-scopes';
import { createModuleScope, getCheckerScope } from './pattern-scopes';
import { resolvePatternRoutes } from './pattern-values';
import { isDeclaredIn, isOwnSourceFile } from './program-facts';
import type { FileServerFacts } from './transport-servers';
import { containsOffset, getModuleImport, isModuleOfPackage, isOnTopLevelClass, offsetsOf } from './ts-syntax';
import { mayHoldServerFacts, NO_SERVER_FACTS, readServerFacts } from './transport-servers';

/**
 * How often an index was built (once per program version), how many of those builds were full passes over the
 * program's files (the first for a tsconfig, or after many changes), how many source files they read (the rest
 * came from the facts of unchanged files), and the time the builds took (inside the time of whichever rule asked
 * first): tests and the benchmark check and report them.
 */
export const programIndexStats = { builds: 0, fullBuilds: 0, fileReads: 0, buildMs: 0 };

const DECORATORS: ReadonlyMap<string, HandlerKind> = new Map([
  ['EventPattern', 'event'],
  ['MessagePattern', 'message'],
]);
const SUBSCRIBE_TO_RESPONSE_OF = 'subscribeToResponseOf';
const CLIENT_PACKAGE = '@nestjs/microservices';

const indexByProgram = new WeakMap<ts.Program, ProgramIndex>();

/** The index of a program without handlers or reply subscriptions. */
const NO_TRANSPORT_SERVERS: TransportServers = { servers: [], globalInterceptors: false, handlerQueues: false };

export const EMPTY_PROGRAM_INDEX: ProgramIndex = {
  handlers: new Map(),
  responseSubscriptions: new Set(),
  hasUnresolvedResponseSubscription: false,
  clientWrappers: new Map(),
  hasGlobalExceptionFilter: false,
  transportServers: NO_TRANSPORT_SERVERS,
  responseSubscriptionsByClient: new Set(),
  responseSubscriptionsOfUnknownClient: new Set(),
  controllers: EMPTY_CONTROLLER_INDEX,
  clientTokens: EMPTY_CLIENT_TOKEN_INDEX,
};

export function getProgramIndex(program: ts.Program): ProgramIndex {
  let index = indexByProgram.get(program);
  if (!index) {
    index = buildIndex(program);
    indexByProgram.set(program, index);
  }
  return index;
}

/**
 * What a file's import declarations say about a name: `kind` for a handler decorator imported from the client
 * package by name (renamed or not), `null` for another name imported by name from a package (`Controller`,
 * `Inject`, `Payload`...: never a handler); `undefined` for what only the checker can tell (local declarations,
 * relative imports, default and namespace imports, and a package's `EventPattern` that may re-export Nest's).
 */
function getImportedKind(sourceFile: ts.SourceFile, name: string): HandlerKind | null | undefined {
  const imported = getModuleImport(sourceFile, name);
  if (!imported || imported.imported === 'default' || imported.imported === '*') return undefined;
  if (imported.module.startsWith('.') || imported.module.startsWith('/')) return undefined;
  if (isModuleOfPackage(imported.module, CLIENT_PACKAGE)) return DECORATORS.get(imported.imported) ?? null;
  return DECORATORS.has(imported.imported) ? undefined : null;
}

/**
 * The kind of a handler decorator (`@EventPattern(...)`, `@MessagePattern(...)`, renamed or through a namespace),
 * recognised by its declaration in `@nestjs/microservices`; `undefined` for any other decorator. Shared by the
 * index and the rules that look at handlers. `scope` resolves the callee (and records what it reads).
 */
export function classifyHandlerDecorator(program: ts.Program, decorator: ts.Decorator, scope: PatternScope = getCheckerScope(program.getTypeChecker())): HandlerKind | undefined {
  const call = decorator.expression;
  if (!tsApi.isCallExpression(call)) return undefined;
  const sourceFile = decorator.getSourceFile();
  return getHandlerDecoratorKind(program, call.expression, (node) => scope.symbolOf(node), (identifier) => getImportedKind(sourceFile, identifier.text));
}

/**
 * The handler kind a decorator's callee names (`EventPattern`, `ms.MessagePattern`, a renamed or re-exported
 * import), by the declaration it resolves to in `@nestjs/microservices`; `undefined` for any other decorator.
 * `importedKind` answers from the file's import declarations where they tell ({@link getImportedKind}); the
 * program index and the rules that ask about one handler method share this recognition.
 */
export function getHandlerDecoratorKind(
  program: ts.Program,
  callee: ts.Expression,
  symbolOf: (node: ts.Node) => ts.Symbol | undefined,
  importedKind?: (identifier: ts.Identifier) => HandlerKind | null | undefined,
): HandlerKind | undefined {
  if (!(tsApi.isIdentifier(callee) || tsApi.isPropertyAccessExpression(callee))) return undefined;
  const imported = tsApi.isIdentifier(callee) ? importedKind?.(callee) : undefined;
  if (imported !== undefined) return imported ?? undefined;
  const symbol = symbolOf(tsApi.isPropertyAccessExpression(callee) ? callee.name : callee);
  const fromNest = (symbol?.declarations ?? []).some((declaration) => isDeclaredIn(program, declaration, CLIENT_PACKAGE));
  return fromNest ? DECORATORS.get(symbol?.name ?? '') : undefined;
}

/** The offsets in a file's text where the index has something to look at: decorators (`@`) and the method name. */
function findOffsets(text: string, hasDecorators: boolean, hasSubscriptions: boolean): number[] {
  const offsets = [...(hasDecorators ? offsetsOf(text, '@') : []), ...(hasSubscriptions ? offsetsOf(text, SUBSCRIBE_TO_RESPONSE_OF) : [])];
  return offsets.sort((a, b) => a - b);
}

/** What one source file contributes to the index, and the files its answers were read from. */
interface FileFacts {
  readonly handlers: readonly PatternHandler[];
  readonly responseSubscriptions: readonly string[];
  /** {@link clientSubscriptionKey}s of the registrations on a client whose identity is known. */
  readonly clientSubscriptions: readonly string[];
  /** Routes registered on a client whose identity is not known. */
  readonly unknownClientSubscriptions: readonly string[];
  readonly hasUnresolvedResponseSubscription: boolean;
  /** Functions that look like client wrappers, as `<kind>:<name>` (syntax only: see `client-wrappers.ts`). */
  readonly wrapperKeys: readonly string[];
  /** Whether the file installs a global exception filter (`useGlobalFilters(...)`, an `APP_FILTER` provider). */
  readonly installsGlobalFilter: boolean;
  /** Server configurations and global interceptors (`transport-servers.ts`). */
  readonly transportServers: FileServerFacts;
  /** Its modules' `controllers` and its classes' bases ({@link readControllerFacts}). */
  readonly controllers: ControllerFacts | undefined;
  /** Who may close the clients of which injection tokens ({@link readTokenFacts}). */
  readonly tokens: FileTokenFacts | undefined;
  /**
   * The source files the answers depend on: the file itself, and every file whose declarations the resolution
   * read (import and re-export chains, constants, enums). The facts hold for any program version that still
   * has exactly these `SourceFile` objects, which TypeScript keeps for unchanged files.
   */
  readonly dependencies: readonly ts.SourceFile[];
  /** Set when a value came from the type checker: the facts then hold for this program only. */
  readonly program: ts.Program | undefined;
}

/**
 * Facts by source file, across program versions: an editor's every keystroke makes a new `ts.Program`, in which
 * only the edited file is a new `SourceFile`.
 */
const factsBySourceFile = new WeakMap<ts.SourceFile, FileFacts>();

/**
 * Whether the facts of `sourceFile` (one of `program`'s own files) still hold in `program`. `unchanged` memoizes,
 * for one build, whether a dependency is still the program's file: many files depend on the same few (a topics
 * file, the decorators' declarations).
 */
function isCurrent(facts: FileFacts, program: ts.Program, sourceFile: ts.SourceFile, unchanged: Map<ts.SourceFile, boolean>): boolean {
  if (facts.program) return facts.program === program;
  return facts.dependencies.every((dependency) => {
    if (dependency === sourceFile) return true;
    let answer = unchanged.get(dependency);
    if (answer === undefined) {
      answer = program.getSourceFile(dependency.fileName) === dependency;
      unchanged.set(dependency, answer);
    }
    return answer;
  });
}

/**
 * A pattern scope that records what resolution reads: every declaration file of the symbols it finds, along import
 * and re-export chains, and whether it asked the type checker for a value.
 */
class RecordingScope implements PatternScope {
  readonly checker: ts.TypeChecker;
  typeQueried = false;
  /** Names already recorded, by the symbol they led to: a file's decorators name the same few imports. */
  private readonly recorded = new Map<ts.Symbol | undefined, Set<string>>();

  constructor(
    private readonly inner: PatternScope,
    private readonly dependencies: Set<ts.SourceFile>,
  ) {
    this.checker = inner.checker;
  }

  symbolOf(node: ts.Node): ts.Symbol | undefined {
    const symbol = this.inner.symbolOf(node);
    // The same name leading to the same symbol took the same import chain: recorded once.
    const name = tsApi.isIdentifier(node) ? node.text : tsApi.isPropertyAccessExpression(node) ? node.name.text : undefined;
    let names = this.recorded.get(symbol);
    if (name !== undefined && names?.has(name)) return symbol;
    if (!names) this.recorded.set(symbol, (names = new Set()));
    if (name !== undefined) names.add(name);
    let current = this.checker.getSymbolAtLocation(node);
    for (let depth = 0; current && depth < 16; depth++) {
      for (const declaration of current.declarations ?? []) this.dependencies.add(declaration.getSourceFile());
      current = current.flags & tsApi.SymbolFlags.Alias ? this.checker.getImmediateAliasedSymbol(current) : undefined;
    }
    for (const declaration of symbol?.declarations ?? []) this.dependencies.add(declaration.getSourceFile());
    return symbol;
  }

  onTypeQuery(): void {
    this.typeQueried = true;
  }
}

/** Reads one source file's facts (decorators and `subscribeToResponseOf` calls). */
class FileFactsReader {
  private readonly handlers: PatternHandler[] = [];
  private readonly responseSubscriptions: string[] = [];
  private readonly clientSubscriptions: string[] = [];
  private readonly unknownClientSubscriptions: string[] = [];
  private hasUnresolvedResponseSubscription = false;
  private readonly dependencies: Set<ts.SourceFile>;
  private readonly checkerScope: RecordingScope;
  private moduleScope: RecordingScope | undefined;

  constructor(
    private readonly program: ts.Program,
    private readonly sourceFile: ts.SourceFile,
  ) {
    this.dependencies = new Set([sourceFile]);
    this.checkerScope = new RecordingScope(getCheckerScope(program.getTypeChecker()), this.dependencies);
  }

  read(hasDecorators: boolean, hasSubscriptions: boolean, hasClientNames: boolean, hasFilterText: boolean, hasServers: boolean, hasControllerFacts: boolean, hasTokenFacts: boolean): FileFacts {
    if (hasDecorators || hasSubscriptions) this.walk(findOffsets(this.sourceFile.text, hasDecorators, hasSubscriptions), hasDecorators, hasSubscriptions);
    const filter = hasFilterText && installsGlobalFilter(this.sourceFile, this.checkerScope);
    const transportServers = hasServers ? readServerFacts(this.program, this.sourceFile, this.checkerScope) : NO_SERVER_FACTS;
    const controllers = hasControllerFacts ? readControllerFacts(this.program, this.sourceFile, this.checkerScope) : undefined;
    const tokens = hasTokenFacts ? readTokenFacts(this.program, this.sourceFile, this.checkerScope) : undefined;
    const typeQueried = this.checkerScope.typeQueried || this.moduleScope?.typeQueried === true;
    return {
      handlers: this.handlers,
      responseSubscriptions: this.responseSubscriptions,
      clientSubscriptions: this.clientSubscriptions,
      unknownClientSubscriptions: this.unknownClientSubscriptions,
      hasUnresolvedResponseSubscription: this.hasUnresolvedResponseSubscription,
      wrapperKeys: hasClientNames ? this.readWrapperKeys() : [],
      installsGlobalFilter: filter,
      transportServers,
      controllers,
      tokens,
      dependencies: [...this.dependencies],
      program: typeQueried ? this.program : undefined,
    };
  }

  /** Only the parts of the tree that hold `emit` or `send` are walked. */
  private readWrapperKeys(): string[] {
    const { text } = this.sourceFile;
    const offsets = [...offsetsOf(text, 'emit'), ...offsetsOf(text, 'send')].sort((a, b) => a - b);
    return findWrapperKeys(this.sourceFile, (node) => containsOffset(offsets, node.pos, node.end));
  }

  /** Only the parts of the tree that hold a decorator (`@`) or the method name are walked. */
  private walk(offsets: readonly number[], hasDecorators: boolean, hasSubscriptions: boolean): void {
    const visit = (node: ts.Node): void => {
      if (!containsOffset(offsets, node.pos, node.end)) return;
      if (hasDecorators && tsApi.canHaveDecorators(node)) {
        for (const decorator of tsApi.getDecorators(node) ?? []) this.visitDecorator(decorator);
      }
      if (hasSubscriptions && tsApi.isCallExpression(node)) this.visitCall(node);
      tsApi.forEachChild(node, visit);
    };
    visit(this.sourceFile);
  }

  /** Most decorators name the same few imports (`Topics.Created`, `Topics.Cancelled`...): one scope per file. */
  private getModuleScope(): RecordingScope {
    this.moduleScope ??= new RecordingScope(createModuleScope(this.program.getTypeChecker(), this.sourceFile), this.dependencies);
    return this.moduleScope;
  }

  private visitDecorator(decorator: ts.Decorator): void {
    const call = decorator.expression;
    const pattern = tsApi.isCallExpression(call) ? call.arguments[0] : undefined;
    if (!pattern) return;
    const kind = classifyHandlerDecorator(this.program, decorator, this.checkerScope);
    if (!kind) return;
    // An unresolved handler pattern is simply not indexed: rules never guess about unknown patterns.
    const routes = resolvePatternRoutes(isOnTopLevelClass(decorator) ? this.getModuleScope() : this.checkerScope, pattern);
    if (!routes) return;
    const line = this.sourceFile.getLineAndCharacterOfPosition(decorator.getStart(this.sourceFile)).line + 1;
    for (const route of routes) this.handlers.push({ kind, route, fileName: this.sourceFile.fileName, line });
  }

  private visitCall(call: ts.CallExpression): void {
    const callee = call.expression;
    // By name only: `subscribeToResponseOf` is NestJS's own, and counting a lookalike could only register more
    // routes (fewer reports), never fewer; the checker is not asked about every receiver.
    if (!tsApi.isPropertyAccessExpression(callee) || callee.name.text !== SUBSCRIBE_TO_RESPONSE_OF) return;
    const pattern = call.arguments[0];
    const routes = pattern ? resolvePatternRoutes(this.checkerScope, pattern) : undefined;
    if (!routes) {
      this.hasUnresolvedResponseSubscription = true;
      return;
    }
    this.responseSubscriptions.push(...routes);
    const client = getKafkaClientIdentity(this.program, this.checkerScope, callee.expression);
    if (client === undefined) this.unknownClientSubscriptions.push(...routes);
    else this.clientSubscriptions.push(...routes.map((route) => clientSubscriptionKey(client, route)));
  }
}

/** The facts of a file whose text mentions neither the decorators nor the method: most files. */
const NO_FACTS: FileFacts = {
  handlers: [],
  responseSubscriptions: [],
  clientSubscriptions: [],
  unknownClientSubscriptions: [],
  hasUnresolvedResponseSubscription: false,
  wrapperKeys: [],
  installsGlobalFilter: false,
  transportServers: NO_SERVER_FACTS,
  controllers: undefined,
  tokens: undefined,
  dependencies: [],
  program: undefined,
};

/**
 * A file's facts, read from its tree only where its text names a handler decorator, the method, or a client
 * method (few files).
 */
function readFileFacts(program: ts.Program, sourceFile: ts.SourceFile): FileFacts {
  const { text } = sourceFile;
  const hasDecorators = text.includes('EventPattern') || text.includes('MessagePattern');
  const hasSubscriptions = text.includes(SUBSCRIBE_TO_RESPONSE_OF);
  const hasClientNames = text.includes('emit') || text.includes('send');
  const hasFilterText = mayInstallGlobalFilter(text);
  const hasServers = mayHoldServerFacts(text);
  const hasControllerFacts = mayHaveControllerFacts(text);
  const hasTokenFacts = mayHoldTokenFacts(text);
  return hasDecorators || hasSubscriptions || hasClientNames || hasFilterText || hasServers || hasControllerFacts || hasTokenFacts
    ? new FileFactsReader(program, sourceFile).read(hasDecorators, hasSubscriptions, hasClientNames, hasFilterText, hasServers, hasControllerFacts, hasTokenFacts)
    : NO_FACTS;
}

/** A file's facts: cached ones while they still hold, else read again (and counted). */
function getFileFacts(program: ts.Program, sourceFile: ts.SourceFile, unchanged: Map<ts.SourceFile, boolean>): FileFacts {
  const cached = factsBySourceFile.get(sourceFile);
  if (cached && isCurrent(cached, program, sourceFile, unchanged)) return cached;
  programIndexStats.fileReads++;
  const facts = readFileFacts(program, sourceFile);
  factsBySourceFile.set(sourceFile, facts);
  return facts;
}

/** Whether a file's facts take part in the index: it has some, or they depend on other files or on types. */
function contributes(facts: FileFacts): boolean {
  return (
    facts.handlers.length > 0 ||
    facts.responseSubscriptions.length > 0 ||
    facts.hasUnresolvedResponseSubscription ||
    facts.wrapperKeys.length > 0 ||
    facts.installsGlobalFilter ||
    facts.transportServers !== NO_SERVER_FACTS ||
    facts.controllers !== undefined ||
    facts.tokens !== undefined ||
    facts.dependencies.length > 1 ||
    facts.program !== undefined
  );
}

/**
 * The last index built for a project (by tsconfig), and what is needed to build the next version's from it: the
 * program's file list, the files whose facts take part, which of them depend on which other files, and how many
 * files register each reply route. Only the latest version's state is kept, and it is updated in place; each
 * version's `ProgramIndex` is its own object.
 */
interface IndexState {
  sourceFiles: readonly ts.SourceFile[];
  readonly contributing: Map<ts.SourceFile, FileFacts>;
  readonly dependents: Map<ts.SourceFile, Set<ts.SourceFile>>;
  readonly subscriptionCounts: Map<string, number>;
  /** How many files declare a wrapper candidate of each `<kind>:<name>`. */
  readonly wrapperCounts: Map<string, number>;
  readonly clientSubscriptionCounts: Map<string, number>;
  readonly unknownClientSubscriptionCounts: Map<string, number>;
  unresolvedSubscriptions: number;
  index: ProgramIndex;
}

/** At most this many changed files are handled file by file; more (a branch switch) make a full pass. */
const MAX_CHANGED_FILES = 64;
const stateByProject = new Map<string, IndexState>();

const byPlace = (a: PatternHandler, b: PatternHandler): number => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : a.line - b.line);

/** The wrapper candidates' names, with the client call kinds each name may stand for. */
function toClientWrappers(counts: ReadonlyMap<string, number>): ReadonlyMap<string, readonly ClientCallKind[]> {
  const wrappers = new Map<string, ClientCallKind[]>();
  for (const key of counts.keys()) {
    const { kind, name } = parseWrapperKey(key);
    const kinds = wrappers.get(name) ?? [];
    kinds.push(kind);
    wrappers.set(name, kinds);
  }
  return wrappers;
}

/** Adds `delta` to the count of each key; a key whose count drops to 0 is removed. */
function count(counts: Map<string, number>, keys: readonly string[], delta: 1 | -1): void {
  for (const key of keys) {
    const next = (counts.get(key) ?? 0) + delta;
    if (next > 0) counts.set(key, next);
    else counts.delete(key);
  }
}

function addFacts(state: IndexState, sourceFile: ts.SourceFile, facts: FileFacts): void {
  if (!contributes(facts)) return;
  state.contributing.set(sourceFile, facts);
  for (const dependency of facts.dependencies) {
    if (dependency === sourceFile) continue;
    let dependents = state.dependents.get(dependency);
    if (!dependents) state.dependents.set(dependency, (dependents = new Set()));
    dependents.add(sourceFile);
  }
  count(state.subscriptionCounts, facts.responseSubscriptions, 1);
  count(state.wrapperCounts, facts.wrapperKeys, 1);
  count(state.clientSubscriptionCounts, facts.clientSubscriptions, 1);
  count(state.unknownClientSubscriptionCounts, facts.unknownClientSubscriptions, 1);
  if (facts.hasUnresolvedResponseSubscription) state.unresolvedSubscriptions++;
}

function removeFacts(state: IndexState, sourceFile: ts.SourceFile): FileFacts | undefined {
  const facts = state.contributing.get(sourceFile);
  if (!facts) return undefined;
  state.contributing.delete(sourceFile);
  for (const dependency of facts.dependencies) state.dependents.get(dependency)?.delete(sourceFile);
  count(state.subscriptionCounts, facts.responseSubscriptions, -1);
  count(state.wrapperCounts, facts.wrapperKeys, -1);
  count(state.clientSubscriptionCounts, facts.clientSubscriptions, -1);
  count(state.unknownClientSubscriptionCounts, facts.unknownClientSubscriptions, -1);
  if (facts.hasUnresolvedResponseSubscription) state.unresolvedSubscriptions--;
  return facts;
}

/** Every own file's facts: the first build of a project, or after many changes. */
function buildState(program: ts.Program, sourceFiles: readonly ts.SourceFile[]): IndexState {
  programIndexStats.fullBuilds++;
  const state: IndexState = {
    sourceFiles,
    contributing: new Map(),
    dependents: new Map(),
    subscriptionCounts: new Map(),
    clientSubscriptionCounts: new Map(),
    unknownClientSubscriptionCounts: new Map(),
    wrapperCounts: new Map(),
    unresolvedSubscriptions: 0,
    index: EMPTY_PROGRAM_INDEX,
  };
  const unchanged = new Map<ts.SourceFile, boolean>();
  for (const sourceFile of sourceFiles) {
    if (isOwnSourceFile(program, sourceFile)) addFacts(state, sourceFile, getFileFacts(program, sourceFile, unchanged));
  }
  const handlers = new Map<string, PatternHandler[]>();
  for (const facts of state.contributing.values()) {
    for (const handler of facts.handlers) {
      const list = handlers.get(handler.route) ?? [];
      list.push(handler);
      handlers.set(handler.route, list);
    }
  }
  // By place, not by the program's file order, which depends on how the program was built.
  for (const list of handlers.values()) list.sort(byPlace);
  state.index = {
    handlers,
    responseSubscriptions: new Set(state.subscriptionCounts.keys()),
    hasUnresolvedResponseSubscription: state.unresolvedSubscriptions > 0,
    clientWrappers: toClientWrappers(state.wrapperCounts),
    hasGlobalExceptionFilter: hasGlobalFilter(state),
    transportServers: collectTransportServers(state.contributing),
    responseSubscriptionsByClient: new Set(state.clientSubscriptionCounts.keys()),
    responseSubscriptionsOfUnknownClient: new Set(state.unknownClientSubscriptionCounts.keys()),
    controllers: aggregateControllers(state),
    clientTokens: aggregateTokenFacts([...state.contributing.values()].map((facts) => facts.tokens)),
  };
  return state;
}


/** The files of a new program version to look at again: at the positions whose `SourceFile` changed, and their dependents. */
function findChanged(program: ts.Program, sourceFiles: readonly ts.SourceFile[], state: IndexState): { removed: ts.SourceFile[]; again: Set<ts.SourceFile> } | undefined {
  if (sourceFiles.length !== state.sourceFiles.length) return undefined;
  const removed: ts.SourceFile[] = [];
  const again = new Set<ts.SourceFile>();
  for (let index = 0; index < sourceFiles.length; index++) {
    const before = state.sourceFiles[index];
    const after = sourceFiles[index];
    if (before === after || !before || !after) continue;
    if (removed.push(before) > MAX_CHANGED_FILES) return undefined;
    if (isOwnSourceFile(program, after)) again.add(after);
    for (const dependent of state.dependents.get(before) ?? []) again.add(dependent);
  }
  for (const [sourceFile, facts] of state.contributing) if (facts.program) again.add(sourceFile);
  // A dependent that was itself replaced is read at its new position. A file that only moved (the program's file
  // order follows the imports, which an edit can reorder) is still the program's: it is read again.
  for (const before of removed) if (program.getSourceFile(before.fileName) !== before) again.delete(before);
  return { removed, again };
}

/**
 * Brings the state to a new version of the program: drops the facts of replaced files, reads again the files that
 * changed or depend on one, and derives the new index from the last one, route by route. `false` when the file
 * lists differ too much to compare.
 */
function updateState(program: ts.Program, sourceFiles: readonly ts.SourceFile[], state: IndexState): boolean {
  const changed = findChanged(program, sourceFiles, state);
  if (!changed) return false;
  const dropped: FileFacts[] = [];
  for (const before of changed.removed) {
    const facts = removeFacts(state, before);
    if (facts) dropped.push(facts);
    if (program.getSourceFile(before.fileName) !== before) state.dependents.delete(before);
  }
  const added: FileFacts[] = [];
  const unchanged = new Map<ts.SourceFile, boolean>();
  for (const sourceFile of changed.again) {
    const previous = removeFacts(state, sourceFile);
    if (previous) dropped.push(previous);
    const facts = getFileFacts(program, sourceFile, unchanged);
    addFacts(state, sourceFile, facts);
    added.push(facts);
  }
  state.sourceFiles = sourceFiles;
  state.index = {
    handlers: updateHandlers(state.index.handlers, dropped, added),
    responseSubscriptions: keysOf(state.index.responseSubscriptions, state.subscriptionCounts),
    responseSubscriptionsByClient: keysOf(state.index.responseSubscriptionsByClient, state.clientSubscriptionCounts),
    responseSubscriptionsOfUnknownClient: keysOf(state.index.responseSubscriptionsOfUnknownClient, state.unknownClientSubscriptionCounts),
    hasUnresolvedResponseSubscription: state.unresolvedSubscriptions > 0,
    clientWrappers: sameWrapperKeys(state.index.clientWrappers, state.wrapperCounts) ? state.index.clientWrappers : toClientWrappers(state.wrapperCounts),
    hasGlobalExceptionFilter: hasGlobalFilter(state),
    transportServers: [...dropped, ...added].some((facts) => facts.transportServers !== NO_SERVER_FACTS)
      ? collectTransportServers(state.contributing)
      : state.index.transportServers,
    controllers: [...dropped, ...added].some((facts) => facts.controllers !== undefined) ? aggregateControllers(state) : state.index.controllers,
    clientTokens: [...dropped, ...added].some((facts) => facts.tokens !== undefined)
      ? aggregateTokenFacts([...state.contributing.values()].map((facts) => facts.tokens))
      : state.index.clientTokens,
  };
  return true;
}

function sameWrapperKeys(wrappers: ReadonlyMap<string, readonly ClientCallKind[]>, counts: ReadonlyMap<string, number>): boolean {
  let size = 0;
  for (const [name, kinds] of wrappers) {
    size += kinds.length;
    if (kinds.some((kind) => !counts.has(`${kind}:${name}`))) return false;
  }
  return size === counts.size;
}

/** Whether a contributing file installs a global exception filter (few files do; recomputed per version). */
function hasGlobalFilter(state: IndexState): boolean {
  for (const facts of state.contributing.values()) if (facts.installsGlobalFilter) return true;
  return false;
}

/** The program's server facts from its contributing files (few hold any), by place. */
function collectTransportServers(contributing: ReadonlyMap<ts.SourceFile, FileFacts>): TransportServers {
  const servers = [];
  let globalInterceptors = false;
  let handlerQueues = false;
  for (const facts of contributing.values()) {
    servers.push(...facts.transportServers.servers);
    globalInterceptors ||= facts.transportServers.globalInterceptors;
    handlerQueues ||= facts.transportServers.handlerQueues;
  }
  if (servers.length === 0 && !globalInterceptors && !handlerQueues) return NO_TRANSPORT_SERVERS;
  servers.sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : a.line - b.line));
  return { servers, globalInterceptors, handlerQueues };
}

/** The last set when the counts still have exactly its keys, else a new one. */
function keysOf(last: ReadonlySet<string>, counts: ReadonlyMap<string, number>): ReadonlySet<string> {
  return sameKeys(last, counts) ? last : new Set(counts.keys());
}

/** The controller facts of the contributing files, aggregated (few files: modules and derived classes). */
function aggregateControllers(state: IndexState): ProgramIndex['controllers'] {
  return aggregateControllerFacts([...state.contributing.values()].map((facts) => facts.controllers));
}

function sameKeys(set: ReadonlySet<string>, counts: ReadonlyMap<string, number>): boolean {
  if (set.size !== counts.size) return false;
  for (const key of counts.keys()) if (!set.has(key)) return false;
  return true;
}

/** The last index's handlers with the dropped facts' handlers out and the added ones in, for the routes they name. */
function updateHandlers(
  last: ReadonlyMap<string, readonly PatternHandler[]>,
  dropped: readonly FileFacts[],
  added: readonly FileFacts[],
): ReadonlyMap<string, readonly PatternHandler[]> {
  const gone = new Set(dropped.flatMap((facts) => facts.handlers));
  const routes = new Set([...gone, ...added.flatMap((facts) => facts.handlers)].map((handler) => handler.route));
  if (routes.size === 0) return last;
  const handlers = new Map(last);
  for (const route of routes) {
    const list = (last.get(route) ?? []).filter((handler) => !gone.has(handler));
    for (const facts of added) for (const handler of facts.handlers) if (handler.route === route) list.push(handler);
    if (list.length > 0) handlers.set(route, list.sort(byPlace));
    else handlers.delete(route);
  }
  return handlers;
}

/**
 * The program's index from its files' facts. A new version of a program (an editor's keystroke) starts from the
 * last version's state and reads again only the files that changed or depend on one: its cost does not grow with
 * the program.
 */
function buildIndex(program: ts.Program): ProgramIndex {
  const started = performance.now();
  programIndexStats.builds++;
  const { configFilePath } = program.getCompilerOptions();
  const project = typeof configFilePath === 'string' ? configFilePath : '';
  const sourceFiles = program.getSourceFiles();
  const last = stateByProject.get(project);
  let index: ProgramIndex;
  if (last && updateState(program, sourceFiles, last)) {
    index = last.index;
  } else {
    const state = buildState(program, sourceFiles);
    stateByProject.set(project, state);
    index = state.index;
  }
  programIndexStats.buildMs += performance.now() - started;
  return index;
}
