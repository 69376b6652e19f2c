/**
 * Transport configurations read before run time: which NestJS calls configure a client or a server (by their
 * declarations in `@nestjs/microservices`, `@nestjs/core` and `@nestjs/common`), their `transport` (a member of the
 * `Transport` enum of `@nestjs/microservices`) and their `options`, through constants, `as const` objects,
 * imported constants, spreads and `registerAsync` factories. A value built at run time is unknown.
 */
import type ts from 'typescript';

import { tsApi } from '../classic-typescript';
import type { OptionPlace, OptionProperty, OptionsObject, OptionValue, TransportConfiguration } from '../type-services';
import type { PatternScope } from './pattern-scopes';
import { isDeclaredIn, isOwnSourceFile } from './program-facts';
import { getEnumMember, getPropertyName, hasStaticModifier, skipOuterExpressions } from './ts-syntax';

const MAX_DEPTH = 8;
/** How many levels of objects inside the options are read: `queueOptions` and its `arguments`. */
const NESTED_LEVELS = 2;
const MICROSERVICES = '@nestjs/microservices';

type Role = TransportConfiguration['role'];

/** What a configuring method is, by the name of the class or interface declaring it and its package. */
interface ConfiguringMethod {
  readonly owner: string;
  readonly packages: readonly string[];
  readonly role: Role;
  /** Which argument holds the configuration, and whether it is a list of client configurations. */
  readonly argument: number;
  readonly shape: 'one' | 'register' | 'registerAsync';
}

const CONFIGURING_METHODS: ReadonlyMap<string, ConfiguringMethod> = new Map([
  ['register', { owner: 'ClientsModule', packages: [MICROSERVICES], role: 'client', argument: 0, shape: 'register' }],
  ['registerAsync', { owner: 'ClientsModule', packages: [MICROSERVICES], role: 'client', argument: 0, shape: 'registerAsync' }],
  ['create', { owner: 'ClientProxyFactory', packages: [MICROSERVICES], role: 'client', argument: 0, shape: 'one' }],
  ['createMicroservice', { owner: 'NestFactoryStatic', packages: ['@nestjs/core'], role: 'server', argument: 1, shape: 'one' }],
  [
    'connectMicroservice',
    { owner: '*', packages: ['@nestjs/common', '@nestjs/core'], role: 'server', argument: 0, shape: 'one' },
  ],
]);

/** The `@Client({...})` decorator (a function of `@nestjs/microservices`). */
const CLIENT_DECORATOR = 'Client';



/** The initializer of a `const` (not a loop variable), through `as const` and parentheses. */
function getConstInitializer(symbol: ts.Symbol | undefined): ts.Expression | undefined {
  const declaration = symbol?.valueDeclaration;
  if (!declaration || !tsApi.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
  if (!(tsApi.getCombinedNodeFlags(declaration) & tsApi.NodeFlags.Const)) return undefined;
  const list = declaration.parent;
  if (tsApi.isVariableDeclarationList(list) && (tsApi.isForOfStatement(list.parent) || tsApi.isForInStatement(list.parent))) return undefined;
  if (!tsApi.isIdentifier(declaration.name)) return undefined;
  return declaration.initializer;
}

interface ReadObject {
  readonly properties: Map<string, { readonly expression: ts.Expression | undefined; readonly node: ts.Node; readonly anchor: ts.Node }>;
  readonly complete: boolean;
  readonly node: ts.Node;
  readonly anchor: ts.Node;
}

/** Reads the configurations of one call in the linted file. */
export class TransportOptionsReader {
  constructor(
    private readonly program: ts.Program,
    private readonly scope: PatternScope,
    private readonly lintedFile: ts.SourceFile,
  ) {}

  private get checker(): ts.TypeChecker {
    return this.scope.checker;
  }

  /** The call being read: what the linted file can report on lies inside it. */
  private call: ts.CallExpression | undefined;

  /** Whether a node is written inside the call being read (else a finding goes where the call leads to it). */
  private inCall(node: ts.Node): boolean {
    const { call } = this;
    return call !== undefined && node.getSourceFile() === this.lintedFile && node.pos >= call.pos && node.end <= call.end;
  }

  private placeOf(node: ts.Node, anchor: ts.Node): OptionPlace {
    const sourceFile = node.getSourceFile();
    const inCall = this.inCall(node);
    const report = inCall ? node : anchor;
    return {
      fileName: sourceFile.fileName,
      line: sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1,
      inCall,
      report: [report.getStart(this.lintedFile), report.getEnd()],
    };
  }

  /** What a configuring call is, by the declarations of its callee; `undefined` for anything else. */
  private classify(call: ts.CallExpression): ConfiguringMethod | 'decorator' | undefined {
    const callee = skipOuterExpressions(call.expression);
    if (tsApi.isDecorator(call.parent)) {
      const name = tsApi.isIdentifier(callee) ? callee : tsApi.isPropertyAccessExpression(callee) ? callee.name : undefined;
      const symbol = name && this.scope.symbolOf(name);
      const fromNest = (symbol?.declarations ?? []).some((declaration) => isDeclaredIn(this.program, declaration, MICROSERVICES));
      return fromNest && symbol?.name === CLIENT_DECORATOR ? 'decorator' : undefined;
    }
    if (!tsApi.isPropertyAccessExpression(callee)) return undefined;
    const method = CONFIGURING_METHODS.get(callee.name.text);
    if (!method) return undefined;
    const byClass = this.classifyByReceiverClass(callee, method);
    if (byClass !== undefined) return byClass ?? undefined;
    const symbol = this.scope.symbolOf(callee.name);
    for (const declaration of symbol?.declarations ?? []) {
      const owner = declaration.parent;
      const ownerName = (tsApi.isClassLike(owner) || tsApi.isInterfaceDeclaration(owner)) && owner.name ? owner.name.text : undefined;
      if (ownerName === undefined || (method.owner !== '*' && ownerName !== method.owner)) continue;
      if (method.packages.some((wanted) => isDeclaredIn(this.program, declaration, wanted))) return method;
    }
    return undefined;
  }

  /**
   * A static method of a class named directly (`ClientsModule.register`, `Order.create`), told by the class's
   * declaration before the checker types the member access: the method when the class is `method.owner` of its
   * package and declares it itself, `null` for a class of the program without a base (its static members are its
   * own), `undefined` otherwise (ask about the member).
   */
  private classifyByReceiverClass(callee: ts.PropertyAccessExpression, method: ConfiguringMethod): ConfiguringMethod | null | undefined {
    const receiver = skipOuterExpressions(callee.expression);
    if (!tsApi.isIdentifier(receiver)) return undefined;
    const declarations = this.scope.symbolOf(receiver)?.declarations ?? [];
    const [declaration] = declarations;
    if (declarations.length !== 1 || !declaration || !tsApi.isClassDeclaration(declaration)) return undefined;
    const extendsClause = declaration.heritageClauses?.some((clause) => clause.token === tsApi.SyntaxKind.ExtendsKeyword) ?? false;
    if (!extendsClause && isOwnSourceFile(this.program, declaration.getSourceFile())) return null;
    const declaresMethod = declaration.members.some(
      (member) =>
        tsApi.isMethodDeclaration(member) &&
        hasStaticModifier(member) &&
        tsApi.isIdentifier(member.name) &&
        member.name.text === callee.name.text,
    );
    const isOwner = declaration.name?.text === method.owner && method.packages.some((wanted) => isDeclaredIn(this.program, declaration, wanted));
    return isOwner && declaresMethod ? method : undefined;
  }

  read(call: ts.CallExpression): TransportConfiguration[] {
    this.call = call;
    const kind = this.classify(call);
    if (!kind) return [];
    if (kind === 'decorator') return this.readConfigurations([call.arguments[0]], 'client', call);
    const argument = call.arguments[kind.argument];
    if (!argument) return [];
    if (kind.shape === 'one') return this.readConfigurations([argument], kind.role, argument);
    const entries = this.readClientEntries(argument, argument, 0);
    if (!entries) return [];
    if (kind.shape === 'register') return this.readConfigurations(entries.map((entry) => entry.expression), 'client', argument, entries);
    // registerAsync: what each entry's `useFactory` returns.
    const configurations: TransportConfiguration[] = [];
    for (const entry of entries) {
      const object = this.readObject(entry.expression, entry.anchor, 0);
      const factory = object?.properties.get('useFactory');
      const returned = factory ? this.getReturnedExpressions(factory.expression ?? factory.node) : undefined;
      if (!factory || !returned) continue;
      configurations.push(...this.readConfigurations(returned, 'client', factory.anchor));
    }
    return configurations;
  }

  /** The elements of `register([...])` / `register({ clients: [...] })`, through constants and spreads. */
  private readClientEntries(expression: ts.Expression, anchor: ts.Node, depth: number): { expression: ts.Expression; anchor: ts.Node }[] | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const current = skipOuterExpressions(expression);
    const here = this.inCall(current) ? current : anchor;
    if (tsApi.isArrayLiteralExpression(current)) {
      const entries: { expression: ts.Expression; anchor: ts.Node }[] = [];
      for (const element of current.elements) {
        if (tsApi.isSpreadElement(element)) {
          const spread = this.readClientEntries(element.expression, this.inCall(element) ? element : here, depth + 1);
          if (!spread) return undefined;
          entries.push(...spread);
        } else {
          entries.push({ expression: element, anchor: this.inCall(element) ? element : here });
        }
      }
      return entries;
    }
    if (tsApi.isObjectLiteralExpression(current)) {
      const object = this.readObject(current, here, depth + 1);
      const clients = object?.properties.get('clients');
      return clients?.expression ? this.readClientEntries(clients.expression, clients.anchor, depth + 1) : undefined;
    }
    if (tsApi.isIdentifier(current)) {
      const initializer = getConstInitializer(this.scope.symbolOf(current));
      return initializer ? this.readClientEntries(initializer, here, depth + 1) : undefined;
    }
    return undefined;
  }

  /** The expressions a factory (`useFactory: () => ({...})`, `useFactory(config) { return {...}; }`) returns. */
  private getReturnedExpressions(node: ts.Node): ts.Expression[] | undefined {
    let factory: ts.Node = node;
    if (tsApi.isExpression(factory)) factory = skipOuterExpressions(factory);
    if (!tsApi.isArrowFunction(factory) && !tsApi.isFunctionExpression(factory) && !tsApi.isMethodDeclaration(factory)) return undefined;
    const body = factory.body;
    if (!body) return undefined;
    if (!tsApi.isBlock(body)) return [body];
    const returned: ts.Expression[] = [];
    let unknown = false as boolean;
    const visit = (child: ts.Node): void => {
      if (tsApi.isFunctionLike(child) || tsApi.isClassLike(child)) return;
      if (tsApi.isReturnStatement(child)) {
        if (child.expression) returned.push(child.expression);
        else unknown = true;
      }
      tsApi.forEachChild(child, visit);
    };
    tsApi.forEachChild(body, visit);
    return unknown || returned.length === 0 ? undefined : returned;
  }

  private readConfigurations(
    expressions: readonly (ts.Expression | undefined)[],
    role: Role,
    anchor: ts.Node,
    entries?: readonly { anchor: ts.Node }[],
  ): TransportConfiguration[] {
    const configurations: TransportConfiguration[] = [];
    expressions.forEach((expression, index) => {
      if (!expression) return;
      const object = this.readObject(expression, entries?.[index]?.anchor ?? anchor, 0);
      if (!object) return;
      const transportProperty = object.properties.get('transport');
      const transportValue = transportProperty?.expression ? this.readValue(transportProperty.expression, 0) : undefined;
      const transport = typeof transportValue === 'object' ? transportValue.transport : undefined;
      const optionsProperty = object.properties.get('options');
      let options: TransportConfiguration['options'];
      if (optionsProperty?.expression) {
        const read = this.readObject(optionsProperty.expression, optionsProperty.anchor, 0);
        options = read && this.toOptionsObject(read);
      } else if (!optionsProperty && object.complete) {
        options = 'absent';
      }
      configurations.push({
        role,
        transport,
        place: this.placeOf(object.node, object.anchor),
        options,
        optionsPlace: optionsProperty ? this.placeOf(optionsProperty.node, optionsProperty.anchor) : undefined,
      });
    });
    return configurations;
  }

  /** `level`: how deep inside the options (`queueOptions` is 1, its `arguments` 2): objects are read to {@link NESTED_LEVELS}. */
  private toOptionsObject(read: ReadObject, level = 0): OptionsObject {
    const properties = new Map<string, OptionProperty>();
    for (const [name, property] of read.properties) {
      const value = property.expression ? this.readValue(property.expression, 0) : undefined;
      const nested = value === undefined && property.expression && level < NESTED_LEVELS ? this.readObject(property.expression, property.anchor, 0) : undefined;
      const place = this.placeOf(property.node, property.anchor);
      properties.set(name, nested ? { value, object: this.toOptionsObject(nested, level + 1), place } : { value, place });
    }
    return { properties, complete: read.complete, place: this.placeOf(read.node, read.anchor) };
  }

  /**
   * An object literal a value stands for, through constants (in any file), property reads and spreads;
   * `undefined` when it is built at run time. `anchor` is where the linted file leads to it.
   */
  private readObject(expression: ts.Expression, anchor: ts.Node, depth: number): ReadObject | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const current = skipOuterExpressions(expression);
    if (tsApi.isObjectLiteralExpression(current)) {
      const here = this.inCall(current) ? current : anchor;
      const properties: ReadObject['properties'] = new Map();
      let complete = true;
      for (const property of current.properties) {
        const propertyAnchor = this.inCall(property) ? property : here;
        if (tsApi.isSpreadAssignment(property)) {
          const spread = this.readObject(property.expression, propertyAnchor, depth + 1);
          if (!spread || !spread.complete) {
            // What the spread sets is unknown: every property before it, and every unnamed one, is unknown.
            properties.clear();
            complete = false;
          }
          for (const [name, value] of spread?.properties ?? []) properties.set(name, value);
          continue;
        }
        const name = getPropertyName(property.name);
        if (name === undefined) {
          properties.clear();
          complete = false;
          continue;
        }
        if (tsApi.isPropertyAssignment(property)) properties.set(name, { expression: property.initializer, node: property, anchor: propertyAnchor });
        else if (tsApi.isShorthandPropertyAssignment(property)) properties.set(name, { expression: property.name, node: property, anchor: propertyAnchor });
        // A method (`useFactory() {}`) or an accessor: set, with no expression of its own.
        else properties.set(name, { expression: undefined, node: property, anchor: propertyAnchor });
      }
      return { properties, complete, node: current, anchor: here };
    }
    if (tsApi.isIdentifier(current)) {
      const initializer = getConstInitializer(this.symbolOfValue(current));
      return initializer ? this.readObject(initializer, anchor, depth + 1) : undefined;
    }
    if (tsApi.isPropertyAccessExpression(current)) {
      const owner = this.readObject(current.expression, anchor, depth + 1);
      const property = owner?.properties.get(current.name.text);
      return property?.expression ? this.readObject(property.expression, anchor, depth + 1) : undefined;
    }
    return undefined;
  }

  /** The symbol of a value name, including the variable a shorthand property (`{ noAck }`) names. */
  private symbolOfValue(identifier: ts.Identifier): ts.Symbol | undefined {
    if (tsApi.isShorthandPropertyAssignment(identifier.parent) && identifier.parent.name === identifier) {
      // Not through the scope: the program index then keeps the answer for this program version only.
      this.scope.onTypeQuery?.();
      const symbol = this.checker.getShorthandAssignmentValueSymbol(identifier.parent);
      return symbol && symbol.flags & tsApi.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
    }
    return this.scope.symbolOf(identifier);
  }

  /**
   * The symbol `Owner.name` reads. A member of an enum named directly (`Transport.RMQ`) is the enum's export of that
   * name, which is what the checker finds by typing the access: read without typing `Owner`.
   */
  private symbolOfMember(access: ts.PropertyAccessExpression): ts.Symbol | undefined {
    const owner = tsApi.isIdentifier(access.expression) ? this.scope.symbolOf(access.expression) : undefined;
    return getEnumMember(owner, access.name.text) ?? this.scope.symbolOf(access);
  }

  /** The `Transport` member of `@nestjs/microservices` a symbol is, if it is one. */
  private transportMember(symbol: ts.Symbol | undefined): string | undefined {
    const declaration = symbol?.valueDeclaration;
    if (!declaration || !tsApi.isEnumMember(declaration)) return undefined;
    const enumDeclaration = declaration.parent;
    if (enumDeclaration.name.text !== 'Transport' || !isDeclaredIn(this.program, enumDeclaration, MICROSERVICES)) return undefined;
    return getPropertyName(declaration.name);
  }

  /** A value known before run time: a literal, a `Transport` member, through constants and objects. */
  readValue(expression: ts.Expression, depth: number): OptionValue | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const current = skipOuterExpressions(expression);
    if (current.kind === tsApi.SyntaxKind.TrueKeyword) return true;
    if (current.kind === tsApi.SyntaxKind.FalseKeyword) return false;
    if (tsApi.isStringLiteralLike(current)) return current.text;
    if (tsApi.isNumericLiteral(current)) return Number(current.text);
    if (tsApi.isIdentifier(current) || tsApi.isPropertyAccessExpression(current)) {
      const symbol = tsApi.isIdentifier(current) ? this.symbolOfValue(current) : this.symbolOfMember(current);
      const member = this.transportMember(symbol);
      if (member !== undefined) return { transport: member };
      if (tsApi.isIdentifier(current)) {
        const initializer = getConstInitializer(symbol);
        if (initializer) return this.readValue(initializer, depth + 1);
      } else {
        const owner = this.readObject(current.expression, current, depth + 1);
        const property = owner?.properties.get(current.name.text);
        if (property?.expression) return this.readValue(property.expression, depth + 1);
      }
      // A name typed with a literal (an `as const` object's member, an annotated constant): its type says.
      this.scope.onTypeQuery?.();
      return this.readType(this.checker.getTypeAtLocation(current));
    }
    // Anything else (a call such as `config.get<false>(...)`) is a run-time value, whatever its type claims.
    return undefined;
  }

  /** A value from a literal type (`false`, `'workers'`, `Transport.RMQ`): `as const` objects, typed constants. */
  private readType(type: ts.Type): OptionValue | undefined {
    if (type.flags & tsApi.TypeFlags.EnumLiteral && !type.isUnion()) {
      const member = this.transportMember(type.getSymbol());
      if (member !== undefined) return { transport: member };
    }
    if (type.isStringLiteral()) return type.value;
    if (type.isNumberLiteral()) return type.value;
    if (type.flags & tsApi.TypeFlags.BooleanLiteral) return (type as ts.Type & { intrinsicName?: string }).intrinsicName === 'true';
    return undefined;
  }
}
