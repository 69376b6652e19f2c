/**
 * Is a method declaration `ClientProxy.emit`/`send`, `ClientKafka.emitBatch`, or an override of one in a class
 * derived from `ClientProxy`? Decided by where `@nestjs/microservices` declares them, never by name alone.
 */
import type ts from 'typescript';

import { tsApi } from '../classic-typescript';
import type { ClientCallKind } from '../type-services';
import { getPackageOf, getProgramFacts, isInPackage, isObjectType } from './program-facts';

const CLIENT_PACKAGE = '@nestjs/microservices';
/** The client methods by name, with the kind of call each is. */
export const CLIENT_METHOD_KINDS: ReadonlyMap<string, ClientCallKind> = new Map([
  ['emit', 'emit'],
  ['emitBatch', 'emit'],
  ['send', 'send'],
]);
/** Where `@nestjs/microservices` declares each client method. */
const CLIENT_METHOD_OWNERS: ReadonlyMap<string, string> = new Map([
  ['emit', 'ClientProxy'],
  ['send', 'ClientProxy'],
  ['emitBatch', 'ClientKafka'],
]);

function classifyInheritedMethod(program: ts.Program, classDeclaration: ts.ClassLikeDeclaration, methodName: string): ClientCallKind | undefined {
  const checker = program.getTypeChecker();
  const classType = checker.getTypeAtLocation(classDeclaration);
  if (!isObjectType(classType, tsApi.ObjectFlags.ClassOrInterface)) return undefined;
  for (const base of checker.getBaseTypes(classType as ts.InterfaceType)) {
    const inherited = base.getProperty(methodName);
    for (const declaration of inherited?.declarations ?? []) {
      const kind = classifyClientMethod(program, declaration);
      if (kind) return kind;
    }
  }
  return undefined;
}

/** The client call kind of a method declaration, or `undefined`. Cached per program. */
export function classifyClientMethod(program: ts.Program, declaration: ts.Declaration): ClientCallKind | undefined {
  const facts = getProgramFacts(program);
  const cached = facts.clientKindByDeclaration.get(declaration);
  if (cached !== undefined) return cached ?? undefined;
  facts.clientKindByDeclaration.set(declaration, null); // guards against cyclic base types
  let kind: ClientCallKind | undefined;
  const name = tsApi.getNameOfDeclaration(declaration);
  const methodName = name && tsApi.isIdentifier(name) ? name.text : undefined;
  const owner = declaration.parent;
  if (methodName && CLIENT_METHOD_KINDS.has(methodName) && tsApi.isClassLike(owner)) {
    const inClientPackage = isInPackage(getPackageOf(program, declaration.getSourceFile()), CLIENT_PACKAGE);
    kind =
      inClientPackage && owner.name?.text === CLIENT_METHOD_OWNERS.get(methodName)
        ? CLIENT_METHOD_KINDS.get(methodName)
        : classifyInheritedMethod(program, owner, methodName);
  }
  facts.clientKindByDeclaration.set(declaration, kind ?? null);
  return kind;
}

/** The client call kind of a call's callee (`this.client.emit`), from the declarations of the member it names. */
export function classifyClientCallee(program: ts.Program, callee: ts.Node): ClientCallKind | undefined {
  const nameNode = tsApi.isPropertyAccessExpression(callee)
    ? callee.name
    : tsApi.isElementAccessExpression(callee)
      ? callee.argumentExpression
      : callee;
  const symbol = program.getTypeChecker().getSymbolAtLocation(nameNode);
  // `any`/`unknown` receivers have no symbol; union and intersection members list every constituent declaration.
  for (const declaration of symbol?.declarations ?? []) {
    const kind = classifyClientMethod(program, declaration);
    if (kind) return kind;
  }
  return undefined;
}
