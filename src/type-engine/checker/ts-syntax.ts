/** Syntactic helpers on TypeScript nodes, shared by the checker modules that read values and returns. */
import type ts from 'typescript';

import { tsApi } from '../classic-typescript';

/** The expression under `(x)`, `x as T`, `x satisfies T`, `x!` and `<T>x`. */
export function skipOuterExpressions(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (
    tsApi.isParenthesizedExpression(current) ||
    tsApi.isAsExpression(current) ||
    tsApi.isSatisfiesExpression(current) ||
    tsApi.isNonNullExpression(current) ||
    tsApi.isTypeAssertionExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

/** A property's name when it is written as an identifier, a string or a number; `undefined` when computed. */
export function getPropertyName(name: ts.PropertyName): string | undefined {
  if (tsApi.isIdentifier(name) || tsApi.isStringLiteralLike(name) || tsApi.isNumericLiteral(name)) return name.text;
  return undefined;
}

/**
 * The declaration `this.name` refers to when the class `this` is bound to declares the member itself (a property,
 * a constructor parameter property, a method or an accessor), found by syntax: what the checker would find, without
 * asking it for the class's type. `undefined` when `this` is not an instance's (a `function`, a static member, a
 * computed name), or the class does not declare the name (an inherited member: ask the checker).
 */
export function findOwnInstanceMember(receiver: ts.PropertyAccessExpression): ts.Declaration | undefined {
  if (receiver.expression.kind !== tsApi.SyntaxKind.ThisKeyword || !tsApi.isIdentifier(receiver.name)) return undefined;
  let member: ts.Node = receiver;
  while (!tsApi.isClassLike(member.parent)) {
    member = member.parent;
    // A function or an object literal's method has its own `this`; arrow functions keep the class's.
    const ownThis = tsApi.isFunctionLike(member) && !tsApi.isArrowFunction(member) && !tsApi.isClassLike(member.parent);
    if (ownThis || tsApi.isSourceFile(member) || tsApi.isComputedPropertyName(member)) return undefined;
  }
  if (!tsApi.isClassElement(member) || tsApi.isClassStaticBlockDeclaration(member) || hasStaticModifier(member)) return undefined;
  const name = receiver.name.text;
  const found: ts.Declaration[] = [];
  for (const element of member.parent.members) {
    if (tsApi.isConstructorDeclaration(element)) {
      for (const parameter of element.parameters) {
        if (tsApi.isParameterPropertyDeclaration(parameter, element) && tsApi.isIdentifier(parameter.name) && parameter.name.text === name) found.push(parameter);
      }
    } else if (element.name && tsApi.isIdentifier(element.name) && element.name.text === name && !hasStaticModifier(element)) {
      found.push(element);
    }
  }
  return found.length === 1 ? found[0] : undefined;
}

/**
 * The member `name` of an enum (`Transport.RMQ`, `Topics.Created`): the enum's export of that name, which is the
 * symbol the checker finds by typing the member access; `undefined` when `owner` is not an enum or has no such member.
 */
export function getEnumMember(owner: ts.Symbol | undefined, name: string): ts.Symbol | undefined {
  return owner && owner.flags & tsApi.SymbolFlags.Enum ? owner.exports?.get(tsApi.escapeLeadingUnderscores(name)) : undefined;
}

/** Whether a node is declared `static`. */
export function hasStaticModifier(node: ts.Node): boolean {
  return tsApi.canHaveModifiers(node) && (tsApi.getModifiers(node) ?? []).some((modifier) => modifier.kind === tsApi.SyntaxKind.StaticKeyword);
}

/**
 * Where a module-level name of `sourceFile` is imported from, by its import declaration: the module specifier and
 * the imported name (`default`, or `*` for a namespace). `undefined` for a name no import declaration binds.
 * Only valid where no inner scope can shadow module-level names (the decorators of a top-level class).
 */
export function getModuleImport(sourceFile: ts.SourceFile, name: string): { readonly module: string; readonly imported: string } | undefined {
  let imports = importsBySourceFile.get(sourceFile);
  if (!imports) {
    imports = new Map();
    for (const statement of sourceFile.statements) {
      if (!tsApi.isImportDeclaration(statement) || !tsApi.isStringLiteral(statement.moduleSpecifier) || !statement.importClause) continue;
      const module = statement.moduleSpecifier.text;
      const clause = statement.importClause;
      if (clause.name) imports.set(clause.name.text, { module, imported: 'default' });
      const bindings = clause.namedBindings;
      if (bindings && tsApi.isNamespaceImport(bindings)) imports.set(bindings.name.text, { module, imported: '*' });
      if (bindings && tsApi.isNamedImports(bindings)) {
        for (const element of bindings.elements) imports.set(element.name.text, { module, imported: (element.propertyName ?? element.name).text });
      }
    }
    importsBySourceFile.set(sourceFile, imports);
  }
  return imports.get(name);
}

const importsBySourceFile = new WeakMap<ts.SourceFile, Map<string, { readonly module: string; readonly imported: string }>>();

/** Whether a module specifier names `pkg` or one of its subpaths (`@nestjs/common`, `@nestjs/common/decorators`). */
export function isModuleOfPackage(module: string, pkg: string): boolean {
  return module === pkg || module.startsWith(`${pkg}/`);
}

/**
 * The name under which the module of a decorator's top-level class imports `name` from `pkg` itself (`Inject` for
 * `import { Inject as Give } from '@nestjs/common'`); `undefined` when the import does not tell (another module,
 * which may re-export it, or a class whose names an inner scope may shadow): then ask the checker.
 */
export function getPackageImportName(decorator: ts.Decorator, name: string, pkg: string): string | undefined {
  if (!isOnTopLevelClass(decorator)) return undefined;
  const imported = getModuleImport(decorator.getSourceFile(), name);
  return imported && isModuleOfPackage(imported.module, pkg) ? imported.imported : undefined;
}

/** Whether a decorator sits on a class declared at the top of its module, or on one of its members or their parameters. */
export function isOnTopLevelClass(decorator: ts.Decorator): boolean {
  let owner: ts.Node = decorator.parent;
  while (!tsApi.isClassLike(owner) && !tsApi.isSourceFile(owner)) owner = owner.parent;
  return tsApi.isClassDeclaration(owner) && tsApi.isSourceFile(owner.parent);
}

/** Where `needle` starts in `text`, in order. */
export function offsetsOf(text: string, needle: string): number[] {
  const offsets: number[] = [];
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) offsets.push(at);
  return offsets;
}

/** Whether one of the sorted `offsets` lies in [start, end). */
export function containsOffset(offsets: readonly number[], start: number, end: number): boolean {
  let low = 0;
  let high = offsets.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((offsets[middle] ?? Infinity) < start) low = middle + 1;
    else high = middle;
  }
  return low < offsets.length && (offsets[low] ?? Infinity) < end;
}
