/**
 * What one source file says about which classes Nest instantiates as controllers: the classes its `@Module({...})`
 * decorators list in `controllers`, whether a `controllers` value could not be read (a dynamic module, a computed
 * array), and which base class each of its top-level classes extends. Nest binds message handlers only on the
 * instances of the classes that modules list in `controllers` (`microservices-module.js` `bindListeners`), and
 * finds them along the instance's whole prototype chain (`core/metadata-scanner.js` `getAllMethodNames`): a
 * handler of a base class is live when a listed class derives from it.
 */
import type ts from 'typescript';

import { tsApi } from '../classic-typescript';
import type { ControllerIndex } from '../type-services';
import type { PatternScope } from './pattern-scopes';
import { isDeclaredIn } from './program-facts';
import { getPackageImportName } from './ts-syntax';

const COMMON_PACKAGE = '@nestjs/common';
const CONTROLLERS = 'controllers';
/** Constants followed from an array to the array it spreads. */
const MAX_DEPTH = 8;

/** One file's part of {@link ControllerIndex}. */
export interface ControllerFacts {
  readonly hasModule: boolean;
  readonly hasUnknownControllers: boolean;
  /** Keys ({@link classKey}) of the classes listed in `controllers`. */
  readonly listed: readonly string[];
  /** Each top-level class with an `extends` clause: its key and its bases' keys, `null` when they are unknown. */
  readonly bases: readonly (readonly [string, readonly string[] | null])[];
}

/**
 * A class's key across program versions: its file and its name, for a class declared at the top of its module
 * (`default` for an anonymous default export); `undefined` for any other class.
 */
export function classKey(declaration: ts.Node): string | undefined {
  if (!tsApi.isClassDeclaration(declaration) || !tsApi.isSourceFile(declaration.parent)) return undefined;
  const name = declaration.name?.text ?? (declaration.modifiers?.some((modifier) => modifier.kind === tsApi.SyntaxKind.DefaultKeyword) ? 'default' : undefined);
  return name === undefined ? undefined : `${declaration.parent.fileName}#${name}`;
}

function unwrap(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (tsApi.isParenthesizedExpression(current) || tsApi.isAsExpression(current) || tsApi.isSatisfiesExpression(current) || tsApi.isTypeAssertionExpression(current)) {
    current = current.expression;
  }
  return current;
}

function isConstVariable(declaration: ts.Declaration): declaration is ts.VariableDeclaration {
  return tsApi.isVariableDeclaration(declaration) && (tsApi.getCombinedNodeFlags(declaration) & tsApi.NodeFlags.Const) !== 0;
}

class ControllerReader {
  private hasModule = false;
  private hasUnknownControllers = false;
  private readonly listed: string[] = [];
  private readonly bases: (readonly [string, readonly string[] | null])[] = [];
  private readonly moduleArguments = new Set<ts.Node>();

  constructor(
    private readonly program: ts.Program,
    private readonly sourceFile: ts.SourceFile,
    private readonly scope: PatternScope,
  ) {}

  read(): ControllerFacts | undefined {
    const { text } = this.sourceFile;
    const mayHaveModules = text.includes('Module');
    const mayHaveBases = text.includes('extends');
    for (const statement of this.sourceFile.statements) {
      if (!tsApi.isClassDeclaration(statement)) continue;
      if (mayHaveModules) for (const decorator of tsApi.getDecorators(statement) ?? []) this.visitDecorator(decorator);
      if (mayHaveBases) this.visitHeritage(statement);
    }
    if (text.includes(CONTROLLERS)) this.findOtherControllerLists(text);
    if (!this.hasModule && !this.hasUnknownControllers && this.bases.length === 0) return undefined;
    return { hasModule: this.hasModule, hasUnknownControllers: this.hasUnknownControllers, listed: this.listed, bases: this.bases };
  }

  /** The declaration a name refers to, through import aliases (each file on the way is recorded by the scope). */
  private declarationsOf(expression: ts.Expression): readonly ts.Declaration[] {
    const target = tsApi.isPropertyAccessExpression(expression) ? expression.name : expression;
    if (!tsApi.isIdentifier(target)) return [];
    return this.scope.symbolOf(target)?.declarations ?? [];
  }

  private isNestModule(callee: ts.Expression, decorator: ts.Decorator): boolean {
    if (!tsApi.isIdentifier(callee) && !tsApi.isPropertyAccessExpression(callee)) return false;
    // Imported from `@nestjs/common` itself by the module of a top-level class: the import tells. Else by
    // declaration: another module may re-export it.
    const imported = tsApi.isIdentifier(callee) ? getPackageImportName(decorator, callee.text, COMMON_PACKAGE) : undefined;
    if (imported !== undefined) return imported === 'Module';
    return this.declarationsOf(callee).some(
      (declaration) => tsApi.getNameOfDeclaration(declaration)?.getText() === 'Module' && isDeclaredIn(this.program, declaration, COMMON_PACKAGE),
    );
  }

  private visitDecorator(decorator: ts.Decorator): void {
    const call = decorator.expression;
    if (!tsApi.isCallExpression(call) || !this.isNestModule(call.expression, decorator)) return;
    this.hasModule = true;
    const [metadata] = call.arguments;
    if (!metadata) return;
    const object = unwrap(metadata);
    if (!tsApi.isObjectLiteralExpression(object)) {
      this.hasUnknownControllers = true;
      return;
    }
    this.moduleArguments.add(object);
    for (const property of object.properties) {
      if (tsApi.isSpreadAssignment(property)) {
        this.hasUnknownControllers = true;
        continue;
      }
      const name = tsApi.isIdentifier(property.name) || tsApi.isStringLiteral(property.name) ? property.name.text : undefined;
      if (tsApi.isComputedPropertyName(property.name)) this.hasUnknownControllers = true;
      if (name !== CONTROLLERS) continue;
      const value = tsApi.isPropertyAssignment(property) ? property.initializer : tsApi.isShorthandPropertyAssignment(property) ? property.name : undefined;
      const keys = value ? this.readClassList(value, 0) : undefined;
      if (keys) this.listed.push(...keys);
      else this.hasUnknownControllers = true;
    }
  }

  /** The classes an array expression lists, or `undefined` when any element is not a class known before run time. */
  private readClassList(expression: ts.Expression, depth: number): string[] | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const value = unwrap(expression);
    if (tsApi.isIdentifier(value) || tsApi.isPropertyAccessExpression(value)) {
      const declarations = this.declarationsOf(value);
      const [declaration] = declarations;
      if (declarations.length !== 1 || !declaration || !isConstVariable(declaration) || !declaration.initializer) return undefined;
      return this.readClassList(declaration.initializer, depth + 1);
    }
    if (!tsApi.isArrayLiteralExpression(value)) return undefined;
    const keys: string[] = [];
    for (const element of value.elements) {
      if (tsApi.isSpreadElement(element)) {
        const spread = this.readClassList(element.expression, depth + 1);
        if (!spread) return undefined;
        keys.push(...spread);
        continue;
      }
      const key = this.readClass(element);
      if (key === undefined) return undefined;
      keys.push(key);
    }
    return keys;
  }

  private readClass(expression: ts.Expression): string | undefined {
    const value = unwrap(expression);
    if (!tsApi.isIdentifier(value) && !tsApi.isPropertyAccessExpression(value)) return undefined;
    const declarations = this.declarationsOf(value);
    return declarations.length === 1 && declarations[0] ? classKey(declarations[0]) : undefined;
  }

  private visitHeritage(declaration: ts.ClassDeclaration): void {
    const key = classKey(declaration);
    const clause = declaration.heritageClauses?.find((heritage) => heritage.token === tsApi.SyntaxKind.ExtendsKeyword);
    const base = clause?.types[0]?.expression;
    if (!key || !base) return;
    const direct = this.readClass(base);
    if (direct !== undefined) {
      this.bases.push([key, [direct]]);
      return;
    }
    // `extends Mixin(Base)`: the classes named in the expression may be on the chain; anything else is unknown.
    const named: string[] = [];
    const visit = (node: ts.Node): void => {
      if (tsApi.isIdentifier(node)) {
        const found = this.readClass(node);
        if (found !== undefined) named.push(found);
      }
      tsApi.forEachChild(node, visit);
    };
    visit(base);
    this.bases.push([key, tsApi.isIdentifier(unwrap(base)) || tsApi.isPropertyAccessExpression(unwrap(base)) || named.length === 0 ? null : named]);
  }

  /**
   * Any other object literal with a `controllers` property (a dynamic module `{ module, controllers }`, a lookalike
   * `@Module`): the program may register classes this reader cannot see.
   */
  private findOtherControllerLists(text: string): void {
    const offsets: number[] = [];
    for (let at = text.indexOf(CONTROLLERS); at !== -1; at = text.indexOf(CONTROLLERS, at + CONTROLLERS.length)) offsets.push(at);
    const visit = (node: ts.Node): void => {
      if (this.hasUnknownControllers || !offsets.some((offset) => offset >= node.pos && offset < node.end)) return;
      if (tsApi.isObjectLiteralExpression(node) && !this.moduleArguments.has(node)) {
        const hasControllers = node.properties.some((property) => property.name !== undefined && (tsApi.isIdentifier(property.name) || tsApi.isStringLiteral(property.name)) && property.name.text === CONTROLLERS);
        if (hasControllers) {
          this.hasUnknownControllers = true;
          return;
        }
      }
      tsApi.forEachChild(node, visit);
    };
    visit(this.sourceFile);
  }
}

/** What a file says about controllers, or `undefined` when it says nothing (most files). */
export function readControllerFacts(program: ts.Program, sourceFile: ts.SourceFile, scope: PatternScope): ControllerFacts | undefined {
  return new ControllerReader(program, sourceFile, scope).read();
}

/** Whether a file's text could hold controller facts: the cheap check before its tree is read. */
export function mayHaveControllerFacts(text: string): boolean {
  return text.includes('Module') || text.includes('extends') || text.includes(CONTROLLERS);
}

/** The program's controller facts from its files' facts. */
export function aggregateControllerFacts(files: Iterable<ControllerFacts | undefined>): ControllerIndex {
  let hasModule = false;
  let hasUnknownControllers = false;
  const listed = new Set<string>();
  const bases = new Map<string, readonly string[] | null>();
  for (const facts of files) {
    if (!facts) continue;
    hasModule ||= facts.hasModule;
    hasUnknownControllers ||= facts.hasUnknownControllers;
    for (const key of facts.listed) listed.add(key);
    for (const [key, keys] of facts.bases) bases.set(key, keys);
  }
  return { hasModule, hasUnknownControllers, listed, bases };
}

export const EMPTY_CONTROLLER_INDEX: ControllerIndex = { hasModule: false, hasUnknownControllers: false, listed: new Set(), bases: new Map() };

const liveByIndex = new WeakMap<ControllerIndex, ReadonlySet<string> | null>();

/**
 * The keys of every class whose handlers Nest binds: the listed classes and all their ancestors; `null` when that
 * set is unknown (a non-literal `controllers`, a dynamic module, a listed class whose chain is not known).
 */
export function getLiveClasses(index: ControllerIndex): ReadonlySet<string> | null {
  const cached = liveByIndex.get(index);
  if (cached !== undefined) return cached;
  let live: Set<string> | null = null;
  if (index.hasModule && !index.hasUnknownControllers) {
    live = new Set();
    const pending = [...index.listed];
    for (let key = pending.pop(); key !== undefined; key = pending.pop()) {
      if (live.has(key)) continue;
      live.add(key);
      const bases = index.bases.get(key);
      if (bases === null) {
        live = null;
        break;
      }
      if (bases) pending.push(...bases);
    }
  }
  liveByIndex.set(index, live);
  return live;
}
