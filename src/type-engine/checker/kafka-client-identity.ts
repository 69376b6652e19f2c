/**
 * Which Kafka client instance a receiver expression (`this.kafka` in `this.kafka.send(...)` or
 * `this.kafka.subscribeToResponseOf(...)`) denotes, as a string key: `subscribeToResponseOf(p)` registers `p` on that
 * instance only. `undefined` when it cannot be told (a parameter, `this.clients[i]`, a property assigned elsewhere).
 */
import type ts from 'typescript';

import { tsApi } from '../classic-typescript';
import type { PatternScope } from './pattern-scopes';
import { isDeclaredIn } from './program-facts';
import { findOwnInstanceMember, getPackageImportName } from './ts-syntax';

/**
 * - `@Inject(TOKEN)` on the property or constructor parameter property: `token:` and the token's value (a string,
 *   also through a constant, is compared by value as Nest does; a symbol or class token by its declaration). Nest
 *   providers are singletons per token: every class injecting the same token holds the same client.
 * - No `@Inject`, a property initialized with `new ...(...)` (`= new ClientKafka(...)`): `property:` and the class
 *   declaration and property name.
 */
export function getKafkaClientIdentity(program: ts.Program, scope: PatternScope, receiver: ts.Node): string | undefined {
  if (!tsApi.isPropertyAccessExpression(receiver) || receiver.expression.kind !== tsApi.SyntaxKind.ThisKeyword) return undefined;
  // A member the class declares itself is found by syntax; an inherited one by the checker.
  const own = findOwnInstanceMember(receiver);
  const symbol = own ? undefined : (scope.symbolOf(receiver.name) ?? scope.checker.getSymbolAtLocation(receiver.name));
  const declarations = own ? [own] : (symbol?.declarations ?? []);
  if (declarations.length !== 1) return undefined;
  const declaration = declarations[0];
  if (!declaration || !(tsApi.isPropertyDeclaration(declaration) || (tsApi.isParameter(declaration) && tsApi.isParameterPropertyDeclaration(declaration, declaration.parent)))) {
    return undefined;
  }
  const inject = (tsApi.getDecorators(declaration) ?? []).find((decorator) => isInjectDecorator(program, scope, decorator));
  if (inject) return getTokenIdentity(scope, inject);
  // Only `new ...(...)` makes a client of its own: `= this.moduleRef.get('KAFKA')` may be a shared one.
  if (tsApi.isPropertyDeclaration(declaration) && declaration.initializer && tsApi.isNewExpression(declaration.initializer) && tsApi.isClassLike(declaration.parent)) {
    return `property:${declaration.getSourceFile().fileName}:${declaration.parent.pos}:${receiver.name.text}`;
  }
  return undefined;
}

function isInjectDecorator(program: ts.Program, scope: PatternScope, decorator: ts.Decorator): boolean {
  const call = decorator.expression;
  if (!tsApi.isCallExpression(call) || !tsApi.isIdentifier(call.expression) || call.arguments.length !== 1) return false;
  // Imported from `@nestjs/common` itself (in the module of a top-level class): its import tells. Else by
  // declaration: another module may re-export it.
  const imported = getPackageImportName(decorator, call.expression.text, '@nestjs/common');
  if (imported !== undefined) return imported === 'Inject';
  const symbol = scope.symbolOf(call.expression);
  return symbol?.name === 'Inject' && (symbol.declarations ?? []).some((declaration) => isDeclaredIn(program, declaration, '@nestjs/common'));
}

function getTokenIdentity(scope: PatternScope, inject: ts.Decorator): string | undefined {
  const token = (inject.expression as ts.CallExpression).arguments[0];
  if (!token) return undefined;
  if (tsApi.isStringLiteralLike(token)) return `token:string:${token.text}`;
  if (!tsApi.isIdentifier(token) && !tsApi.isPropertyAccessExpression(token)) return undefined;
  const symbol = scope.symbolOf(token);
  const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  if (!declaration) return undefined;
  if (tsApi.isVariableDeclaration(declaration) || tsApi.isPropertyAssignment(declaration) || tsApi.isEnumMember(declaration)) {
    const initializer = declaration.initializer;
    const value = initializer && (tsApi.isAsExpression(initializer) || tsApi.isSatisfiesExpression(initializer)) ? initializer.expression : initializer;
    if (value && tsApi.isStringLiteralLike(value)) return `token:string:${value.text}`;
    // `Symbol('KAFKA')`, or any other value: the declaration is the token (its value is made once).
    if (tsApi.isVariableDeclaration(declaration) && !(declaration.parent.flags & tsApi.NodeFlags.Const)) return undefined;
  } else if (!tsApi.isClassDeclaration(declaration)) {
    return undefined;
  }
  return `token:declaration:${declaration.getSourceFile().fileName}:${declaration.pos}`;
}
