/**
 * Finds the first state change that runs after a call: the thing that goes wrong when the call's failure is
 * swallowed. Syntactic first; the type checker is asked only about method calls that survive the name filters.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';

import { getCodeAfter, getMemberName, walk } from './ast';
import type { CollectionKind, PackageTypeSpecifier, TypeServices } from '../type-engine';

export interface StateChangeOptions {
  /** Count `obj.prop = …`, `obj.prop += …`, `obj.prop++` and `delete obj.prop`. */
  readonly memberWrites: boolean;
  /** Method-name verbs: a call of `x.<verb>…()` (`save`, `setPublished`, `markAsSent`) changes state. */
  readonly stateChangeMethods: readonly string[];
  /** Receivers whose every non-read method call changes state (repositories, entity managers, models). */
  readonly persistenceTypes: readonly PackageTypeSpecifier[];
  /** Receiver names (last identifier, case-insensitive) whose calls never count, such as loggers and metrics. */
  readonly ignoredReceivers: readonly string[];
}

export interface StateChange {
  readonly node: TSESTree.Node;
  /** Short source text for messages, e.g. `order.setPublished()`. */
  readonly text: string;
}

export const DEFAULT_STATE_CHANGE_METHODS: readonly string[] = [
  'activate',
  'approve',
  'archive',
  'assign',
  'block',
  'cancel',
  'charge',
  'close',
  'commit',
  'complete',
  'confirm',
  'create',
  'credit',
  'deactivate',
  'debit',
  'decrement',
  'delete',
  'deposit',
  'destroy',
  'disable',
  'enable',
  'enqueue',
  'expire',
  'finalize',
  'flush',
  'fulfil',
  'fulfill',
  'grant',
  'increment',
  'insert',
  'invalidate',
  'lock',
  'mark',
  'patch',
  'persist',
  'publish',
  'put',
  'refund',
  'register',
  'reject',
  'release',
  'remove',
  'reserve',
  'restore',
  'revoke',
  'save',
  'set',
  'ship',
  'store',
  'suspend',
  'transfer',
  'transition',
  'unassign',
  'unblock',
  'unlock',
  'unregister',
  'update',
  'upsert',
  'withdraw',
  'write',
];

export const DEFAULT_PERSISTENCE_TYPES: readonly PackageTypeSpecifier[] = [
  { name: 'Repository', package: 'typeorm' },
  { name: 'EntityManager', package: 'typeorm' },
  { name: 'DataSource', package: 'typeorm' },
  { name: 'QueryRunner', package: 'typeorm' },
  { name: 'PrismaClient', package: '@prisma/client' },
  { name: '*', package: '.prisma/client' },
  { name: 'Model', package: 'mongoose' },
  { name: 'Document', package: 'mongoose' },
  { name: 'EntityManager', package: '@mikro-orm/core' },
  { name: 'EntityRepository', package: '@mikro-orm/core' },
  { name: 'Model', package: 'sequelize' },
  { name: 'Sequelize', package: 'sequelize' },
];

export const DEFAULT_IGNORED_RECEIVERS: readonly string[] = [
  'console',
  'log',
  'logger',
  'metrics',
  'res',
  'response',
  'span',
  'tracer',
];

/** Calls on persistence types that only read. `findOneAndUpdate` and friends are writes despite the prefix. */
const PERSISTENCE_READ = /^(?:find|get|count|exists?|has|is|aggregate|create(?:QueryBuilder|Cursor)|merge|preload|hydrate|populate|lean|to[A-Z]|validate|sum|average|min|max|where|select)/;
const PERSISTENCE_WRITE_INFIX = /(?:Update|Delete|Remove|Replace|Upsert|Insert|Modify)/;

/**
 * Methods that change the collection they are called on, by the kind of collection: decided by the receiver's
 * type, so that a lookalike (`this.logger.push(...)`, a buffer class's `clear`) does not count.
 */
const ARRAY_MUTATORS = ['copyWithin', 'fill', 'pop', 'push', 'reverse', 'shift', 'sort', 'splice', 'unshift'];
const COLLECTION_MUTATORS = new Map<string, readonly CollectionKind[]>([
  ...ARRAY_MUTATORS.map((name): [string, CollectionKind[]] => [name, ['array']]),
  ['add', ['set']],
  ['clear', ['map', 'set']],
  ['delete', ['map', 'set']],
  ['set', ['map']],
]);

/**
 * Mutators that count only on a collection the instance holds (`this.revoked.add(jti)`, `this.seen.get(k)!.add(v)`):
 * a `Set` written after a dropped emit marks the message as handled (a dedup set never sends it again), but a set
 * on a parameter or local object is as often a per-call accumulator (`visited` in a walk).
 */
const INSTANCE_ONLY_MUTATORS: ReadonlySet<string> = new Set(['add']);

const LOGGER_TYPES: readonly PackageTypeSpecifier[] = [
  { name: 'Logger', package: '@nestjs/common' },
  { name: 'LoggerService', package: '@nestjs/common' },
];

function startsWithVerb(name: string, verbs: readonly string[]): boolean {
  return verbs.some((verb) => {
    if (!name.startsWith(verb)) return false;
    const next = name.charAt(verb.length);
    return next === '' || /[A-Z0-9_$]/.test(next);
  });
}

/**
 * Whether a member chain starts at a value made right there (`createHash('sha256').update(x)`,
 * `new Date().setHours(0)`): calls on it change nothing that outlives the statement.
 */
function isRootedInFreshValue(receiver: TSESTree.Node): boolean {
  let current = receiver;
  for (;;) {
    if (current.type === AST_NODE_TYPES.NewExpression) return true;
    if (current.type === AST_NODE_TYPES.CallExpression) {
      if (current.callee.type !== AST_NODE_TYPES.MemberExpression) return true;
      current = current.callee.object;
    } else if (current.type === AST_NODE_TYPES.MemberExpression) {
      current = current.object;
    } else {
      return false;
    }
  }
}

/**
 * Whether a receiver is a value the instance holds: a member chain from `this` (`this.seen`, `this.state.seen`,
 * `this.#seen`, `this.cache!.seen`), through a keyed read of a collection (`this.byUser.get(id)`). `this` alone
 * is not: it is the instance, not a collection it holds.
 */
function isReachedFromThis(receiver: TSESTree.Node): boolean {
  let current = receiver;
  let members = 0;
  for (;;) {
    if (current.type === AST_NODE_TYPES.TSNonNullExpression || current.type === AST_NODE_TYPES.ChainExpression) {
      current = current.expression;
    } else if (current.type === AST_NODE_TYPES.MemberExpression) {
      members += 1;
      current = current.object;
    } else if (
      current.type === AST_NODE_TYPES.CallExpression &&
      current.callee.type === AST_NODE_TYPES.MemberExpression &&
      getMemberName(current.callee) === 'get'
    ) {
      current = current.callee.object;
    } else {
      return current.type === AST_NODE_TYPES.ThisExpression && members > 0;
    }
  }
}

/** The receiver's last name: `this.logger` → `logger`, `console` → `console`. */
function getReceiverName(receiver: TSESTree.Node): string | undefined {
  if (receiver.type === AST_NODE_TYPES.Identifier) return receiver.name;
  if (receiver.type === AST_NODE_TYPES.MemberExpression) return getMemberName(receiver);
  return undefined;
}

function shorten(text: string, max = 60): string {
  const single = text.replace(/\s+/g, ' ');
  return single.length > max ? `${single.slice(0, max - 3)}...` : single;
}

export function createStateChangeFinder(
  options: StateChangeOptions,
  types: TypeServices,
  sourceCode: Readonly<TSESLint.SourceCode>,
): (after: TSESTree.Node) => StateChange | undefined {
  const ignored = new Set(options.ignoredReceivers.map((name) => name.toLowerCase()));

  function describeCall(call: TSESTree.CallExpression): string {
    const text = sourceCode.getText(call);
    return text.length <= 60 && !text.includes('\n') ? text : `${shorten(sourceCode.getText(call.callee))}(...)`;
  }

  function isIgnoredReceiver(receiver: TSESTree.Node): boolean {
    const name = getReceiverName(receiver);
    return name !== undefined && ignored.has(name.toLowerCase());
  }

  /** `order.status = ...`, `this.count++`: a write to a member of something that is not an ignored receiver. */
  function isMemberWrite(target: TSESTree.Node): boolean {
    let current = target;
    while (current.type === AST_NODE_TYPES.TSNonNullExpression || current.type === AST_NODE_TYPES.TSAsExpression) {
      current = current.expression;
    }
    return options.memberWrites && current.type === AST_NODE_TYPES.MemberExpression && !isIgnoredReceiver(current.object);
  }

  /**
   * `this.orders.push(order)`, `job.steps.splice(0, 1)`, `this.cache.set(k, v)`, `this.revoked.add(jti)`: a
   * mutator of a collection held by a member, which outlives the function (a local array filled and returned does
   * not count); `add` only on a set the instance holds. Counted with the member writes it is.
   */
  function isMemberCollectionMutation(name: string, receiver: TSESTree.Expression): boolean {
    const kinds = COLLECTION_MUTATORS.get(name);
    let member: TSESTree.Node = receiver;
    while (member.type === AST_NODE_TYPES.TSNonNullExpression) member = member.expression;
    if (!kinds || !options.memberWrites) return false;
    if (INSTANCE_ONLY_MUTATORS.has(name) ? !isReachedFromThis(receiver) : member.type !== AST_NODE_TYPES.MemberExpression) return false;
    const kind = types.getCollectionKind(receiver);
    return kind !== undefined && kinds.includes(kind);
  }

  function asStateChangeCall(call: TSESTree.CallExpression): StateChange | undefined {
    if (call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const name = getMemberName(call.callee);
    if (name === undefined) return undefined;
    const receiver = call.callee.object;
    if (isIgnoredReceiver(receiver)) return undefined;
    if (isMemberCollectionMutation(name, receiver)) return { node: call, text: describeCall(call) };
    // A client wrapper (`this.events.publish(...)`) is a client call, the rules' own finding: never a state change.
    if (types.getProgramIndex().clientWrappers.has(name) && types.getClientWrapper(call)) return undefined;
    // `createHash(...).update(x)` changes nothing that outlives the statement; `getRepository(Order).save(x)`
    // does, and is caught by its type below.
    const byVerb = startsWithVerb(name, options.stateChangeMethods) && !isRootedInFreshValue(receiver);
    const mayBePersistenceWrite = !PERSISTENCE_READ.test(name) || PERSISTENCE_WRITE_INFIX.test(name);
    // One type query, only for calls that already look like writes: a verb call unless the receiver is a logger,
    // another call only when the receiver is a persistence type.
    if (byVerb) return types.isTypeOf(receiver, LOGGER_TYPES) ? undefined : { node: call, text: describeCall(call) };
    if (!mayBePersistenceWrite || options.persistenceTypes.length === 0) return undefined;
    return types.isTypeOf(receiver, options.persistenceTypes) ? { node: call, text: describeCall(call) } : undefined;
  }

  function asStateChange(node: TSESTree.Node): StateChange | undefined {
    switch (node.type) {
      case AST_NODE_TYPES.AssignmentExpression:
        return isMemberWrite(node.left) ? { node, text: shorten(sourceCode.getText(node)) } : undefined;
      case AST_NODE_TYPES.UpdateExpression:
        return isMemberWrite(node.argument) ? { node, text: shorten(sourceCode.getText(node)) } : undefined;
      case AST_NODE_TYPES.UnaryExpression:
        return node.operator === 'delete' && isMemberWrite(node.argument)
          ? { node, text: shorten(sourceCode.getText(node)) }
          : undefined;
      case AST_NODE_TYPES.CallExpression:
        return asStateChangeCall(node);
      default:
        return undefined;
    }
  }

  return (after) => {
    for (const following of getCodeAfter(after)) {
      let found: StateChange | undefined;
      walk(following, sourceCode.visitorKeys, (node) => {
        if (found) return false;
        // Declarations define code; they do not run it here. Callbacks passed inline usually run now.
        if (
          node.type === AST_NODE_TYPES.FunctionDeclaration ||
          node.type === AST_NODE_TYPES.ClassDeclaration ||
          node.type === AST_NODE_TYPES.ClassExpression
        ) {
          return false;
        }
        found = asStateChange(node);
        return found ? false : undefined;
      });
      if (found) return found;
    }
    return undefined;
  };
}
