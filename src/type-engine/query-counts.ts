/**
 * A rule's view of its file's type services: the same answers, counted under the rule's id, so that the
 * benchmark can report type questions per 1000 files and a rule asking more than it should shows up as a number.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';

import type { PatternValue } from '../base/patterns';
import { checkerCallCounts } from './checker-call-counts';
import type {
  ClientCallKind,
  ClientWrapper,
  CollectionKind,
  HandlerDecorator,
  PackageTypeSpecifier,
  ProgramIndex,
  TransportConfiguration,
  TypeServices,
} from './type-services';

/** How many type questions each rule asked (calls of {@link TypeServices} methods), by rule id. */
export const typeQueryCounts = new Map<string, number>();

export class CountingTypeServices implements TypeServices {
  private fileServices: TypeServices | undefined;

  /** `getFileServices` is called on the first question: files the rules skip never need type services. */
  constructor(
    private readonly getFileServices: (quiet: boolean) => TypeServices,
    private readonly ruleId: string,
  ) {}

  private get file(): TypeServices {
    this.fileServices ??= this.getFileServices(false);
    return this.fileServices;
  }

  /** Counts the question, and answers it with this rule as the one whose checker calls are counted. */
  private ask<T>(answer: () => T): T {
    typeQueryCounts.set(this.ruleId, (typeQueryCounts.get(this.ruleId) ?? 0) + 1);
    return this.attribute(answer);
  }

  /** Answers with this rule as the one whose checker calls are counted (the benchmark's checker call counts). */
  private attribute<T>(answer: () => T): T {
    if (!checkerCallCounts.enabled) return answer();
    const previous = checkerCallCounts.activeRule;
    checkerCallCounts.activeRule = this.ruleId;
    try {
      return answer();
    } finally {
      checkerCallCounts.activeRule = previous;
    }
  }

  getClientCallKind(call: TSESTree.CallExpression): ClientCallKind | undefined {
    return this.ask(() => this.file.getClientCallKind(call));
  }

  getClientWrapper(call: TSESTree.CallExpression): ClientWrapper | undefined {
    return this.ask(() => this.file.getClientWrapper(call));
  }

  isPossiblyNullish(node: TSESTree.Node): boolean {
    return this.ask(() => this.file.isPossiblyNullish(node));
  }

  isTypeOf(node: TSESTree.Node, specifiers: readonly PackageTypeSpecifier[]): boolean {
    return this.ask(() => this.file.isTypeOf(node, specifiers));
  }

  getCollectionKind(node: TSESTree.Node): CollectionKind | undefined {
    return this.ask(() => this.file.getCollectionKind(node));
  }

  isCallbackResultIgnored(callback: TSESTree.Node): boolean {
    return this.ask(() => this.file.isCallbackResultIgnored(callback));
  }

  resolvePattern(pattern: TSESTree.Node | undefined): PatternValue | undefined {
    // A string or number literal is its own value: no question, and no type services for the file.
    if (pattern?.type === AST_NODE_TYPES.Literal && (typeof pattern.value === 'string' || typeof pattern.value === 'number')) {
      return pattern.value;
    }
    return this.ask(() => this.file.resolvePattern(pattern));
  }

  moduleExports(source: TSESTree.StringLiteral, name: string): boolean | undefined {
    return this.ask(() => this.file.moduleExports(source, name));
  }

  hasStrictNullChecks(): boolean {
    return this.file.hasStrictNullChecks();
  }

  getTransportConfigurations(node: TSESTree.CallExpression): readonly TransportConfiguration[] {
    return this.ask(() => this.file.getTransportConfigurations(node));
  }

  getHandlerDecorator(decorator: TSESTree.Decorator): HandlerDecorator | undefined {
    return this.ask(() => this.file.getHandlerDecorator(decorator));
  }

  mayReplaceMethod(decorator: TSESTree.Decorator): boolean {
    return this.ask(() => this.file.mayReplaceMethod(decorator));
  }

  refersTo(node: TSESTree.Node, specifier: PackageTypeSpecifier): boolean {
    return this.ask(() => this.file.refersTo(node, specifier));
  }

  getProgramIndex(): ProgramIndex {
    return this.attribute(() => this.file.getProgramIndex());
  }

  peekProgramIndex(): ProgramIndex {
    return this.attribute(() => (this.fileServices ?? this.getFileServices(true)).peekProgramIndex());
  }

  getKafkaClientIdentity(receiver: TSESTree.Node): string | undefined {
    return this.attribute(() => this.file.getKafkaClientIdentity(receiver));
  }

  getInjectionToken(token: TSESTree.Node): string | undefined {
    return this.ask(() => this.file.getInjectionToken(token));
  }

  isOutsideControllers(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression): boolean {
    return this.ask(() => this.file.isOutsideControllers(classNode));
  }
}
