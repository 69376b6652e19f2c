/**
 * Answers from typescript-eslint's parser services: the program and node maps that `@typescript-eslint/parser`
 * builds for typed linting under ESLint.
 */
import type { ParserServicesWithTypeInformation } from '@typescript-eslint/utils';

import { countedProgram } from '../checker-call-counts';
import { CheckerTypeServices } from '../checker/checker-type-services';
import { checkParserVersion } from './parser-check';
import type { AnyRuleContext, TypeProvider } from './provider';

/**
 * typescript-eslint's parser services, when they carry the project's types. Parser 5 without `project` hands over
 * a program of the linted file alone (`hasFullTypeInformation: false`): imports unresolved, every client `any`.
 */
function getParserServices(context: AnyRuleContext): ParserServicesWithTypeInformation | undefined {
  const services = context.sourceCode.parserServices as (Partial<ParserServicesWithTypeInformation> & { hasFullTypeInformation?: boolean }) | undefined;
  if (!services?.program || !services.esTreeNodeToTSNodeMap || services.hasFullTypeInformation === false) return undefined;
  return services as ParserServicesWithTypeInformation;
}

export const parserServicesProvider: TypeProvider = {
  name: 'typescript-eslint',
  // A parser older than the supported one is refused even when it hands over a program.
  appliesTo: (context) => getParserServices(context) !== undefined && checkParserVersion(context) === undefined,
  createFileServices(context) {
    const services = getParserServices(context);
    if (!services) throw new Error('parserServicesProvider: the file has no type information');
    return new CheckerTypeServices(
      {
        program: countedProgram(services.program),
        tsNodeOf: (node) => services.esTreeNodeToTSNodeMap.get(node),
        esTreeIdentifierOf: (node) => services.tsNodeToESTreeNodeMap.get(node),
      },
      context.sourceCode,
    );
  },
};
