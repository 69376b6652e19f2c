/**
 * A rule's view of its file's type services: the same answers, counted under the rule's id, so that the
 * benchmark can report type questions per 1000 files and a rule asking more than it should shows up as a number.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import type { PatternValue } from '../utils/patterns';
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

  private count(): void {
    typeQueryCounts.set(this.ruleId, (typeQueryCounts.get(this.ruleId) ?? 0) + 1);
  }

  getClientCallKind(call: TSESTree.CallExpression): ClientCallKind | undefined {
    this.count();
    return this.file.getClientCallKind(call);
  }

  getClientWrapper(call: TSESTree.CallExpression): ClientWrapper | undefined {
    this.count();
    return this.file.getClientWrapper(call);
  }

  isPossiblyNullish(node: TSESTree.Node): boolean {
    this.count();
    return this.file.isPossiblyNullish(node);
  }

  isTypeOf(node: TSESTree.Node, specifiers: readonly PackageTypeSpecifier[]): boolean {
    this.count();
    return this.file.isTypeOf(node, specifiers);
  }

  getCollectionKind(node: TSESTree.Node): CollectionKind | undefined {
    this.count();
    return this.file.getCollectionKind(node);
  }

  isCallbackResultIgnored(callback: TSESTree.Node): boolean {
    this.count();
    return this.file.isCallbackResultIgnored(callback);
  }

  resolvePattern(pattern: TSESTree.Node | undefined): PatternValue | undefined {
    // A string or number literal is its own value: no question, and no type services for the file.
    if (pattern?.type === AST_NODE_TYPES.Literal && (typeof pattern.value === 'string' || typeof pattern.value === 'number')) {
      return pattern.value;
    }
    this.count();
    return this.file.resolvePattern(pattern);
  }

  moduleExports(source: TSESTree.StringLiteral, name: string): boolean | undefined {
    this.count();
    return this.file.moduleExports(source, name);
  }

  hasStrictNullChecks(): boolean {
    return this.file.hasStrictNullChecks();
  }

  getTransportConfigurations(node: TSESTree.CallExpression): readonly TransportConfiguration[] {
    this.count();
    return this.file.getTransportConfigurations(node);
  }

  getHandlerDecorator(decorator: TSESTree.Decorator): HandlerDecorator | undefined {
    this.count();
    return this.file.getHandlerDecorator(decorator);
  }

  refersTo(node: TSESTree.Node, specifier: PackageTypeSpecifier): boolean {
    this.count();
    return this.file.refersTo(node, specifier);
  }

  getProgramIndex(): ProgramIndex {
    return this.file.getProgramIndex();
  }

  peekProgramIndex(): ProgramIndex {
    return (this.fileServices ?? this.getFileServices(true)).peekProgramIndex();
  }

  getKafkaClientIdentity(receiver: TSESTree.Node): string | undefined {
    return this.file.getKafkaClientIdentity(receiver);
  }

  isOutsideControllers(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression): boolean {
    this.count();
    return this.file.isOutsideControllers(classNode);
  }
}
