/**
 * The type engine: rules ask {@link TypeServices} questions, providers answer them.
 *
 * - `type-services.ts`: the questions (the only interface rules see).
 * - `providers/`: where the answers come from. `parser-services.ts`: typescript-eslint's program under ESLint;
 *   `own-program/`: a program the plugin builds itself under oxlint, which hands JS plugins no type information.
 * - `checker/`: the answers from TypeScript's classic API, shared by both providers; `program-index.ts` holds
 *   the program-wide facts (handlers, reply subscriptions).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { packageName } from '../base/package-info';
import { classicTypeScriptProblem } from './classic-typescript';
import { EMPTY_PROGRAM_INDEX } from './checker/program-index';
import { missingTypeInformation } from './providers/parser-check';
import { parserServicesProvider } from './providers/parser-services';
import type { AnyRuleContext, TypeProvider } from './providers/provider';
import { NoProjectError, ownProgramProvider } from './providers/own-program';
import { CountingTypeServices } from './query-counts';
import type { TypeServices } from './type-services';

export type {
  ClientCallKind,
  ClientTokenIndex,
  ClientWrapper,
  CollectionKind,
  HandlerDecorator,
  HandlerKind,
  OptionPlace,
  OptionProperty,
  OptionsObject,
  OptionValue,
  PackageTypeSpecifier,
  PatternHandler,
  ProgramIndex,
  ServerConfiguration,
  TransportConfiguration,
  TransportServers,
  TypeServices,
} from './type-services';
export { typeQueryCounts } from './query-counts';
export { checkerCallCounts, summarizeCheckerCalls } from './checker-call-counts';

/** In order: typescript-eslint's answers whenever ESLint has them; the own program only under oxlint. */
const PROVIDERS: readonly TypeProvider[] = [parserServicesProvider, ownProgramProvider];

const TYPESCRIPT_FILE = /\.(?:[cm]?ts|tsx)$/;

/** Answers for a file no project includes: nothing is a client call, so no rule reports anything but the one error. */
const NO_ANSWERS: TypeServices = {
  getClientCallKind: () => undefined,
  getClientWrapper: () => undefined,
  isPossiblyNullish: () => false,
  isTypeOf: () => false,
  getCollectionKind: () => undefined,
  isCallbackResultIgnored: () => false,
  resolvePattern: () => undefined,
  moduleExports: () => undefined,
  hasStrictNullChecks: () => false,
  getTransportConfigurations: () => [],
  getHandlerDecorator: () => undefined,
  mayReplaceMethod: () => true,
  refersTo: () => false,
  getProgramIndex: () => EMPTY_PROGRAM_INDEX,
  peekProgramIndex: () => EMPTY_PROGRAM_INDEX,
  getKafkaClientIdentity: () => undefined,
  getInjectionToken: () => undefined,
  isOutsideControllers: () => false,
};

/** One set of type services per linted file, shared by every rule: keyed by the file's AST (oxlint shares `sourceCode`). */
const fileServicesByAst = new WeakMap<TSESTree.Program, TypeServices>();

/**
 * The file's type services, made on the first type question of any rule. When no tsconfig includes the file
 * (oxlint), the rule that asked reports it once, with what to add, and the file gets {@link NO_ANSWERS}.
 */
function getFileServices(provider: TypeProvider, context: AnyRuleContext, quiet = false): TypeServices {
  const { ast } = context.sourceCode;
  let services = fileServicesByAst.get(ast);
  if (!services) {
    const apiProblem = classicTypeScriptProblem();
    if (apiProblem !== undefined) {
      if (quiet) return NO_ANSWERS;
      reportMissingApiOnce(context, apiProblem);
      fileServicesByAst.set(ast, NO_ANSWERS);
      return NO_ANSWERS;
    }
    try {
      services = provider.createFileServices(context);
    } catch (error) {
      if (!(error instanceof NoProjectError)) throw error;
      // A quiet look (is there a client wrapper to look for?) reports nothing: a later question still does.
      if (quiet) return NO_ANSWERS;
      // A JavaScript file outside every tsconfig has no types to miss: the ESLint configs do not lint it at all.
      if (TYPESCRIPT_FILE.test(context.filename)) reportNoProject(context, error);
      services = NO_ANSWERS;
    }
    fileServicesByAst.set(ast, services);
  }
  return services;
}

function reportNoProject(context: AnyRuleContext, error: NoProjectError): void {
  reportPlainMessage(context, `${packageName}: ${error.message}.`);
}

/** Whether this lint process was told that the classic TypeScript API is missing. */
let missingApiReported = false;

/**
 * Without TypeScript's classic API (a project on TypeScript 7 without `@typescript/typescript6`), the first file
 * that asks a type question gets one message that says what to install, and every file no answers: one message
 * per lint run, not an error per file.
 */
function reportMissingApiOnce(context: AnyRuleContext, problem: string): void {
  if (missingApiReported) return;
  missingApiReported = true;
  reportPlainMessage(context, `${problem}.`);
}

function reportPlainMessage(context: AnyRuleContext, message: string): void {
  // A plain message: it belongs to no rule's `meta.messages`.
  (context.report as unknown as (descriptor: { loc: TSESTree.Position; message: string }) => void)({
    loc: { line: 1, column: 0 },
    message,
  });
}

/**
 * The type services of the linted file, for one rule. Nothing is computed until the rule asks its first
 * question: files the rules skip (no client call in their text) never need a program. Throws the error that
 * explains how to enable typed linting when ESLint parsed the file without type information.
 */
export function getTypeServices(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): TypeServices {
  const provider = PROVIDERS.find((candidate) => candidate.appliesTo(context));
  if (!provider) throw missingTypeInformation(context);
  return new CountingTypeServices((quiet) => getFileServices(provider, context, quiet), context.id);
}
