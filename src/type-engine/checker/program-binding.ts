/**
 * What the classic-TypeScript answers (`checker/`) need from a provider: the program the linted file belongs
 * to, and the TypeScript node behind each ESTree node of the linted file.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type ts from 'typescript';

export interface ProgramBinding {
  readonly program: ts.Program;
  /** The TypeScript node an ESTree node of the linted file was parsed from. */
  readonly tsNodeOf: (node: TSESTree.Node) => ts.Node;
  /**
   * The ESTree identifier of a TypeScript identifier in the linted file, when the provider has the reverse map
   * (typescript-eslint does). It lets names be looked up in ESLint's scope analysis; without it, the checker
   * resolves them, with the same answers.
   */
  readonly esTreeIdentifierOf?: (node: ts.Identifier) => TSESTree.Node | undefined;
}
