/**
 * A source of answers to the rules' type questions. The type engine asks each provider in turn whether it can
 * answer for the linted file, and the first that can makes the file's {@link TypeServices}.
 */
import type { TSESLint } from '@typescript-eslint/utils';

import type { TypeServices } from '../type-services';

export type AnyRuleContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export interface TypeProvider {
  /** For errors and debugging: `typescript-eslint`, `own-program`. */
  readonly name: string;
  /** Whether this provider answers for the linted file (cheap: asked once per file, before any question). */
  appliesTo(context: AnyRuleContext): boolean;
  /** The file's type services. Called at most once per linted file, on the first type question. */
  createFileServices(context: AnyRuleContext): TypeServices;
}
