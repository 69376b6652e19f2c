/**
 * Answers from the plugin's own TypeScript program, for a linter that hands over no type information: oxlint,
 * whose JS plugins get ESLint's rule API with an empty `parserServices`. The program is the one the file's
 * tsconfig describes, built once per tsconfig per lint process; ESTree nodes are mapped to its nodes by range.
 *
 * Only oxlint gets this provider. Under ESLint, a file parsed without type information keeps its clear error:
 * the plugin never builds a program behind ESLint's back.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type ts from 'typescript';

import { countedProgram } from '../../checker-call-counts';
import { CheckerTypeServices } from '../../checker/checker-type-services';
import type { TypeServices } from '../../type-services';
import type { AnyRuleContext, TypeProvider } from '../provider';
import { createNodeMap } from './node-map';
import { ProjectProgram } from './project-program';
import { findProjectOf, forgetParsedProjects, normalizeFileName, reparseProject } from './tsconfig-lookup';

/** The parser name oxlint gives `context.languageOptions.parser`. */
const OXLINT_PARSER_NAME = 'oxlint';

/** One program per tsconfig per process. */
const programsByConfig = new Map<string, ProjectProgram>();

export function isOxlint(context: AnyRuleContext): boolean {
  const languageOptions = (context as { languageOptions?: { parser?: { name?: unknown } } }).languageOptions;
  return languageOptions?.parser?.name === OXLINT_PARSER_NAME;
}

/** The error for a file that no tsconfig includes: what to add, and where. */
export class NoProjectError extends Error {
  constructor(
    readonly fileName: string,
    readonly nearestConfigPath: string | undefined,
  ) {
    super(
      nearestConfigPath
        ? `no TypeScript project includes this file: add it to "include" (or "files") of ${nearestConfigPath}, or of a tsconfig.json it references, so that its types are known`
        : `no tsconfig.json was found in this file's folder or above it: add one whose "include" covers this file, so that its types are known`,
    );
  }
}

/** When a file is in no known project, the tsconfigs are read again at most this often (a file may be new). */
const PROJECT_RELOOKUP_INTERVAL_MS = 1000;
let lastRelookup = 0;

function getProjectProgram(fileName: string): ProjectProgram {
  for (const program of programsByConfig.values()) if (program.includes(fileName)) return program;
  // In no known project: a file added since its tsconfig was read (an editor), or one no tsconfig includes.
  const now = Date.now();
  if (programsByConfig.size > 0 && now - lastRelookup >= PROJECT_RELOOKUP_INTERVAL_MS) {
    lastRelookup = now;
    forgetParsedProjects();
  }
  const { project, nearestConfigPath } = findProjectOf(fileName);
  if (!project) throw new NoProjectError(fileName, nearestConfigPath);
  const key = normalizeFileName(project.configPath);
  let program = programsByConfig.get(key);
  if (program) {
    program.useProject(project);
  } else {
    program = new ProjectProgram(project, () => reparseProject(project.configPath));
    programsByConfig.set(key, program);
  }
  return program;
}

function createFileServices(fileName: string, sourceCode: Readonly<TSESLint.SourceCode>): TypeServices {
  const program: ts.Program = countedProgram(getProjectProgram(fileName).programFor(fileName, sourceCode.text));
  const sourceFile = program.getSourceFile(fileName);
  if (!sourceFile) throw new NoProjectError(fileName, undefined);
  const tsNodeOf: (node: TSESTree.Node) => ts.Node = createNodeMap(sourceFile);
  return new CheckerTypeServices({ program, tsNodeOf }, sourceCode);
}

export const ownProgramProvider: TypeProvider = {
  name: 'own-program',
  appliesTo: isOxlint,
  createFileServices: (context) => createFileServices(context.physicalFilename, context.sourceCode),
};
