/**
 * Fix builders shared by the rules: wrapping an expression where it stands, importing from `rxjs`, making a function
 * `async`, removing and adding object literal properties.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';

import { ScopeType, findVariable, isClosingBraceToken, isCommaToken } from '../base/estree';

import type { FunctionNode } from './ast';

export interface NamedImport {
  /** How to refer to the export at the fix site: `lastValueFrom`, an alias, or `rx.lastValueFrom`. */
  readonly reference: string;
  /**
   * `true` when the plain name is taken at the fix site (a local `lastValueFrom` shadows it), so the import had
   * to use another name: rules then offer the change as a suggestion, not an automatic fix.
   */
  readonly renamed: boolean;
  /** The import edits (none when the name is already imported). */
  readonly fix: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix[];
}

function resolvesTo(
  sourceCode: Readonly<TSESLint.SourceCode>,
  site: TSESTree.Node,
  name: string,
  binding: TSESTree.Node,
): boolean {
  const variable = findVariable(sourceCode.getScope(site), name);
  return variable?.defs.some((definition) => definition.node === binding) ?? false;
}

function isFreeName(sourceCode: Readonly<TSESLint.SourceCode>, site: TSESTree.Node, name: string): boolean {
  if (findVariable(sourceCode.getScope(site), name)) return false;
  // A module-level declaration anywhere in the file would clash with a new import binding.
  const moduleScope = sourceCode.scopeManager?.globalScope?.childScopes.find((scope) => scope.type === ScopeType.module);
  return !moduleScope?.set.has(name);
}

function getImportedName(specifier: TSESTree.ImportSpecifier): string {
  return specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
}

function isValueImport(declaration: TSESTree.ImportDeclaration): boolean {
  return declaration.importKind !== 'type';
}

/**
 * Makes the export `name` of `moduleName` usable at `site`: reuses an existing value import (or its alias, or a
 * namespace import), otherwise adds the name to an existing `import { … } from '<moduleName>'`, otherwise adds
 * an import line. Never adds to an `import type`, and never introduces a name that would shadow or clash with a
 * local one.
 */
export function getNamedImport(
  sourceCode: Readonly<TSESLint.SourceCode>,
  moduleName: string,
  name: string,
  site: TSESTree.Node,
): NamedImport {
  const program = sourceCode.ast;
  const imports = program.body.filter((statement): statement is TSESTree.ImportDeclaration => statement.type === AST_NODE_TYPES.ImportDeclaration);
  const rxjsValueImports = imports.filter((declaration) => declaration.source.value === moduleName && isValueImport(declaration));

  for (const declaration of rxjsValueImports) {
    for (const specifier of declaration.specifiers) {
      if (
        specifier.type === AST_NODE_TYPES.ImportSpecifier &&
        specifier.importKind !== 'type' &&
        getImportedName(specifier) === name &&
        resolvesTo(sourceCode, site, specifier.local.name, specifier)
      ) {
        return { reference: specifier.local.name, renamed: false, fix: () => [] };
      }
      if (
        specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier &&
        resolvesTo(sourceCode, site, specifier.local.name, specifier)
      ) {
        return { reference: `${specifier.local.name}.${name}`, renamed: false, fix: () => [] };
      }
    }
  }

  let local = name;
  for (let index = 2; !isFreeName(sourceCode, site, local); index++) {
    local = `${moduleName.replace(/[^A-Za-z0-9]+(.)?/g, (_, next: string | undefined) => next?.toUpperCase() ?? '')}${name.charAt(0).toUpperCase()}${name.slice(1)}${index === 2 ? '' : index}`;
  }
  const specifierText = local === name ? name : `${name} as ${local}`;
  const renamed = local !== name;

  const mergeTarget = rxjsValueImports.find((declaration) =>
    declaration.specifiers.some((specifier) => specifier.type === AST_NODE_TYPES.ImportSpecifier),
  );
  if (mergeTarget) {
    const specifiers = mergeTarget.specifiers.filter((specifier) => specifier.type === AST_NODE_TYPES.ImportSpecifier);
    const first = specifiers[0];
    const last = specifiers.at(-1);
    if (!first || !last) throw new Error('unreachable: the merge target has named specifiers');
    const openingBrace = sourceCode.getTokenBefore(first, { filter: (token) => token.value === '{' });
    const multiline = openingBrace !== null && openingBrace.loc.end.line !== last.loc.start.line;
    const indent = ' '.repeat(last.loc.start.column);
    const text = multiline ? `,\n${indent}${specifierText}` : `, ${specifierText}`;
    return { reference: local, renamed, fix: (fixer) => [fixer.insertTextAfter(last, text)] };
  }

  const quote = imports[0]?.source.raw.startsWith('"') ? '"' : "'";
  const lastImport = imports.at(-1);
  const semicolon = lastImport ? (sourceCode.getLastToken(lastImport)?.value === ';' ? ';' : '') : ';';
  const line = `import { ${specifierText} } from ${quote}${moduleName}${quote}${semicolon}`;
  if (lastImport) {
    return { reference: local, renamed, fix: (fixer) => [fixer.insertTextAfter(lastImport, `\n${line}`)] };
  }
  const directives = program.body.filter(
    (statement) => statement.type === AST_NODE_TYPES.ExpressionStatement && statement.directive !== undefined,
  );
  const lastDirective = directives.at(-1);
  if (lastDirective) {
    return { reference: local, renamed, fix: (fixer) => [fixer.insertTextAfter(lastDirective, `\n${line}`)] };
  }
  const first = program.body[0];
  return {
    reference: local,
    renamed,
    fix: (fixer) => [first ? fixer.insertTextBefore(first, `${line}\n`) : fixer.insertTextAfterRange([0, 0], `${line}\n`)],
  };
}

/** `import { <name> } from 'rxjs'`, as {@link getNamedImport} makes it. */
function getRxjsImport(sourceCode: Readonly<TSESLint.SourceCode>, name: string, site: TSESTree.Node): NamedImport {
  return getNamedImport(sourceCode, 'rxjs', name, site);
}

export interface ConversionFix {
  readonly fix: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix[];
  /** The import had to use another name (`lastValueFrom` is shadowed): offer it as a suggestion only. */
  readonly renamed: boolean;
}

/**
 * Converts the Observable `target` where it stands: `<prefix>lastValueFrom(<target>)`, importing `lastValueFrom`
 * as {@link getRxjsImport} does. `prefix` is `'await '` where the code should wait, `''` inside an `await` or a
 * Promise combinator. The caller checks first that the conversion type-checks (`canConvert`).
 */
export function getLastValueFromFix(
  sourceCode: Readonly<TSESLint.SourceCode>,
  target: TSESTree.Node,
  prefix: '' | 'await ',
): ConversionFix {
  const rxjsImport = getRxjsImport(sourceCode, 'lastValueFrom', target);
  return {
    fix: (fixer) => [...wrapNode(fixer, target, `${prefix}${rxjsImport.reference}(`, ')'), ...rxjsImport.fix(fixer)],
    renamed: rxjsImport.renamed,
  };
}

/**
 * Wraps `node` in place as `<before><node><after>`, keeping its text (comments, line breaks) untouched.
 * Only used where the wrapped expression sits in a position that accepts a call or an `await` expression.
 */
export function wrapNode(
  fixer: TSESLint.RuleFixer,
  node: TSESTree.Node,
  before: string,
  after: string,
): TSESLint.RuleFix[] {
  return [fixer.insertTextBefore(node, before), fixer.insertTextAfter(node, after)];
}

/** Replaces the member name of `client.send(...)`/`client['send'](...)` with `replacement`. */
export function renameCalledMember(
  fixer: TSESLint.RuleFixer,
  call: TSESTree.CallExpression,
  replacement: string,
): TSESLint.RuleFix[] {
  if (call.callee.type !== AST_NODE_TYPES.MemberExpression) return [];
  const property = call.callee.property;
  if (!call.callee.computed) return [fixer.replaceText(property, replacement)];
  if (property.type === AST_NODE_TYPES.Literal && typeof property.value === 'string') {
    const quote = property.raw.charAt(0);
    return [fixer.replaceText(property, `${quote}${replacement}${quote}`)];
  }
  return [];
}

/** Declared return types that become `Promise<...>` when the function turns `async`: callers cannot use the value. */
const VOID_RETURN_TYPES = new Set<AST_NODE_TYPES>([AST_NODE_TYPES.TSVoidKeyword, AST_NODE_TYPES.TSUndefinedKeyword]);

/** Whether `Promise` at `site` is the global one (no local declaration shadows it). */
function isGlobalPromise(sourceCode: Readonly<TSESLint.SourceCode>, site: TSESTree.Node): boolean {
  const variable = findVariable(sourceCode.getScope(site), 'Promise');
  return !variable || variable.defs.length === 0;
}

/**
 * Makes a method or a function declaration `async`: without a declared return type, or with a declared `void`
 * (or `undefined`), which becomes `Promise<void>`. Not for callbacks (an `async` callback handed to `forEach` would
 * float its promise), constructors and accessors, nor for another declared type `T`: its callers read the value,
 * and a `Promise<T>` would break them.
 */
export function getMakeAsyncFix(
  fn: FunctionNode | undefined,
  sourceCode: Readonly<TSESLint.SourceCode>,
): ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix[]) | undefined {
  if (!fn || fn.async || fn.generator) return undefined;
  const returnType = fn.returnType?.typeAnnotation;
  if (returnType && (!VOID_RETURN_TYPES.has(returnType.type) || !isGlobalPromise(sourceCode, fn))) return undefined;
  const retype = (fixer: TSESLint.RuleFixer): TSESLint.RuleFix[] =>
    returnType ? [fixer.replaceText(returnType, `Promise<${sourceCode.getText(returnType)}>`)] : [];
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return (fixer) => [fixer.insertTextBefore(fn, 'async '), ...retype(fixer)];
  const method = fn.parent;
  if (method.type !== AST_NODE_TYPES.MethodDefinition || method.kind !== 'method') return undefined;
  const keyStart = method.computed ? sourceCode.getTokenBefore(method.key) : method.key;
  return keyStart ? (fixer) => [fixer.insertTextBefore(keyStart, 'async '), ...retype(fixer)] : undefined;
}

/** Removes a property from its object literal with its comma, keeping the lines around it as they were. */
export function removeProperty(sourceCode: Readonly<TSESLint.SourceCode>, property: TSESTree.Node): (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix {
  return (fixer) => {
    const after = sourceCode.getTokenAfter(property);
    const before = sourceCode.getTokenBefore(property);
    if (after && isCommaToken(after)) {
      const next = sourceCode.getTokenAfter(after);
      if (next && !isClosingBraceToken(next)) return fixer.removeRange([property.range[0], next.range[0]]);
      if (before) return fixer.removeRange([before.range[1], after.range[1]]);
    }
    if (before && isCommaToken(before)) return fixer.removeRange([before.range[0], property.range[1]]);
    return fixer.removeRange([before ? before.range[1] : property.range[0], property.range[1]]);
  };
}

/** Adds `text` (a property) as the last property of an object literal, on its own line when the object has several. */
export function appendProperty(
  sourceCode: Readonly<TSESLint.SourceCode>,
  object: TSESTree.ObjectExpression,
  text: string,
): (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix {
  return (fixer) => {
    const last = object.properties.at(-1);
    if (!last) return fixer.replaceText(object, `{ ${text} }`);
    const multiline = last.loc.start.line !== object.loc.start.line;
    const separator = multiline ? `\n${' '.repeat(last.loc.start.column)}` : ' ';
    const after = sourceCode.getTokenAfter(last);
    if (after && isCommaToken(after)) return fixer.insertTextAfter(after, `${separator}${text},`);
    return fixer.insertTextAfter(last, `,${separator}${text}`);
  };
}
