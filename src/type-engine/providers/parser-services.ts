/**
 * Answers from typescript-eslint's parser services: the program and node maps that `@typescript-eslint/parser`
 * builds for typed linting under ESLint.
 */
import type { ParserServicesWithTypeInformation } from '@typescript-eslint/utils';

import { CheckerTypeServices } from '../checker/checker-type-services';
import type { AnyRuleContext, TypeProvider } from './provider';

function getParserServices(context: AnyRuleContext): ParserServicesWithTypeInformation | undefined {
  const services = context.sourceCode.parserServices;
  return services?.program && services.esTreeNodeToTSNodeMap ? (services as ParserServicesWithTypeInformation) : undefined;
}

export const parserServicesProvider: TypeProvider = {
  name: 'typescript-eslint',
  appliesTo: (context) => getParserServices(context) !== undefined,
  createFileServices(context) {
    const services = getParserServices(context);
    if (!services) throw new Error('parserServicesProvider: the file has no type information');
    return new CheckerTypeServices(
      {
        program: services.program,
        tsNodeOf: (node) => services.esTreeNodeToTSNodeMap.get(node),
        esTreeIdentifierOf: (node) => services.tsNodeToESTreeNodeMap.get(node),
      },
      context.sourceCode,
    );
  },
};
