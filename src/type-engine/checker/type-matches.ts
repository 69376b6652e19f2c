/** Whether a type is (or derives from) a type declared in a given package: repositories, loggers, Kafka clients. */
import type ts from 'typescript';

import { tsApi } from '../classic-typescript';
import type { CollectionKind, PackageTypeSpecifier } from '../type-services';
import { getPackageOf, getProgramFacts, isInPackage, isObjectType } from './program-facts';

function typeMatches(program: ts.Program, type: ts.Type, specifiers: readonly PackageTypeSpecifier[], seen: Set<ts.Type>): boolean {
  if (seen.has(type)) return false;
  seen.add(type);
  if (type.isUnionOrIntersection()) return type.types.some((part) => typeMatches(program, part, specifiers, seen));
  const symbol = type.aliasSymbol ?? type.getSymbol();
  for (const declaration of symbol?.declarations ?? []) {
    const packageId = getPackageOf(program, declaration.getSourceFile());
    if (specifiers.some((spec) => (spec.name === '*' || spec.name === symbol?.name) && isInPackage(packageId, spec.package))) {
      return true;
    }
  }
  const target = isObjectType(type, tsApi.ObjectFlags.Reference) ? (type as ts.TypeReference).target : type;
  return isObjectType(target, tsApi.ObjectFlags.ClassOrInterface)
    ? program
        .getTypeChecker()
        .getBaseTypes(target as ts.InterfaceType)
        .some((base) => typeMatches(program, base, specifiers, seen))
    : false;
}

/** Whether `type` is one of `specifiers` or derives from one. Cached per program, specifier list and type. */
export function isTypeOfPackage(program: ts.Program, type: ts.Type, specifiers: readonly PackageTypeSpecifier[]): boolean {
  if (specifiers.length === 0) return false;
  const facts = getProgramFacts(program);
  const key = specifiers.map((specifier) => `${specifier.name}@${specifier.package}`).join('|');
  let answers = facts.typeMatches.get(key);
  if (!answers) {
    answers = new WeakMap();
    facts.typeMatches.set(key, answers);
  }
  let answer = answers.get(type);
  if (answer === undefined) {
    answer = typeMatches(program, type, specifiers, new Set());
    answers.set(type, answer);
  }
  return answer;
}

/** Whether a type admits `null`, `undefined` or `void`. */
export function isNullishType(type: ts.Type): boolean {
  const parts = type.isUnion() ? type.types : [type];
  return parts.some((part) => (part.flags & (tsApi.TypeFlags.Null | tsApi.TypeFlags.Undefined | tsApi.TypeFlags.Void)) !== 0);
}

/** The collection interfaces of TypeScript's default library, by the kind of collection they are. */
const LIBRARY_COLLECTIONS: ReadonlyMap<string, CollectionKind> = new Map([
  ['Map', 'map'],
  ['WeakMap', 'map'],
  ['Set', 'set'],
  ['WeakSet', 'set'],
]);

function getPartCollectionKind(program: ts.Program, type: ts.Type): CollectionKind | undefined {
  const checker = program.getTypeChecker();
  if (checker.isArrayType(type) || checker.isTupleType(type)) return 'array';
  const symbol = type.getSymbol();
  const kind = symbol ? LIBRARY_COLLECTIONS.get(symbol.name) : undefined;
  const fromLibrary = (symbol?.declarations ?? []).some((declaration) => program.isSourceFileDefaultLibrary(declaration.getSourceFile()));
  return kind && fromLibrary ? kind : undefined;
}

/**
 * The built-in collection a type is: `Order[]`, `[a, b]`, `Map<K, V>`, `Set<T>` (and a union of one kind, with
 * `null`/`undefined` left aside). A class declared elsewhere under one of these names is not one.
 */
export function getCollectionKind(program: ts.Program, type: ts.Type): CollectionKind | undefined {
  if (type.flags & (tsApi.TypeFlags.Any | tsApi.TypeFlags.Unknown)) return undefined;
  const parts = (type.isUnion() ? type.types : [type]).filter((part) => (part.flags & (tsApi.TypeFlags.Null | tsApi.TypeFlags.Undefined)) === 0);
  const kinds = new Set(parts.map((part) => getPartCollectionKind(program, part)));
  const [kind] = kinds;
  return kinds.size === 1 ? kind : undefined;
}
