import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';

import { DefinitionType, findVariable } from '../base/estree';

import type { PackageTypeSpecifier } from '../type-engine/type-services';
import { createRule } from '../utils/create-rule';
import { getMemberName, isTransparentWrapper, skipTransparentWrappersUp } from '../utils/ast';
import { getTypeServices } from '../type-engine';

export type MessageId = 'unclosedClient' | 'unclosedFactoryClient';

const CLIENT_PACKAGE = '@nestjs/microservices';
const CLIENT_PROXY: readonly PackageTypeSpecifier[] = [{ name: 'ClientProxy', package: CLIENT_PACKAGE }];
const CLIENT_PROXY_FACTORY: readonly PackageTypeSpecifier[] = [{ name: 'ClientProxyFactory', package: CLIENT_PACKAGE }];

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** What one class does with its `this.<prop>` members. */
interface ClassState {
  readonly node: ClassNode;
  /** Values stored on `this.<prop>` (assignments and property initializers), by prop. */
  readonly stores: Map<string, TSESTree.Expression[]>;
  /** Props closed (`this.p.close`) or handed on (an argument, a returned value...): never reported. */
  readonly settled: Set<string>;
  /** `this` used otherwise than as `this.<name>` (`const self = this`, `this[key]`): nothing is reported. */
  unknown: boolean;
}

/** A file with a hand-made client names the factory or a client class (`ClientKafka`, `ClientRMQ`...). */
function mayCreateClients(text: string): boolean {
  return text.includes('ClientProxyFactory') || text.includes('new ');
}

/** A provider object's property of that name (`provide`, `useFactory`), written with a plain key. */
function getProperty(object: TSESTree.ObjectExpression, name: string): TSESTree.Property | undefined {
  for (const property of object.properties) {
    if (property.type !== AST_NODE_TYPES.Property || property.computed) continue;
    const key = property.key;
    if ((key.type === AST_NODE_TYPES.Identifier && key.name === name) || (key.type === AST_NODE_TYPES.Literal && key.value === name)) return property;
  }
  return undefined;
}

type FactoryFunction = TSESTree.ArrowFunctionExpression | TSESTree.FunctionDeclaration | TSESTree.FunctionExpression;

/** What a factory may return: its expression body, or each `return`'s value outside nested functions. */
function getReturnedExpressions(factory: FactoryFunction): TSESTree.Expression[] {
  if (factory.body.type !== AST_NODE_TYPES.BlockStatement) return [factory.body];
  const returned: TSESTree.Expression[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.ReturnStatement) {
      if (node.argument) returned.push(node.argument);
      return;
    }
    if (isFunctionLike(node) || node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression) return;
    for (const child of childNodes(node)) visit(child);
  };
  for (const statement of factory.body.body) visit(statement);
  return returned;
}

function isFunctionLike(node: TSESTree.Node): node is FactoryFunction {
  return node.type === AST_NODE_TYPES.ArrowFunctionExpression || node.type === AST_NODE_TYPES.FunctionDeclaration || node.type === AST_NODE_TYPES.FunctionExpression;
}

/** The statements and expressions under a statement, where a `return` may sit. */
function childNodes(node: TSESTree.Node): TSESTree.Node[] {
  switch (node.type) {
    case AST_NODE_TYPES.BlockStatement:
      return node.body;
    case AST_NODE_TYPES.IfStatement:
      return node.alternate ? [node.consequent, node.alternate] : [node.consequent];
    case AST_NODE_TYPES.TryStatement:
      return [node.block, ...(node.handler ? [node.handler.body] : []), ...(node.finalizer ? [node.finalizer] : [])];
    case AST_NODE_TYPES.SwitchStatement:
      return node.cases.flatMap((switchCase) => switchCase.consequent);
    case AST_NODE_TYPES.ForStatement:
    case AST_NODE_TYPES.ForInStatement:
    case AST_NODE_TYPES.ForOfStatement:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
    case AST_NODE_TYPES.LabeledStatement:
      return [node.body];
    default:
      return [];
  }
}

function propName(member: TSESTree.MemberExpression | TSESTree.PropertyDefinition): string | undefined {
  if (member.computed) return undefined;
  const key = member.type === AST_NODE_TYPES.MemberExpression ? member.property : member.key;
  if (key.type === AST_NODE_TYPES.Identifier) return key.name;
  return key.type === AST_NODE_TYPES.PrivateIdentifier ? `#${key.name}` : undefined;
}

function unwrap(expression: TSESTree.Expression): TSESTree.Expression {
  let current = expression;
  while (isTransparentWrapper(current)) current = (current as TSESTree.TSAsExpression).expression;
  return current;
}

/** Whether a function binds a `this` of its own: a declaration, or a function expression that is not a method. */
function bindsOwnThis(node: TSESTree.FunctionDeclaration | TSESTree.FunctionExpression): boolean {
  return node.type === AST_NODE_TYPES.FunctionDeclaration || node.parent.type !== AST_NODE_TYPES.MethodDefinition;
}

export default createRule<[], MessageId>({
  name: 'require-client-close',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Require a `close()` call for a client made by hand (`ClientProxyFactory.create`, `new ClientKafka(...)`) in a class or a `useFactory` provider',
      recommended: 'strict',
      requiresTypeChecking: true,
    },
    messages: {
      unclosedClient:
        '`this.{{prop}}` is a client created by hand, and Nest never closes it: nothing in this class calls `this.{{prop}}.close()`, so its connections stay open after the app shuts down and tests hang.',
      unclosedFactoryClient:
        'Nothing closes the client this provider makes: Nest closes only `ClientsModule` clients, and no class injecting `{{token}}` calls `close()`, so its connections outlive `app.close()`.',
    },
    schema: [],
  },
  create(context) {
    const { sourceCode } = context;
    const types = getTypeServices(context);
    if (!mayCreateClients(sourceCode.text)) return {};
    const states = new Map<ClassNode, ClassState>();
    /**
     * Whose instance `this` is where the traversal stands, innermost last: a class body's class, or `undefined` in a
     * function that binds its own `this` (arrow functions and methods keep the class's).
     */
    const thisOwners: (ClassNode | undefined)[] = [];
    const enterFunction = (node: TSESTree.FunctionDeclaration | TSESTree.FunctionExpression): void => {
      if (bindsOwnThis(node)) thisOwners.push(undefined);
    };
    const exitFunction = (node: TSESTree.FunctionDeclaration | TSESTree.FunctionExpression): void => {
      if (bindsOwnThis(node)) thisOwners.pop();
    };

    const enterClass = (node: ClassNode): void => {
      states.set(node, { node, stores: new Map(), settled: new Set(), unknown: false });
    };
    const store = (state: ClassState, prop: string, value: TSESTree.Expression): void => {
      const values = state.stores.get(prop) ?? [];
      values.push(value);
      state.stores.set(prop, values);
    };

    /**
     * Whether `new X(...)` may make a client, before the type checker is asked: not when `X` is a global, a class of
     * this file without a base, or a name imported from a package other than `@nestjs/microservices` (`Logger`).
     */
    const mayBeClientClass = (callee: TSESTree.Expression): boolean => {
      if (callee.type !== AST_NODE_TYPES.Identifier) return true;
      const definition = findVariable(sourceCode.getScope(callee), callee)?.defs[0];
      if (!definition) return false;
      if (definition.type === DefinitionType.ClassName) return definition.node.superClass !== null;
      if (definition.type !== DefinitionType.ImportBinding || definition.parent.type !== AST_NODE_TYPES.ImportDeclaration) return true;
      const source = definition.parent.source.value;
      return source.startsWith('.') || source.startsWith('/') || source === CLIENT_PACKAGE || source.startsWith(`${CLIENT_PACKAGE}/`);
    };

    /** `ClientProxyFactory.create(...)` or `new X(...)` where X derives from `ClientProxy`, by declaration. */
    const isHandMadeClient = (expression: TSESTree.Expression): boolean => {
      const value = unwrap(expression);
      if (value.type === AST_NODE_TYPES.NewExpression) return mayBeClientClass(value.callee) && types.isTypeOf(value, CLIENT_PROXY);
      if (value.type !== AST_NODE_TYPES.CallExpression || value.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
      return getMemberName(value.callee) === 'create' && types.isTypeOf(value.callee.object, CLIENT_PROXY_FACTORY) && types.isTypeOf(value, CLIENT_PROXY);
    };

    /** The initializer of the `const` a name refers to (`const client = ...`), or `undefined`. */
    const getConstInit = (identifier: TSESTree.Identifier): TSESTree.Expression | undefined => {
      const declarator = findVariable(sourceCode.getScope(identifier), identifier)?.defs[0]?.node;
      if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.parent.kind !== 'const') return undefined;
      return declarator.init ?? undefined;
    };

    /** The function a `useFactory` value is: written inline, or a function of this file it names. */
    const getFactoryFunction = (value: TSESTree.Node): FactoryFunction | undefined => {
      if (isFunctionLike(value)) return value;
      if (value.type !== AST_NODE_TYPES.Identifier) return undefined;
      const declaration = findVariable(sourceCode.getScope(value), value)?.defs[0]?.node;
      if (declaration?.type === AST_NODE_TYPES.FunctionDeclaration) return declaration;
      const init = getConstInit(value);
      return init && isFunctionLike(init) ? init : undefined;
    };

    /** A returned value, through `await`, a conditional's branches and a `const` of the factory (`return client`). */
    const returnsHandMadeClient = (expression: TSESTree.Expression, depth = 0): boolean => {
      const value = unwrap(expression);
      if (depth > 4) return false;
      if (value.type === AST_NODE_TYPES.AwaitExpression) return returnsHandMadeClient(value.argument, depth + 1);
      if (value.type === AST_NODE_TYPES.ConditionalExpression) {
        return returnsHandMadeClient(value.consequent, depth + 1) || returnsHandMadeClient(value.alternate, depth + 1);
      }
      if (value.type === AST_NODE_TYPES.Identifier) {
        const init = getConstInit(value);
        return init !== undefined && returnsHandMadeClient(init, depth + 1);
      }
      return isHandMadeClient(value);
    };

    /** Whether a provider object's `useValue` is, or its `useFactory` returns, a client made by hand. */
    const makesClient = (node: TSESTree.ObjectExpression): boolean => {
      const useValue = getProperty(node, 'useValue');
      if (useValue) return returnsHandMadeClient(useValue.value as TSESTree.Expression);
      const useFactory = getProperty(node, 'useFactory');
      const factory = useFactory && getFactoryFunction(useFactory.value);
      return factory !== undefined && getReturnedExpressions(factory).some((returned) => returnsHandMadeClient(returned));
    };

    /**
     * `{ provide: TOKEN, useFactory: (...) => ClientProxyFactory.create(...) }` (or `useValue: ClientProxyFactory.create(...)`):
     * Nest closes only `ClientsModule`'s clients. Reported when the program index knows the token, some class injects
     * it, and nothing in the program may close its client.
     */
    const checkProvider = (node: TSESTree.ObjectExpression): void => {
      const provide = getProperty(node, 'provide');
      if (!provide || !makesClient(node)) return;
      const token = types.getInjectionToken(provide.value);
      if (token === undefined) return;
      const { clientTokens } = types.getProgramIndex();
      // A client no class injects never connects (a client connects on its first call): nothing to close.
      if (!clientTokens.injected.has(token) || clientTokens.hasUnknownCloser || clientTokens.mayClose.has(token)) return;
      // A library (no bootstrap): code outside the program may inject an exported token and close it.
      if (!clientTokens.bootstraps && (clientTokens.hasUnknownExport || clientTokens.exported.has(token))) return;
      const text = sourceCode.getText(provide.value).replace(/\s+/g, ' ');
      context.report({ node: provide, messageId: 'unclosedFactoryClient', data: { token: text.length > 40 ? `${text.slice(0, 37)}...` : text } });
    };

    const exitClass = (node: ClassNode): void => {
      const state = states.get(node);
      states.delete(node);
      // A base class may close what this class stores.
      if (!state || state.unknown || node.superClass) return;
      for (const [prop, values] of state.stores) {
        if (state.settled.has(prop)) continue;
        for (const value of values) {
          if (isHandMadeClient(value)) context.report({ node: value, messageId: 'unclosedClient', data: { prop } });
        }
      }
    };

    const hasFactoryProviders = sourceCode.text.includes('useFactory') || sourceCode.text.includes('useValue');

    return {
      ObjectExpression(node) {
        if (hasFactoryProviders) checkProvider(node);
      },
      ClassDeclaration: enterClass,
      ClassExpression: enterClass,
      'ClassDeclaration:exit': exitClass,
      'ClassExpression:exit': exitClass,
      PropertyDefinition(node) {
        const state = states.get(node.parent.parent);
        const prop = propName(node);
        if (state && prop !== undefined && node.value && !node.static) store(state, prop, node.value);
      },
      ClassBody(node) {
        thisOwners.push(node.parent);
      },
      'ClassBody:exit'() {
        thisOwners.pop();
      },
      FunctionDeclaration: enterFunction,
      'FunctionDeclaration:exit': exitFunction,
      FunctionExpression: enterFunction,
      'FunctionExpression:exit': exitFunction,
      ThisExpression(node) {
        const owner = thisOwners[thisOwners.length - 1];
        const state = owner && states.get(owner);
        if (!state) return;
        const member = node.parent;
        const prop = member.type === AST_NODE_TYPES.MemberExpression && member.object === node ? propName(member) : undefined;
        if (member.type !== AST_NODE_TYPES.MemberExpression || prop === undefined) {
          state.unknown = true;
          return;
        }
        const outer = skipTransparentWrappersUp(member);
        const use = outer.parent;
        if (use?.type === AST_NODE_TYPES.AssignmentExpression && use.left === outer) {
          if (use.operator === '=') store(state, prop, use.right);
          else state.settled.add(prop);
          return;
        }
        // `this.p.emit(...)` and the like keep the client here; `this.p.close` closes it; anything else hands it on.
        if (use?.type === AST_NODE_TYPES.MemberExpression && use.object === outer && getMemberName(use) !== 'close') return;
        state.settled.add(prop);
      },
    };
  },
});
