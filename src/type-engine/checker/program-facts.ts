/**
 * Answers that do not depend on the linted file, cached once per `ts.Program` and shared by every file and
 * every rule of the run; and where a declaration comes from (its npm package).
 */
import type ts from 'typescript';

import { tsApi } from '../classic-typescript';
import type { ClientCallKind } from '../type-services';

/** `Program.sourceFileToPackageName` is internal to TypeScript; typescript-eslint's type-utils rely on it too. */
interface ProgramWithPackageNames extends ts.Program {
  readonly sourceFileToPackageName?: ReadonlyMap<string, string>;
}

/** `SourceFile.path` (the canonical file name) is internal too. */
interface SourceFileWithPath extends ts.SourceFile {
  readonly path?: string;
}

export interface ProgramFacts {
  readonly clientKindByDeclaration: WeakMap<ts.Declaration, ClientCallKind | null>;
  readonly packageBySourceFile: WeakMap<ts.SourceFile, string | null>;
  /** Export names of a module (`rxjs`), asked once per program rather than once per suggestion. */
  readonly exportNamesByModule: WeakMap<ts.Symbol, ReadonlySet<string>>;
  /** `isTypeOf` answers by specifier list (its `name@package` key) and type: types are shared by every file. */
  readonly typeMatches: Map<string, WeakMap<ts.Type, boolean>>;
}

const factsByProgram = new WeakMap<ts.Program, ProgramFacts>();

export function getProgramFacts(program: ts.Program): ProgramFacts {
  let facts = factsByProgram.get(program);
  if (!facts) {
    facts = {
      clientKindByDeclaration: new WeakMap(),
      packageBySourceFile: new WeakMap(),
      exportNamesByModule: new WeakMap(),
      typeMatches: new Map(),
    };
    factsByProgram.set(program, facts);
  }
  return facts;
}

/**
 * Where a declaration file sits inside its npm package, as TypeScript resolved it (following npm aliases and
 * `paths`): the package name and the path inside it, e.g. `@nestjs/microservices/client/client-proxy.d.ts` or
 * `.prisma/client/index.d.ts`.
 */
export function getPackageOf(program: ts.Program, sourceFile: ts.SourceFile): string | undefined {
  const facts = getProgramFacts(program);
  const cached = facts.packageBySourceFile.get(sourceFile);
  if (cached !== undefined) return cached ?? undefined;
  let packagePath: string | null = null;
  if (program.isSourceFileFromExternalLibrary(sourceFile) || sourceFile.isDeclarationFile) {
    packagePath =
      (program as ProgramWithPackageNames).sourceFileToPackageName?.get(
        (sourceFile as SourceFileWithPath).path ?? sourceFile.fileName,
      ) ?? null;
    if (!packagePath) {
      // Fallback (linked packages, hand-made declaration trees): the path below the innermost node_modules.
      const normalized = sourceFile.fileName.replace(/\\/g, '/');
      const at = normalized.lastIndexOf('/node_modules/');
      packagePath = at === -1 ? null : normalized.slice(at + '/node_modules/'.length);
    }
  }
  facts.packageBySourceFile.set(sourceFile, packagePath);
  return packagePath ?? undefined;
}

/** Whether a package path is `wanted` itself or inside it, by whole path components (`.prisma/client` too). */
export function isInPackage(packagePath: string | undefined, wanted: string): boolean {
  return packagePath === wanted || (packagePath !== undefined && packagePath.startsWith(`${wanted}/`));
}

/** Whether `declaration` comes from the npm package `wanted` (or a file inside it). */
export function isDeclaredIn(program: ts.Program, declaration: ts.Declaration, wanted: string): boolean {
  return isInPackage(getPackageOf(program, declaration.getSourceFile()), wanted);
}

export function isObjectType(type: ts.Type, objectFlags: ts.ObjectFlags): boolean {
  return (type.flags & tsApi.TypeFlags.Object) !== 0 && ((type as ts.ObjectType).objectFlags & objectFlags) !== 0;
}

/** Whether a source file is the project's own, by `SourceFile`: the answer does not change between versions. */
const ownBySourceFile = new WeakMap<ts.SourceFile, boolean>();

export function isOwnSourceFile(program: ts.Program, sourceFile: ts.SourceFile): boolean {
  let own = ownBySourceFile.get(sourceFile);
  if (own === undefined) {
    own = !sourceFile.isDeclarationFile && !program.isSourceFileFromExternalLibrary(sourceFile) && !sourceFile.fileName.includes('/node_modules/');
    ownBySourceFile.set(sourceFile, own);
  }
  return own;
}
