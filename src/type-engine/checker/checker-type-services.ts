/**
 * The answers to {@link TypeServices}' questions from TypeScript's classic API: a `ts.Program`, its type
 * checker, and a provider's map from ESTree nodes to TypeScript nodes. Both of today's providers answer
 * through here.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type ts from 'typescript';

import { findVariable } from '../../base/estree';

import { tsApi } from '../classic-typescript';
import type { PatternValue } from '../../base/patterns';
import type {
  ClientCallKind,
  ClientWrapper,
  CollectionKind,
  HandlerDecorator,
  PackageTypeSpecifier,
  ProgramIndex,
  TransportConfiguration,
  TypeServices,
} from '../type-services';
import { isRemoteChecker } from './checker-backend';
import { classifyClientCallee } from './client-declarations';
import { getDeclaredReferenceType } from './declared-types';
import { getClientWrapper } from './client-wrappers';
import { classKey, getLiveClasses } from './controller-facts';
import type { PatternScope } from './pattern-scopes';
import { getCheckerScope } from './pattern-scopes';
import { resolvePatternValue } from './pattern-values';
import type { ProgramBinding } from './program-binding';
import { getProgramFacts, isDeclaredIn } from './program-facts';
import { getComparableTokenKey, isClassToken } from './injection-tokens';
import { getKafkaClientIdentity } from './kafka-client-identity';
import { classifyHandlerDecorator, getProgramIndex } from './program-index';
import { mayReplaceMethod } from './method-decorators';
import { TransportOptionsReader } from './transport-options';
import { getCollectionKind, isNullishType, isTypeOfPackage } from './type-matches';

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
      const identifier = tsApi.isIdentifier(node) ? esTreeIdentifierOf(node) : undefined;
      if (identifier?.type !== AST_NODE_TYPES.Identifier) return checkerScope.symbolOf(node);
      const variable = findVariable(sourceCode.getScope(identifier), identifier);
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
  /** By call: the three transport option rules read the same configuring calls. */
  private readonly configurationsByCall = new WeakMap<TSESTree.CallExpression, readonly TransportConfiguration[]>();
  private readonly handlerDecorators = new WeakMap<TSESTree.Decorator, HandlerDecorator | undefined>();
  /** Whether each checker call may be a round trip to another process: see {@link isRemoteChecker}. */
  private readonly remote: boolean;

  constructor(
    private readonly binding: ProgramBinding,
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
  ) {
    this.program = binding.program;
    this.checker = binding.program.getTypeChecker();
    this.remote = isRemoteChecker(this.checker);
  }

  private typeOf(node: TSESTree.Node): ts.Type {
    return this.checker.getTypeAtLocation(this.binding.tsNodeOf(node));
  }

  getClientCallKind(call: TSESTree.CallExpression): ClientCallKind | undefined {
    if (call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    return classifyClientCallee(this.program, this.binding.tsNodeOf(call.callee));
  }

  getClientWrapper(call: TSESTree.CallExpression): ClientWrapper | undefined {
    return getClientWrapper(this.program, this.binding.tsNodeOf(call) as ts.CallExpression);
  }

  /**
   * The declared type of a reference (`order`, `this.client`): see `declared-types.ts`. Not asked of a remote
   * checker: there it costs two round trips (the symbol, then its type) to save one (the type at the use).
   */
  private declaredTypeOf(node: TSESTree.Node): ts.Type | undefined {
    if (this.remote) return undefined;
    if (node.type !== AST_NODE_TYPES.Identifier && node.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    return getDeclaredReferenceType(this.checker, this.binding.tsNodeOf(node) as ts.Expression);
  }

  isPossiblyNullish(node: TSESTree.Node): boolean {
    // Declared without null or undefined: no narrowing adds them.
    const declared = this.declaredTypeOf(node);
    if (declared && !isNullishType(declared)) return false;
    return isNullishType(this.typeOf(node));
  }

  isTypeOf(node: TSESTree.Node, specifiers: readonly PackageTypeSpecifier[]): boolean {
    if (specifiers.length === 0) return false;
    // Declared as one such type (`private readonly kafka: ClientKafka`, not a union): every narrowing of it derives
    // from it too.
    const declared = this.declaredTypeOf(node);
    if (declared && !declared.isUnion() && isTypeOfPackage(this.program, declared, specifiers)) return true;
    return isTypeOfPackage(this.program, this.typeOf(node), specifiers);
  }

  getCollectionKind(node: TSESTree.Node): CollectionKind | undefined {
    return getCollectionKind(this.program, this.typeOf(node));
  }

  isCallbackResultIgnored(callback: TSESTree.Node): boolean {
    const contextualType = this.checker.getContextualType(this.binding.tsNodeOf(callback) as ts.Expression);
    const signatures = contextualType?.getCallSignatures() ?? [];
    return (
      signatures.length > 0 &&
      signatures.every((signature) => (this.checker.getReturnTypeOfSignature(signature).flags & tsApi.TypeFlags.Void) !== 0)
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

  hasStrictNullChecks(): boolean {
    const options = this.program.getCompilerOptions();
    return options.strictNullChecks ?? options.strict ?? false;
  }

  getTransportConfigurations(node: TSESTree.CallExpression): readonly TransportConfiguration[] {
    let configurations = this.configurationsByCall.get(node);
    if (!configurations) {
      const call = this.binding.tsNodeOf(node);
      configurations = tsApi.isCallExpression(call) ? new TransportOptionsReader(this.program, this.getFileScope(), call.getSourceFile()).read(call) : [];
      this.configurationsByCall.set(node, configurations);
    }
    return configurations;
  }

  private getFileScope(): PatternScope {
    this.fileScope ??= createFileScope(this.binding, this.sourceCode, this.checker);
    return this.fileScope;
  }

  /** The `@nestjs/...` declaration a name refers to (through import aliases), if it is `name` of `wanted`. */
  private nestSymbolOf(node: TSESTree.Node, wanted: string): ts.Symbol | undefined {
    const target = node.type === AST_NODE_TYPES.MemberExpression ? node.property : node;
    const symbol = this.getFileScope().symbolOf(this.binding.tsNodeOf(target));
    return (symbol?.declarations ?? []).some((declaration) => isDeclaredIn(this.program, declaration, wanted)) ? symbol : undefined;
  }

  getHandlerDecorator(decorator: TSESTree.Decorator): HandlerDecorator | undefined {
    // Several rules ask about the same decorators of a file: one answer each.
    if (this.handlerDecorators.has(decorator)) return this.handlerDecorators.get(decorator);
    const answer = this.readHandlerDecorator(decorator);
    this.handlerDecorators.set(decorator, answer);
    return answer;
  }

  private readHandlerDecorator(decorator: TSESTree.Decorator): HandlerDecorator | undefined {
    const call = decorator.expression;
    const tsDecorator = this.binding.tsNodeOf(decorator);
    if (call.type !== AST_NODE_TYPES.CallExpression || !tsApi.isDecorator(tsDecorator)) return undefined;
    const kind = classifyHandlerDecorator(this.program, tsDecorator, this.getFileScope());
    if (!kind) return undefined;
    const second = call.arguments[1];
    if (!second || second.type === AST_NODE_TYPES.ObjectExpression) return { kind, transport: null };
    const tsCall = this.binding.tsNodeOf(call);
    if (!tsApi.isCallExpression(tsCall)) return undefined;
    const reader = new TransportOptionsReader(this.program, this.getFileScope(), tsCall.getSourceFile());
    const value = reader.readValue(this.binding.tsNodeOf(second) as ts.Expression, 0);
    return { kind, transport: typeof value === 'object' ? value.transport : undefined };
  }

  mayReplaceMethod(decorator: TSESTree.Decorator): boolean {
    const tsDecorator = this.binding.tsNodeOf(decorator);
    return !tsApi.isDecorator(tsDecorator) || mayReplaceMethod(this.program, this.getFileScope(), tsDecorator);
  }

  refersTo(node: TSESTree.Node, specifier: PackageTypeSpecifier): boolean {
    return this.nestSymbolOf(node, specifier.package)?.name === specifier.name;
  }

  getProgramIndex(): ProgramIndex {
    return getProgramIndex(this.program);
  }

  peekProgramIndex(): ProgramIndex {
    return getProgramIndex(this.program);
  }

  getKafkaClientIdentity(receiver: TSESTree.Node): string | undefined {
    return getKafkaClientIdentity(this.program, getCheckerScope(this.checker), this.binding.tsNodeOf(receiver));
  }


  getInjectionToken(token: TSESTree.Node): string | undefined {
    const expression = this.binding.tsNodeOf(token) as ts.Expression;
    const scope = this.getFileScope();
    return isClassToken(scope, expression) ? undefined : getComparableTokenKey(scope, expression);
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
