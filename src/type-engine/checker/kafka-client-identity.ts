/**
 * Which Kafka client instance a receiver expression (`this.kafka` in `this.kafka.send(...)` or
 * `this.kafka.subscribeToResponseOf(...)`) denotes, as a string key: `subscribeToResponseOf(p)` registers `p` on that
 * instance only. `undefined` when it cannot be told (a parameter, `this.clients[i]`, a property assigned elsewhere).
 */
import type ts from 'typescript';

import { tsApi } from '../classic-typescript';
import { getTokenKey, isInjectDecorator } from './injection-tokens';
import type { PatternScope } from './pattern-scopes';
import { findOwnInstanceMember } from './ts-syntax';

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
  const token = inject ? (inject.expression as ts.CallExpression).arguments[0] : undefined;
  if (inject) return token && getTokenKey(scope, token);
  // Only `new ...(...)` makes a client of its own: `= this.moduleRef.get('KAFKA')` may be a shared one.
  if (tsApi.isPropertyDeclaration(declaration) && declaration.initializer && tsApi.isNewExpression(declaration.initializer) && tsApi.isClassLike(declaration.parent)) {
    return `property:${declaration.getSourceFile().fileName}:${declaration.parent.pos}:${receiver.name.text}`;
  }
  return undefined;
}
