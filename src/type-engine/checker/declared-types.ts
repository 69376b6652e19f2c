/**
 * Declared types of references, for answers that narrowing cannot change. The type of a reference at its use
 * (`this.client` in `this.client.emit(...)`, `order` in `emit(topic, order)`) is its declared type narrowed by
 * control flow, and the checker computes it by walking the function's flow graph back from the use, for every
 * use. The declared type is computed once per symbol. Narrowing only ever gives a subtype of the declared type, so
 * an answer that holds for every subtype of it (a type without `null` or `undefined`, a type deriving from
 * `ClientKafka`) holds at the use too; any other answer is left to the narrowed type.
 */
import type ts from 'typescript';

import { tsApi } from '../classic-typescript';
import { findOwnInstanceMember } from './ts-syntax';

/** Type flags of the parts of a declared type whose subtypes narrowing can produce keep their answers. */
let plainTypeFlags: number | undefined;

function getPlainTypeFlags(): number {
  // Read on first use, not as the module loads: without the classic API the plugin still loads and says why.
  plainTypeFlags ??=
    tsApi.TypeFlags.Object |
    tsApi.TypeFlags.Intersection |
    tsApi.TypeFlags.NonPrimitive |
    tsApi.TypeFlags.StringLike |
    tsApi.TypeFlags.NumberLike |
    tsApi.TypeFlags.BigIntLike |
    tsApi.TypeFlags.BooleanLike |
    tsApi.TypeFlags.EnumLike |
    tsApi.TypeFlags.ESSymbolLike |
    tsApi.TypeFlags.Null |
    tsApi.TypeFlags.Undefined |
    tsApi.TypeFlags.Void;
  return plainTypeFlags;
}

/**
 * The declaration a reference names, with its symbol: a variable or parameter by the checker's name lookup, or an
 * own class member (found by syntax; its symbol is then looked up at its name).
 */
function getReferencedDeclaration(checker: ts.TypeChecker, reference: ts.Expression): { declaration: ts.Declaration; symbol: ts.Symbol } | undefined {
  if (tsApi.isIdentifier(reference)) {
    const symbol = checker.getSymbolAtLocation(reference);
    const declaration = symbol?.valueDeclaration;
    if (!symbol || !declaration || !(symbol.flags & tsApi.SymbolFlags.Variable)) return undefined;
    return (tsApi.isVariableDeclaration(declaration) || tsApi.isParameter(declaration)) && tsApi.isIdentifier(declaration.name) ? { declaration, symbol } : undefined;
  }
  if (tsApi.isPropertyAccessExpression(reference)) {
    const member = findOwnInstanceMember(reference);
    if (!member || !(tsApi.isPropertyDeclaration(member) || tsApi.isParameter(member)) || !tsApi.isIdentifier(member.name)) return undefined;
    const symbol = checker.getSymbolAtLocation(member.name);
    return symbol ? { declaration: member, symbol } : undefined;
  }
  return undefined;
}

/**
 * The declared type of a reference (`order`, `this.client`), when every part of it is a plain type (objects,
 * primitives, `null`, `undefined`: no `any`, `unknown` or type parameter, which narrowing can turn into anything);
 * `undefined` for any other expression or type.
 */
export function getDeclaredReferenceType(checker: ts.TypeChecker, reference: ts.Expression): ts.Type | undefined {
  const referenced = getReferencedDeclaration(checker, reference);
  if (!referenced) return undefined;
  const { declaration, symbol } = referenced;
  // At its declaration, the type of a symbol is its declared type: no flow analysis.
  const type = checker.getTypeOfSymbolAtLocation(symbol, declaration);
  const parts = type.isUnion() ? type.types : [type];
  return parts.every((part) => (part.flags & ~getPlainTypeFlags()) === 0 && (part.flags & getPlainTypeFlags()) !== 0) ? type : undefined;
}
