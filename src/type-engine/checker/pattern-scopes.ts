/**
 * How pattern resolution finds what a name refers to: through the type checker anywhere, or through a module's
 * own top-level declarations for the decorators of a top-level class (one lookup per name and file).
 */
import type ts from 'typescript';

import { tsApi } from '../classic-typescript';

/** How pattern resolution finds what a name refers to. */
export interface PatternScope {
  readonly checker: ts.TypeChecker;
  /** The symbol a name (or a property access) refers to, through import aliases. */
  symbolOf(node: ts.Node): ts.Symbol | undefined;
  /** Called before a value is read from the type checker rather than from declarations (the program index tracks it). */
  onTypeQuery?(): void;
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
        return symbol && symbol.flags & tsApi.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      },
    };
    checkerScopes.set(checker, scope);
  }
  return scope;
}

/** What a module-level statement declares under a value name: the declaration names, for the checker. */
function addModuleLevelNames(statement: ts.Statement, names: Map<string, ts.Identifier>): void {
  if (tsApi.isImportDeclaration(statement)) {
    // `import type` names too: a value position cannot use one in code that type-checks.
    const clause = statement.importClause;
    if (!clause) return;
    if (clause.name) names.set(clause.name.text, clause.name);
    const bindings = clause.namedBindings;
    if (bindings && tsApi.isNamespaceImport(bindings)) names.set(bindings.name.text, bindings.name);
    if (bindings && tsApi.isNamedImports(bindings)) {
      for (const element of bindings.elements) names.set(element.name.text, element.name);
    }
  } else if (tsApi.isVariableStatement(statement)) {
    for (const declaration of statement.declarationList.declarations) {
      if (tsApi.isIdentifier(declaration.name)) names.set(declaration.name.text, declaration.name);
    }
  } else if ((tsApi.isEnumDeclaration(statement) || tsApi.isClassDeclaration(statement) || tsApi.isFunctionDeclaration(statement)) && statement.name) {
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
      if (!tsApi.isIdentifier(node) || node.getSourceFile() !== sourceFile) return fallback.symbolOf(node);
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
