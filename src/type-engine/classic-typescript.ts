/**
 * TypeScript's classic compiler API, which every answer of the type engine uses at run time: `tsApi`.
 *
 * Modules of the type engine import TypeScript's types with `import type ts from 'typescript'` and its run-time
 * API from here, never with a value import of `typescript`: TypeScript 7's `typescript` package has no classic
 * API (7.0: none at all; 7.1: a new one under `typescript/sync`), and a value import would fail as the plugin
 * loads, with a stack trace on every file.
 *
 * Where the API comes from, in order:
 * 1. `typescript`, when it is the classic compiler (5.x, 6.0): the same module typescript-eslint uses, so node
 *    kinds and flags agree with its program under ESLint, on its classic and on its tsgo backend.
 * 2. `@typescript/typescript6`, TypeScript's official compatibility package, which projects on TypeScript 7
 *    install beside it for tools that need the classic API (TypeScript 7.0's "running side by side" guide).
 *
 * When neither is there, the plugin still loads: {@link classicTypeScriptProblem} says what to install, the type
 * engine reports it once per lint run, and any use of `tsApi` throws {@link ClassicTypeScriptMissingError}.
 */
import type ts from 'typescript';

import { packageName } from '../base/package-info';

/** The package TypeScript 7 projects install beside `typescript` for the classic API. */
export const TYPESCRIPT6_PACKAGE = '@typescript/typescript6';

export class ClassicTypeScriptMissingError extends Error {}

interface LoadedApi {
  readonly api: typeof ts | undefined;
  /** Why there is no API, in the user's terms, with what to install. */
  readonly problem: string | undefined;
  /** Where the API was loaded from: `typescript` or {@link TYPESCRIPT6_PACKAGE}. */
  readonly source: string | undefined;
}

function isClassicApi(candidate: unknown): candidate is typeof ts {
  const api = candidate as Partial<typeof ts> | undefined;
  return typeof api?.createProgram === 'function' && typeof api.SyntaxKind === 'object';
}

/** The module `load` loads, or `undefined` when it is not installed where this package can resolve it. */
function tryRequire(load: () => unknown): unknown {
  try {
    return load();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

export function describeMissingApi(version: string | undefined): string {
  const installed = version === undefined ? 'no `typescript` package was found' : `the project's \`typescript\` is ${version}`;
  return (
    `${packageName} needs TypeScript's classic compiler API, and ${installed}, which has none. ` +
    `Install TypeScript's official 6.0 API package beside it (\`npm i -D ${TYPESCRIPT6_PACKAGE}@6\`), which the plugin finds by itself; ` +
    'or keep `typescript` on 6.0 and install TypeScript 7 under an alias (`npm i -D @typescript/native@npm:typescript@7`)'
  );
}

function loadClassicApi(): LoadedApi {
  // Loaded here, at run time, and not by an import: see the module's comment.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const project = tryRequire(() => require('typescript'));
  if (isClassicApi(project)) return { api: project, problem: undefined, source: 'typescript' };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const compatibility = tryRequire(() => require('@typescript/typescript6'));
  if (isClassicApi(compatibility)) return { api: compatibility, problem: undefined, source: TYPESCRIPT6_PACKAGE };
  const version = (project as { version?: unknown } | undefined)?.version;
  return { api: undefined, problem: describeMissingApi(typeof version === 'string' ? version : undefined), source: undefined };
}

const loaded = loadClassicApi();

/** An API whose every use throws the error that says what to install. */
function missingApi(problem: string): typeof ts {
  return new Proxy({} as typeof ts, {
    get() {
      throw new ClassicTypeScriptMissingError(problem);
    },
  });
}

/** TypeScript's classic compiler API (see the module's comment for where it comes from). */
export const tsApi: typeof ts = loaded.api ?? missingApi(loaded.problem ?? describeMissingApi(undefined));

/** Why the classic API is missing, with what to install; `undefined` when it is there. */
export function classicTypeScriptProblem(): string | undefined {
  return loaded.problem;
}

/** Where the classic API came from, for the README's troubleshooting and tests. */
export function classicTypeScriptSource(): string | undefined {
  return loaded.source;
}
