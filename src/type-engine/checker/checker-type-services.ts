/**
 * The answers to {@link TypeServices}' questions from TypeScript's classic API: a `ts.Program`, its type
 * checker, and a provider's map from ESTree nodes to TypeScript nodes. Both of today's providers answer
 * through here.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import ts from 'typescript';

import type { PatternValue } from '../../utils/patterns';
import type { ClientCallKind, HandlerKind, PackageTypeSpecifier, ProgramIndex, TypeServices } from '../type-services';
import { classifyClientCallee } from './client-declarations';
import { classKey, getLiveClasses } from './controller-facts';
import type { PatternScope } from './pattern-scopes';
import { getCheckerScope } from './pattern-scopes';
import { resolvePatternValue } from './pattern-values';
import type { ProgramBinding } from './program-binding';
import { getProgramFacts } from './program-facts';
import { classifyHandlerDecorator, getProgramIndex } from './program-index';
import { isNullishType, isTypeOfPackage } from './type-matches';

/**
 * Names in the linted file are looked up in ESLint's scope analysis, which the run has already made: the
 * variable's declaration leads to its symbol without the checker resolving the name at its use. Without the
 * provider's reverse node map, the checker resolves every name.
 */
function createFileScope(binding: ProgramBinding, sourceCode: Readonly<TSESLint.SourceCode>, checker: ts.TypeChecker): PatternScope {
  const checkerScope = getCheckerScope(checker);
  const { esTreeIdentifierOf } = binding;
  if (!esTreeIdentifierOf) return checkerScope;
  const symbolByVariable = new WeakMap<TSESLint.Scope.Variable, ts.Symbol | null>();
  return {
    checker,
    symbolOf(node) {
      const identifier = ts.isIdentifier(node) ? esTreeIdentifierOf(node) : undefined;
      if (identifier?.type !== AST_NODE_TYPES.Identifier) return checkerScope.symbolOf(node);
      const variable = ASTUtils.findVariable(sourceCode.getScope(identifier), identifier);
      // typescript-eslint's scope analysis tells value names from type names; another one cannot.
      const declarationName = variable && 'isValueVariable' in variable && variable.isValueVariable ? variable.defs[0]?.name : undefined;
      if (!variable || !declarationName) return checkerScope.symbolOf(node);
      let symbol = symbolByVariable.get(variable);
      if (symbol === undefined) {
        symbol = checkerScope.symbolOf(binding.tsNodeOf(declarationName)) ?? null;
        symbolByVariable.set(variable, symbol);
      }
      return symbol ?? undefined;
    },
  };
}

/** {@link TypeServices} for one linted file, answered by the binding's program. */
export class CheckerTypeServices implements TypeServices {
  private readonly program: ts.Program;
  private readonly checker: ts.TypeChecker;
  private fileScope: PatternScope | undefined;

  constructor(
    private readonly binding: ProgramBinding,
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
  ) {
    this.program = binding.program;
    this.checker = binding.program.getTypeChecker();
  }

  private typeOf(node: TSESTree.Node): ts.Type {
    return this.checker.getTypeAtLocation(this.binding.tsNodeOf(node));
  }

  getClientCallKind(call: TSESTree.CallExpression): ClientCallKind | undefined {
    if (call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    return classifyClientCallee(this.program, this.binding.tsNodeOf(call.callee));
  }

  isPossiblyNullish(node: TSESTree.Node): boolean {
    return isNullishType(this.typeOf(node));
  }

  isTypeOf(node: TSESTree.Node, specifiers: readonly PackageTypeSpecifier[]): boolean {
    return specifiers.length > 0 && isTypeOfPackage(this.program, this.typeOf(node), specifiers);
  }

  isCallbackResultIgnored(callback: TSESTree.Node): boolean {
    const contextualType = this.checker.getContextualType(this.binding.tsNodeOf(callback) as ts.Expression);
    const signatures = contextualType?.getCallSignatures() ?? [];
    return (
      signatures.length > 0 &&
      signatures.every((signature) => (this.checker.getReturnTypeOfSignature(signature).flags & ts.TypeFlags.Void) !== 0)
    );
  }

  resolvePattern(pattern: TSESTree.Node | undefined): PatternValue | undefined {
    if (!pattern) return undefined;
    this.fileScope ??= createFileScope(this.binding, this.sourceCode, this.checker);
    return resolvePatternValue(this.fileScope, this.binding.tsNodeOf(pattern) as ts.Expression);
  }

  moduleExports(source: TSESTree.StringLiteral, name: string): boolean | undefined {
    const moduleSymbol = this.checker.getSymbolAtLocation(this.binding.tsNodeOf(source));
    if (!moduleSymbol) return undefined;
    const facts = getProgramFacts(this.program);
    let names = facts.exportNamesByModule.get(moduleSymbol);
    if (!names) {
      names = new Set(this.checker.getExportsOfModule(moduleSymbol).map((symbol) => symbol.name));
      facts.exportNamesByModule.set(moduleSymbol, names);
    }
    return names.has(name);
  }

  getProgramIndex(): ProgramIndex {
    return getProgramIndex(this.program);
  }

  getHandlerDecoratorKind(decorator: TSESTree.Decorator): HandlerKind | undefined {
    const node = this.binding.tsNodeOf(decorator);
    return ts.isDecorator(node) ? classifyHandlerDecorator(this.program, node) : undefined;
  }

  isOutsideControllers(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression): boolean {
    // By its name: ESTree and TypeScript disagree on where a decorated, exported class starts (oxlint's node map).
    if (!classNode.id) return false;
    const key = classKey(this.binding.tsNodeOf(classNode.id).parent);
    if (key === undefined) return false;
    const live = getLiveClasses(getProgramIndex(this.program).controllers);
    return live !== null && !live.has(key);
  }
}
