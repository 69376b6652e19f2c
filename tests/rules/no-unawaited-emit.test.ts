import type { InvalidTestCase } from '@typescript-eslint/rule-tester';

import rule from '../../src/rules/no-unawaited-emit';
import type { MessageId, Options } from '../../src/rules/no-unawaited-emit';
import { CLIENT_TYPES, runOnEveryNestVersion } from '../rule-tester';

type Invalid = InvalidTestCase<MessageId, Options>;


/** `this.client.emit(...)` followed by a state change, for one way of typing `this.client`. */
function publishService(clientImports: string, clientType: string, extra = ''): string {
  return `
import { Inject, Injectable } from '@nestjs/common';
import { ${clientImports} } from '@nestjs/microservices';
${extra}
@Injectable()
export class OrdersService {
  constructor(@Inject('ORDERS') private readonly client: ${clientType}) {}

  async publish(order: { id: string; setPublished(): void }) {
    this.client.emit('order.created', order);
    order.setPublished();
  }
}
`;
}

function fixedPublishService(clientImports: string, clientType: string, extra = ''): string {
  return publishService(clientImports, clientType, extra)
    .replace(`from '@nestjs/microservices';\n`, `from '@nestjs/microservices';\nimport { lastValueFrom } from 'rxjs';\n`)
    .replace(`    this.client.emit('order.created', order);`, `    await lastValueFrom(this.client.emit('order.created', order));`);
}

const stateChangeError = {
  messageId: 'unawaitedBeforeStateChange',
  data: { call: "emit('order.created')", stateChange: 'order.setPublished()', line: 11 },
  line: 10,
  column: 5,
} as const;

/**
 * The per-file text filter (no listeners for files that cannot contain a client call) must not drop a method name
 * spelled with an escape: these files contain neither `emit` nor `send` as text.
 */
const escapedMethodNames: Invalid[] = (
  [
    ['an identifier escape', 'this.client.\\u0065mit('],
    ['a string-key escape', "this.client['\\x65mit']("],
  ] as const
).map(([name, callee]) => {
  const code = publishService('ClientProxy', 'ClientProxy').replace('this.client.emit(', callee);
  return {
    name: `a client emit spelled with ${name}`,
    code,
    output: fixedPublishService('ClientProxy', 'ClientProxy').replace('this.client.emit(', callee),
    errors: [{ ...stateChangeError, suggestions: [voidSuggestion(code, callee)] }],
  };
});

const everyClientType: Invalid[] = CLIENT_TYPES.map((clientType) => ({
  name: `a ${clientType} emit before a state change`,
  code: publishService(clientType, clientType),
  output: fixedPublishService(clientType, clientType),
  errors: [{ ...stateChangeError, suggestions: [{ messageId: 'suggestVoid', output: publishService(clientType, clientType).replace('    this.client.emit', '    void this.client.emit') }] }],
}));

/** Invalid case helper for the common shape: one report, no suggestions besides `void`. */
function voidSuggestion(code: string, target: string): { messageId: 'suggestVoid'; output: string } {
  return { messageId: 'suggestVoid', output: code.replace(target, `void ${target}`) };
}

const customSubclass = `
class OutboxClient extends ClientProxy {
  async connect() {}
  close() {}
  unwrap<T>(): T { throw new Error('no'); }
  protected publish() { return () => undefined; }
  protected async dispatchEvent<T>(): Promise<T> { return undefined as T; }
}
`;

const overridingSubclass = `
class TracingClient extends ClientKafka {
  override emit<TResult = any, TInput = any>(pattern: any, data: TInput): Observable<TResult> {
    return super.emit(pattern, data);
  }
}
`;


/** Replaces the first `target` in `code` with `replacement`, failing loudly when `target` is absent. */
function edit(code: string, ...pairs: [string, string][]): string {
  let result = code;
  for (const [target, replacement] of pairs) {
    if (!result.includes(target)) throw new Error(`test setup: ${JSON.stringify(target)} not in code`);
    result = result.replace(target, replacement);
  }
  return result;
}

const KAFKA_HEAD = `import { ClientKafka } from '@nestjs/microservices';`;
const WITH_RXJS = `${KAFKA_HEAD}\nimport { lastValueFrom } from 'rxjs';`;


const WRAPPERS_HEAD = `import { lastValueFrom } from 'rxjs';
import type { ClientProxy } from '@nestjs/microservices';
import { LocalBus, OrderEventsPublisher, publishOrderCreated } from '../shared/client-wrappers';`;

const wrapperCallers = `    this.events.publish('order.committed', order);
    this.events.publishMapped('order.committed', order);
    this.events.publishViaVariable('order.committed', order);
    this.events.notify('order.committed', order);
    publishOrderCreated(this.client, order);
    order.status = 'COMMITTED';
    await this.events.publish('order.paid', order);`;

function wrapperService(body: string): string {
  return `${WRAPPERS_HEAD}
export class Orders {
  constructor(private readonly events: OrderEventsPublisher, private readonly bus: LocalBus, private readonly client: ClientProxy, private readonly loose: any) {}
  async commit(order: { status: string }) {
${body}
  }
}
`;
}

const tryCatchCode = `
${KAFKA_HEAD}
export class S {
  constructor(private readonly client: ClientKafka) {}
  async run(order: object) {
    try {
      this.client.emit('a', order);
    } catch (error) {
      console.error(error);
    }
  }
  watch(order: object) {
    try {
      this.client.emit('b', order).subscribe(() => undefined);
    } catch {
      // never reached by a delivery failure
    }
  }
}
`;

const awaitedEmit = `
${KAFKA_HEAD}
export async function publish(client: ClientKafka, order: object) {
  await client.emit('order.created', order);
}
`;

const stateChangeKinds = `
${KAFKA_HEAD}
import { lastValueFrom } from 'rxjs';
export class S {
  count = 0;
  private cache = new Map<string, object>();
  constructor(private readonly client: ClientKafka) {}
  async assign(order: { status: string }) { this.client.emit('a', order); order.status = 'sent'; }
  async compound(order: object) { this.client.emit('b', order); this.count += 1; }
  async increment(order: object) { this.client.emit('c', order); this.count++; }
  async remove(order: { note?: string }) { this.client.emit('d', order); delete order.note; }
  async verb(order: { markAsSent(): void }) { this.client.emit('e', order); order.markAsSent(); }
  async cached(order: object) { this.client.emit('f', order); this.cache.set('last', order); }
  async pushed(order: object) { this.client.emit('g', order); this.sent.push(order); }
  async spliced(order: object) { this.client.emit('h', order); this.outbox!.splice(0, 1); }
  async unlisted(order: object) { this.client.emit('i', order); this.ids.delete(order); }
  async cleared(order: object) { this.client.emit('j', order); this.cache.clear(); }
  async revoked(token: string) { this.client.emit('k', token); await this.idp.revokeToken(token); }
  async nested(job: { steps: string[] }) { this.client.emit('l', job); job.steps.unshift('sent'); }
  async added(order: object) { this.client.emit('m', order); this.ids.add(order); }
  sent: object[] = [];
  outbox?: object[];
  ids = new Set<object>();
  idp!: { revokeToken(token: string): Promise<void> };
}
`;

const fixedStateChangeKinds = stateChangeKinds.replace(/this\.client\.emit\('(\w)', (\w+)\)/g, "await lastValueFrom(this.client.emit('$1', $2))");

const controlFlow = `
${WITH_RXJS}
export class S {
  constructor(private readonly client: ClientKafka, private readonly repo: { save(o: object): Promise<void> }) {}
  async branch(order: object, urgent: boolean) {
    if (urgent) {
      this.client.emit('a', order);
    }
    await this.repo.save(order);
  }
  async loop(orders: object[]) {
    for (const order of orders) {
      this.client.emit('b', order);
    }
    await this.repo.save(orders);
  }
  async guarded(order: object) {
    try {
      this.client.emit('c', order);
    } finally {
      await this.repo.save(order);
    }
  }
  async afterTry(order: object) {
    try {
      this.client.emit('d', order);
    } catch (error) {
      console.error(error);
    }
    await this.repo.save(order);
  }
  async callback(orders: { markPublished(): void }[]) {
    orders.forEach((order) => {
      this.client.emit('e', order);
      order.markPublished();
    });
  }
}
`;

const importCases: Invalid[] = [
  {
    name: 'merges into an existing rxjs import',
    code: `
${KAFKA_HEAD}
import { map } from 'rxjs';
export async function publish(client: ClientKafka, order: { save(): void }) {
  client.emit('a', order).pipe(map((result) => result));
  order.save();
}
`,
    output: `
${KAFKA_HEAD}
import { map, lastValueFrom } from 'rxjs';
export async function publish(client: ClientKafka, order: { save(): void }) {
  await lastValueFrom(client.emit('a', order).pipe(map((result) => result)));
  order.save();
}
`,
    errors: [{ messageId: 'unawaitedBeforeStateChange', suggestions: [{ messageId: 'suggestVoid', output: `
${KAFKA_HEAD}
import { map } from 'rxjs';
export async function publish(client: ClientKafka, order: { save(): void }) {
  void client.emit('a', order).pipe(map((result) => result));
  order.save();
}
` }] }],
  },
  {
    name: 'merges into a multi-line rxjs import with a trailing comma',
    code: `
${KAFKA_HEAD}
import {
  map,
  timeout,
} from 'rxjs';
export async function publish(client: ClientKafka, order: { save(): void }) {
  await client.emit('a', order).pipe(map((result) => result), timeout(5000));
  order.save();
}
`,
    output: `
${KAFKA_HEAD}
import {
  map,
  timeout,
  lastValueFrom,
} from 'rxjs';
export async function publish(client: ClientKafka, order: { save(): void }) {
  await lastValueFrom(client.emit('a', order).pipe(map((result) => result), timeout(5000)));
  order.save();
}
`,
    errors: [{ messageId: 'awaitedObservable', line: 8 }],
  },
  {
    name: 'reuses an alias',
    code: `
${KAFKA_HEAD}
import { lastValueFrom as toPromise } from 'rxjs';
export async function publish(client: ClientKafka, order: object) {
  await client.emit('a', order);
}
`,
    output: `
${KAFKA_HEAD}
import { lastValueFrom as toPromise } from 'rxjs';
export async function publish(client: ClientKafka, order: object) {
  await toPromise(client.emit('a', order));
}
`,
    errors: [{ messageId: 'awaitedObservable' }],
  },
  {
    name: 'reuses a namespace import',
    code: `
${KAFKA_HEAD}
import * as rx from 'rxjs';
export async function publish(client: ClientKafka, order: object) {
  await client.emit('a', order);
}
`,
    output: `
${KAFKA_HEAD}
import * as rx from 'rxjs';
export async function publish(client: ClientKafka, order: object) {
  await rx.lastValueFrom(client.emit('a', order));
}
`,
    errors: [{ messageId: 'awaitedObservable' }],
  },
  {
    name: 'leaves a type-only import alone and adds a value import',
    code: `
${KAFKA_HEAD}
import type { Observable } from 'rxjs';
export async function publish(client: ClientKafka, order: object): Promise<Observable<unknown> | undefined> {
  await client.emit('a', order);
  return undefined;
}
`,
    output: `
${KAFKA_HEAD}
import type { Observable } from 'rxjs';
import { lastValueFrom } from 'rxjs';
export async function publish(client: ClientKafka, order: object): Promise<Observable<unknown> | undefined> {
  await lastValueFrom(client.emit('a', order));
  return undefined;
}
`,
    errors: [{ messageId: 'awaitedObservable' }],
  },
  {
    name: 'a shadowed lastValueFrom gets an aliased import, as a suggestion only',
    code: `
${KAFKA_HEAD}
export async function publish(client: ClientKafka, order: object) {
  const lastValueFrom = 'not the rxjs one';
  await client.emit('a', order);
  return lastValueFrom;
}
`,
    output: null,
    errors: [{ messageId: 'awaitedObservable', suggestions: [{ messageId: 'suggestAwait', output: `
${KAFKA_HEAD}
import { lastValueFrom as rxjsLastValueFrom } from 'rxjs';
export async function publish(client: ClientKafka, order: object) {
  const lastValueFrom = 'not the rxjs one';
  await rxjsLastValueFrom(client.emit('a', order));
  return lastValueFrom;
}
` }] }],
  },
  {
    name: 'no import at all: a "use strict" prologue stays first',
    code: `'use strict';
declare const client: import('@nestjs/microservices').ClientKafka;
export async function publish(order: object) {
  await client.emit('a', order);
}
`,
    output: `'use strict';
import { lastValueFrom } from 'rxjs';
declare const client: import('@nestjs/microservices').ClientKafka;
export async function publish(order: object) {
  await lastValueFrom(client.emit('a', order));
}
`,
    errors: [{ messageId: 'awaitedObservable' }],
  },
  {
    name: 'a shebang stays on the first line',
    code: `#!/usr/bin/env node
declare const client: import('@nestjs/microservices').ClientKafka;
export async function publish(order: object) {
  await client.emit('a', order);
}
`,
    output: `#!/usr/bin/env node
import { lastValueFrom } from 'rxjs';
declare const client: import('@nestjs/microservices').ClientKafka;
export async function publish(order: object) {
  await lastValueFrom(client.emit('a', order));
}
`,
    errors: [{ messageId: 'awaitedObservable' }],
  },
  {
    name: 'a parenthesised call is wrapped inside its parentheses',
    code: `
${WITH_RXJS}
export async function publish(client: ClientKafka, order: { save(): void }) {
  (client.emit('a', order));
  await (client.emit('b', order));
  order.save();
}
`,
    output: `
${WITH_RXJS}
export async function publish(client: ClientKafka, order: { save(): void }) {
  (await lastValueFrom(client.emit('a', order)));
  await (lastValueFrom(client.emit('b', order)));
  order.save();
}
`,
    errors: [
      { messageId: 'unawaitedBeforeStateChange', line: 5, suggestions: [{ messageId: 'suggestVoid', output: `
${WITH_RXJS}
export async function publish(client: ClientKafka, order: { save(): void }) {
  (void client.emit('a', order));
  await (client.emit('b', order));
  order.save();
}
` }] },
      { messageId: 'awaitedObservable', line: 6 },
    ],
  },
  {
    name: 'double quotes and no semicolons are kept',
    code: `
import { ClientKafka } from "@nestjs/microservices"
export async function publish(client: ClientKafka, order: object) {
  await client.emit("a", order)
}
`,
    output: `
import { ClientKafka } from "@nestjs/microservices"
import { lastValueFrom } from "rxjs"
export async function publish(client: ClientKafka, order: object) {
  await lastValueFrom(client.emit("a", order))
}
`,
    errors: [{ messageId: 'awaitedObservable', data: { call: "emit('a')" } }],
  },
];

const persistence = `
${WITH_RXJS}
import type { Model } from 'mongoose';
import { Repository } from 'typeorm';
class Order { id = ''; published = false; }
class OrderRepository extends Repository<Order> {}
export class S {
  constructor(private readonly client: ClientKafka, private readonly orders: OrderRepository, private readonly model: Model<Order>) {}
  async typeorm(order: Order) { this.client.emit('a', order); await this.orders.softRemove(order); }
  async mongoose(order: Order) { this.client.emit('b', order); await this.model.findOneAndUpdate({ id: order.id }, { published: true }); }
  async read(order: Order) { this.client.emit('c', order); return this.orders.findOneBy({ id: order.id }); }
}
`;

/** `Set.add` on a set the instance holds, however it is reached from `this` (issue 28 item 1). */
const instanceSets = `
${WITH_RXJS}
export class S {
  readonly #seen = new WeakSet<object>();
  private readonly state = { revoked: new Set<string>() };
  private readonly byUser = new Map<string, Set<string>>();
  private cache?: { ids: Set<string> };
  constructor(private readonly client: ClientKafka) {}
  async a(o: object) { this.client.emit('a', o); this.#seen.add(o); }
  async b(id: string) { this.client.emit('b', id); this.state.revoked.add(id); }
  async c(user: string, id: string) { this.client.emit('c', id); this.byUser.get(user)?.add(id); }
  async d(id: string) { this.client.emit('d', id); this.cache!.ids.add(id); }
}
`;

/** The issue's own case: a revocation set written as if the event had gone out. */
const revokedTokens = `
import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
@Injectable()
export class TokenService {
  private readonly revokedJti = new Set<string>();
  constructor(@Inject('BUS') private readonly bus: ClientProxy) {}
  revokeAccessToken(jti: string): void {
    this.bus.emit('auth.token_revoked', { jti });
    this.revokedJti.add(jti);
  }
}
`;

/** A dedup set: once the payload is in it, it is never sent again, so a dropped emit loses it for good. */
const dedupSet = `
${WITH_RXJS}
export class Audit {
  private readonly seen = new Set<string>();
  constructor(private readonly client: ClientKafka) {}
  async record(payload: string) {
    if (this.seen.has(payload)) return;
    this.client.emit('audit', payload);
    this.seen.add(payload);
  }
}
`;

runOnEveryNestVersion('no-unawaited-emit', rule, {
  valid: [
    {
      name: 'try/catch: void (allowVoid), a callback inside the try, a returned Observable, a try without catch, a call in the catch block',
      code: `
${KAFKA_HEAD}
export class S {
  constructor(private readonly client: ClientKafka) {}
  run(order: object) {
    try {
      void this.client.emit('a', order);
      [order].forEach((entry) => this.client.emit('b', entry));
      return this.client.emit('c', order);
    } catch {
      return undefined;
    }
  }
  cleanUp(order: object) {
    try {
      this.client.emit('d', order);
    } finally {
      console.log('done');
    }
  }
  recover(order: object) {
    try {
      JSON.stringify(order);
    } catch {
      this.client.emit('e', order);
    }
  }
}
`,
    },
    {
      name: 'client wrappers: converted, returned, handling their own errors, returning a Promise, not always a client call, lookalikes and any',
      code: wrapperService(`    await lastValueFrom(this.events.publish('order.committed', order));
    this.events.publishSafely('order.committed', order);
    order.status = 'COMMITTED';
    void this.events.publishAndWait('order.committed', order);
    this.events.publishMaybe('order.committed', order);
    this.bus.publish('order.committed', order);
    this.loose.publish('order.committed', order);
    this.events.publishTwice('order.committed', order);
    order.status = 'DONE';
    return this.events.notify('order.done', order);`),
    },
    {
      name: 'a wrapper’s own return is the caller’s business; an overloaded function is not followed',
      code: `
import { ClientProxy } from '@nestjs/microservices';
import { Observable } from 'rxjs';
export class Events {
  constructor(private readonly client: ClientProxy) {}
  publish(topic: string, data: object) {
    return this.client.emit(topic, data);
  }
}
export function send2(client: ClientProxy, topic: string): Observable<unknown>;
export function send2(client: ClientProxy, topic: string, data?: object): Observable<unknown> {
  return client.emit(topic, data ?? {});
}
export function run(client: ClientProxy, order: { status: string }) {
  send2(client, 'order.created', order);
  order.status = 'SENT';
}
`,
    },
    {
      name: '`Set.add` counts only on a set the instance holds: local sets for a log line or a return value, a set on a parameter, a set typed `any`',
      code: `
${KAFKA_HEAD}
export class S {
  constructor(private readonly client: ClientKafka, private readonly logger: { log(m: string): void }, private readonly loose: any) {}
  run(orders: { id: string }[], ctx: { visited: Set<string> }) {
    const ids = new Set<string>();
    const sent: Set<string> = new Set();
    for (const order of orders) {
      this.client.emit('a', order);
      ids.add(order.id);
      sent.add(order.id);
      ctx.visited.add(order.id);
      this.loose.seen.add(order.id);
    }
    this.logger.log([...ids].join(','));
    return sent;
  }
}
`,
    },
    {
      name: 'collection mutators count only on members typed as built-in collections: a local array, a lookalike `push` or `add`, and a read-only method are not state',
      code: `
${KAFKA_HEAD}
class Buffer { push(entry: string): void {} add(entry: string): void {} clear(): void {} }
export class S {
  private readonly trail = new Buffer();
  private readonly sent: object[] = [];
  constructor(private readonly client: ClientKafka, private readonly audit: any) {}
  run(order: object) {
    const batch: object[] = [];
    this.client.emit('a', order);
    batch.push(order);
    this.trail.push('a');
    this.trail.add('a');
    this.trail.clear();
    this.audit.push(order);
    this.sent.slice(0, 1);
    this.sent.includes(order);
  }
}
`,
    },
    {
      name: 'a `this` that is not the instance: static members, a function’s own `this`, a `this:` parameter',
      code: `
import { EventEmitter } from 'node:events';
import { ClientProxy } from '@nestjs/microservices';
interface Order { setPublished(): void }
export class Publisher {
  static client = new EventEmitter();
  constructor(private readonly client: ClientProxy) {}
  static tick(order: Order) {
    this.client.emit('order.ticked', order);
    order.setPublished();
  }
  run(order: Order) {
    const local = function (this: { client: EventEmitter }) {
      this.client.emit('order.local', order);
      order.setPublished();
    };
    local.call({ client: new EventEmitter() });
    return this.client;
  }
  withThis(this: { client: EventEmitter }, order: Order) {
    this.client.emit('order.this', order);
    order.setPublished();
  }
}
`,
    },
    {
      name: 'catchError before subscribe() handles the errors; void over a mapped list; writes to an ignored receiver',
      code: `
${KAFKA_HEAD}
import { catchError, EMPTY } from 'rxjs';
export function publish(client: ClientKafka, orders: { id: string }[], res: { statusCode: number }) {
  client.emit('a', orders).pipe(catchError(() => EMPTY)).subscribe();
  void orders.map((order) => client.emit('b', order));
  res.statusCode = 201;
}
`,
    },
    {
      name: 'calls on values made in place, response headers: not state that depends on delivery',
      code: `
import { createHash } from 'node:crypto';
${KAFKA_HEAD}
export class Audit {
  constructor(private readonly client: ClientKafka) {}
  fingerprint(payload: string, res: { setHeader(name: string, value: string): void }) {
    this.client.emit('audit', payload);
    res.setHeader('X-Accepted', '1');
    new Date().setHours(0);
    return createHash('sha256').update(payload).digest('hex');
  }
}
`,
    },
    {
      name: 'an await on a branch that returns does not make the later subscription late',
      code: `
${WITH_RXJS}
export async function publish(client: ClientKafka, repo: { save(o: object): Promise<void> }, order: object, skip: boolean) {
  const sent = client.emit('order.created', order);
  if (skip) {
    await repo.save(order);
    return;
  }
  await lastValueFrom(sent);
}
`,
    },
    {
      name: 'a setTimeout callback runs later: the code after setTimeout does not follow the emit',
      code: `
${KAFKA_HEAD}
export function later(client: ClientKafka, order: { save(): void }) {
  setTimeout(() => client.emit('order.reminder', order), 1000);
  order.save();
}
`,
    },
    {
      name: 'persistenceTypes: [] leaves only the verb list',
      code: persistence,
      options: [{ persistenceTypes: [] }],
    },
    {
      name: 'awaited with lastValueFrom before the state change',
      code: `
import { ClientKafka } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
export class S {
  constructor(private readonly client: ClientKafka) {}
  async publish(order: { setPublished(): void }) {
    await lastValueFrom(this.client.emit('order.created', order));
    order.setPublished();
  }
}
`,
    },
    {
      name: 'firstValueFrom, toPromise and a namespace import',
      code: `
import { ClientProxy } from '@nestjs/microservices';
import * as rx from 'rxjs';
export async function publish(client: ClientProxy, order: { status: string }) {
  await rx.firstValueFrom(client.emit('a', order));
  await client.emit('b', order).toPromise();
  await rx.lastValueFrom(client.emit('c', order).pipe(rx.timeout(5000)));
  order.status = 'published';
}
`,
    },
    {
      name: 'returned to the caller (Nest subscribes to what a handler returns)',
      code: `
import { ClientRMQ } from '@nestjs/microservices';
export class S {
  constructor(private readonly client: ClientRMQ) {}
  publish(order: object) {
    return this.client.emit('order.created', order);
  }
  publishArrow = (order: object) => this.client.emit('order.created', order);
}
`,
    },
    {
      name: 'subscribed with an error handler',
      code: `
import { ClientNats } from '@nestjs/microservices';
export function publish(client: ClientNats, order: { status: string }) {
  client.emit('a', order).subscribe({ error: (error: unknown) => console.error(error) });
  client.emit('b', order).subscribe(() => undefined, (error: unknown) => console.error(error));
  order.status = 'published';
}
`,
    },
    {
      name: 'passed on: forkJoin, a helper, an object',
      code: `
import { ClientKafka } from '@nestjs/microservices';
import { forkJoin, lastValueFrom, Observable } from 'rxjs';
declare function track(observable: Observable<unknown>): void;
export async function publish(client: ClientKafka, order: { status: string }) {
  await lastValueFrom(forkJoin([client.emit('a', order), client.emit('b', order)]));
  track(client.emit('c', order));
  await lastValueFrom(forkJoin({ d: client.emit('d', order) }));
  order.status = 'published';
}
`,
    },
    {
      name: 'stored, then converted before any await',
      code: `
import { ClientKafka } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
export async function publish(client: ClientKafka, order: { status: string }) {
  const sent = client.emit('order.created', order);
  const sentToo = sent;
  await lastValueFrom(sentToo);
  order.status = 'published';
}
`,
    },
    {
      name: 'fire-and-forget with nothing depending on it (logs and metrics)',
      code: `
import { Logger } from '@nestjs/common';
import { ClientKafka } from '@nestjs/microservices';
export class Metrics {
  private readonly logger = new Logger(Metrics.name);
  private readonly metrics = { increment(name: string) { return name; } };
  constructor(private readonly client: ClientKafka) {}
  tick(count: number) {
    this.client.emit('metrics.tick', { count });
    this.logger.log('tick sent');
    this.logger.setContext('metrics');
    this.metrics.increment('ticks');
    console.log('tick');
    let sent = 0;
    sent++;
    return sent;
  }
}
`,
    },
    {
      name: 'void marks a deliberate fire-and-forget',
      code: `
import { ClientKafka } from '@nestjs/microservices';
export async function publish(client: ClientKafka, order: { setPublished(): void }) {
  void client.emit('order.created', order);
  order.setPublished();
}
`,
    },
    {
      name: 'state change only before the emit, in the branch not taken, or after a return',
      code: `
import { ClientKafka } from '@nestjs/microservices';
export async function before(client: ClientKafka, order: { setPublished(): void }) {
  order.setPublished();
  client.emit('order.created', order);
}
export async function otherBranch(client: ClientKafka, order: { setPublished(): void }, urgent: boolean) {
  if (urgent) {
    client.emit('order.urgent', order);
  } else {
    order.setPublished();
  }
}
export async function afterReturn(client: ClientKafka, order: { setPublished(): void }, urgent: boolean) {
  if (urgent) {
    client.emit('order.urgent', order);
    return;
  }
  order.setPublished();
}
`,
    },
    {
      name: 'a function declared after the emit is not run by it',
      code: `
import { ClientKafka } from '@nestjs/microservices';
export function publish(client: ClientKafka, order: { setPublished(): void }) {
  client.emit('order.created', order);
  function later() {
    order.setPublished();
  }
  return later;
}
`,
    },
    {
      name: 'lookalikes: node EventEmitter, an EventEmitter2-like class, a socket.io-like server, an EventBus',
      code: `
import { EventEmitter } from 'node:events';
class EventEmitter2 { emit(event: string, ...values: unknown[]): boolean { return values.length > 0 && event !== ''; } }
class Server { emit(event: string, payload: unknown): boolean { return event !== '' && payload !== null; } }
class EventBus { publish(event: object): void { void event; } }
export function publish(emitter: EventEmitter, emitter2: EventEmitter2, server: Server, bus: EventBus, order: { status: string; save(): void }) {
  emitter.emit('order.created', order);
  emitter2.emit('order.created', order);
  server.emit('order.created', order);
  bus.publish(order);
  order.status = 'published';
  order.save();
}
`,
    },
    {
      name: 'any and unknown receivers are not clients',
      code: `
export function publish(client: any, other: unknown, order: { save(): void }) {
  client.emit('order.created', order);
  (other as any).emit('order.created', order);
  order.save();
}
`,
    },
    {
      name: 'a user interface with an emit method is not a client',
      code: `
import { Observable } from 'rxjs';
interface Publisher { emit(pattern: string, data: unknown): Observable<unknown> }
export function publish(publisher: Publisher, order: { save(): void }) {
  publisher.emit('order.created', order);
  order.save();
}
`,
    },
    {
      name: 'send is not this rule’s business',
      code: `
import { ClientProxy } from '@nestjs/microservices';
export function ask(client: ClientProxy, order: { save(): void }) {
  client.send('order.price', order);
  order.save();
}
`,
    },
  ],
  invalid: [
    {
      name: 'a state change in the catch that a throw reaches does not follow the emit; the try/catch still makes it a finding',
      code: `
${KAFKA_HEAD}
export async function afterThrow(client: ClientKafka, order: { setPublished(): void }) {
  try {
    client.emit('order.failed', order);
    throw new Error('rejected');
  } catch {
    order.setPublished();
  }
}
`,
      output: `
${WITH_RXJS}
export async function afterThrow(client: ClientKafka, order: { setPublished(): void }) {
  try {
    await lastValueFrom(client.emit('order.failed', order));
    throw new Error('rejected');
  } catch {
    order.setPublished();
  }
}
`,
      errors: [{
        messageId: 'unawaitedInTry',
        line: 5,
        data: { call: "emit('order.failed')", line: 7 },
        suggestions: [{ messageId: 'suggestVoid', output: `
${KAFKA_HEAD}
export async function afterThrow(client: ClientKafka, order: { setPublished(): void }) {
  try {
    void client.emit('order.failed', order);
    throw new Error('rejected');
  } catch {
    order.setPublished();
  }
}
` }],
      }],
    },
    {
      name: 'try/catch: a dropped emit and a subscription without an error handler in a try with a catch are reported with nothing after them',
      code: tryCatchCode,
      output: `
${WITH_RXJS}
export class S {
  constructor(private readonly client: ClientKafka) {}
  async run(order: object) {
    try {
      await lastValueFrom(this.client.emit('a', order));
    } catch (error) {
      console.error(error);
    }
  }
  watch(order: object) {
    try {
      this.client.emit('b', order).subscribe(() => undefined);
    } catch {
      // never reached by a delivery failure
    }
  }
}
`,
      errors: [
        { messageId: 'unawaitedInTry', line: 7, data: { call: "emit('a')", line: 8 }, suggestions: [{ messageId: 'suggestVoid', output: tryCatchCode.replace("      this.client.emit('a'", "      void this.client.emit('a'") }] },
        { messageId: 'subscribedInTry', line: 14, data: { call: "emit('b')", line: 15 } },
      ],
    },
    {
      name: 'client wrappers: a dropped Observable of a method, a mapped or stored one, an arrow property and a function, reported at the caller; await and void too',
      code: wrapperService(wrapperCallers),
      output: wrapperService(`    await lastValueFrom(this.events.publish('order.committed', order));
    await lastValueFrom(this.events.publishMapped('order.committed', order));
    await lastValueFrom(this.events.publishViaVariable('order.committed', order));
    await lastValueFrom(this.events.notify('order.committed', order));
    await lastValueFrom(publishOrderCreated(this.client, order));
    order.status = 'COMMITTED';
    await lastValueFrom(this.events.publish('order.paid', order));`),
      errors: [
        ...([
          ["publish('order.committed')`, a wrapper of `emit(topic)", 7],
          ["publishMapped('order.committed')`, a wrapper of `emit(topic)", 8],
          ["publishViaVariable('order.committed')`, a wrapper of `emit(topic)", 9],
          ["notify('order.committed')`, a wrapper of `emit(topic)", 10],
          ["publishOrderCreated(this.client)`, a wrapper of `emit('order.created')", 11],
        ] as const).map(([call, line]) => {
          const code = wrapperCallers.split('\n');
          code[line - 7] = `    void ${(code[line - 7] ?? '').trimStart()}`;
          return {
            messageId: 'unawaitedBeforeStateChange' as const,
            line,
            data: { call, stateChange: "order.status = 'COMMITTED'", line: 12 },
            suggestions: [{ messageId: 'suggestVoid' as const, output: wrapperService(code.join('\n')) }],
          };
        }),
        { messageId: 'awaitedObservable', line: 13, data: { call: "publish('order.paid')`, a wrapper of `emit(topic)" } },
      ],
    },
    {
      name: 'client wrappers: void with allowVoid off',
      code: wrapperService(`    void this.events.publish('order.committed', order);
    order.status = 'COMMITTED';`),
      options: [{ allowVoid: false }],
      errors: [{ messageId: 'voidedBeforeStateChange', line: 7, data: { call: "publish('order.committed')`, a wrapper of `emit(topic)", stateChange: "order.status = 'COMMITTED'", line: 8 } }],
    },
    {
      // The file names `notify` only through an escape: the per-file list of the wrappers it calls must keep it.
      name: 'a client wrapper called with an identifier escape',
      code: wrapperService(`    this.events.\\u006eotify('order.committed', order);
    order.status = 'COMMITTED';`),
      output: wrapperService(`    await lastValueFrom(this.events.\\u006eotify('order.committed', order));
    order.status = 'COMMITTED';`),
      errors: [
        {
          messageId: 'unawaitedBeforeStateChange',
          line: 7,
          data: { call: "notify('order.committed')`, a wrapper of `emit(topic)", stateChange: "order.status = 'COMMITTED'", line: 8 },
          suggestions: [
            {
              messageId: 'suggestVoid',
              output: wrapperService(`    void this.events.\\u006eotify('order.committed', order);
    order.status = 'COMMITTED';`),
            },
          ],
        },
      ],
    },
    {
      name: 'the instance `this` through an arrow function, in a method of the class that declares the client',
      code: `
import { ClientProxy } from '@nestjs/microservices';
interface Order { setPublished(): void }
export class Publisher {
  constructor(private readonly client: ClientProxy) {}
  run(orders: Order[]) {
    orders.forEach((order) => {
      this.client.emit('order.created', order);
      order.setPublished();
    });
  }
}
`,
      errors: [{ messageId: 'unawaitedBeforeStateChange', line: 8, suggestions: [{ messageId: 'suggestVoid', output: `
import { ClientProxy } from '@nestjs/microservices';
interface Order { setPublished(): void }
export class Publisher {
  constructor(private readonly client: ClientProxy) {}
  run(orders: Order[]) {
    orders.forEach((order) => {
      void this.client.emit('order.created', order);
      order.setPublished();
    });
  }
}
` }] }],
    },
    ...everyClientType,
    ...escapedMethodNames,
    {
      name: 'writes through persistence types (TypeORM repository subclass, Mongoose model); reads do not count',
      code: persistence,
      output: persistence.replace(/this\.client\.emit\('([ab])', order\);/g, "await lastValueFrom(this.client.emit('$1', order));"),
      errors: [
        { messageId: 'unawaitedBeforeStateChange', line: 10, data: { call: "emit('a')", stateChange: 'this.orders.softRemove(order)', line: 10 }, suggestions: [voidSuggestion(persistence, "this.client.emit('a'")] },
        { messageId: 'unawaitedBeforeStateChange', line: 11, data: { call: "emit('b')", stateChange: 'this.model.findOneAndUpdate(...)', line: 11 }, suggestions: [voidSuggestion(persistence, "this.client.emit('b'")] },
      ],
    },
    ...importCases,
    {
      name: 'an async forEach callback drops the emit; a repository from a factory call still counts',
      code: `
${KAFKA_HEAD}
import { Repository } from 'typeorm';
class Order { id = ''; }
declare function repositoryFor<T extends object>(): Repository<T>;
export async function publishAll(client: ClientKafka, orders: Order[]) {
  orders.forEach(async (order) => client.emit('a', order));
  client.emit('b', orders);
  await repositoryFor<Order>().save(orders);
}
`,
      output: `
${KAFKA_HEAD}
import { Repository } from 'typeorm';
import { lastValueFrom } from 'rxjs';
class Order { id = ''; }
declare function repositoryFor<T extends object>(): Repository<T>;
export async function publishAll(client: ClientKafka, orders: Order[]) {
  orders.forEach(async (order) => client.emit('a', order));
  await lastValueFrom(client.emit('b', orders));
  await repositoryFor<Order>().save(orders);
}
`,
      errors: [
        { messageId: 'unawaitedBeforeStateChange', line: 7, data: { call: "emit('a')", stateChange: 'repositoryFor<Order>().save(orders)', line: 9 } },
        {
          messageId: 'unawaitedBeforeStateChange',
          line: 8,
          suggestions: [
            {
              messageId: 'suggestVoid',
              output: `
${KAFKA_HEAD}
import { Repository } from 'typeorm';
class Order { id = ''; }
declare function repositoryFor<T extends object>(): Repository<T>;
export async function publishAll(client: ClientKafka, orders: Order[]) {
  orders.forEach(async (order) => client.emit('a', order));
  void client.emit('b', orders);
  await repositoryFor<Order>().save(orders);
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'allowVoid: false with nothing after: the voided message',
      code: `
${KAFKA_HEAD}
export function tick(client: ClientKafka) {
  void client.emit('metrics.tick', 1);
}
`,
      options: [{ allowVoid: false, reportFireAndForget: true }],
      errors: [{ messageId: 'voided', data: { call: "emit('metrics.tick')" } }],
    },
    {
      name: 'Promise.all takes Observables as plain values',
      code: `
${WITH_RXJS}
export async function publishAll(client: ClientKafka, orders: { id: string }[], repo: { markAllPublished(ids: string[]): Promise<void> }) {
  await Promise.all(orders.map((order) => client.emit('order.created', order)));
  await Promise.allSettled([client.emit('batch.done', orders.length), repo.markAllPublished([])]);
}
`,
      output: `
${WITH_RXJS}
export async function publishAll(client: ClientKafka, orders: { id: string }[], repo: { markAllPublished(ids: string[]): Promise<void> }) {
  await Promise.all(orders.map((order) => lastValueFrom(client.emit('order.created', order))));
  await Promise.allSettled([lastValueFrom(client.emit('batch.done', orders.length)), repo.markAllPublished([])]);
}
`,
      errors: [
        { messageId: 'promiseCombinator', line: 5, data: { call: "emit('order.created')", combinator: 'Promise.all()' } },
        { messageId: 'promiseCombinator', line: 6, data: { call: "emit('batch.done')", combinator: 'Promise.allSettled()' } },
      ],
    },
    {
      name: 'an emit returned to forEach is dropped, and the state change after the loop follows it',
      code: `
${KAFKA_HEAD}
export async function publishAll(client: ClientKafka, orders: { id: string }[], repo: { markAllPublished(ids: string[]): Promise<void> }) {
  orders.forEach((order) => client.emit('order.created', order));
  await repo.markAllPublished(orders.map((order) => order.id));
}
`,
      errors: [
        {
          messageId: 'unawaitedBeforeStateChange',
          line: 4,
          column: 29,
          data: { call: "emit('order.created')", stateChange: 'repo.markAllPublished(orders.map((order) => order.id))', line: 5 },
        },
      ],
    },
    {
      name: 'await on the emit Observable waits for nothing',
      code: awaitedEmit,
      output: edit(awaitedEmit, [KAFKA_HEAD, `${KAFKA_HEAD}\nimport { lastValueFrom } from 'rxjs';`], ["await client.emit('order.created', order)", "await lastValueFrom(client.emit('order.created', order))"]),
      errors: [{ messageId: 'awaitedObservable', data: { call: "emit('order.created')" }, line: 4, column: 9 }],
    },
    {
      name: 'await is reported even when nothing follows, and with autofix off it is a suggestion',
      code: awaitedEmit,
      options: [{ autofix: false }],
      output: null,
      errors: [{ messageId: 'awaitedObservable', suggestions: [{ messageId: 'suggestAwait', output: edit(awaitedEmit, [KAFKA_HEAD, `${KAFKA_HEAD}\nimport { lastValueFrom } from 'rxjs';`], ["await client.emit('order.created', order)", "await lastValueFrom(client.emit('order.created', order))"]) }] }],
    },
    {
      name: 'stored and subscribed only after an await: the event may already be complete',
      code: `
${WITH_RXJS}
export async function publish(client: ClientKafka, repo: { save(o: object): Promise<void> }, order: object) {
  const sent = client.emit('order.created', order);
  await repo.save(order);
  await lastValueFrom(sent);
}
export async function returnedLate(client: ClientKafka, repo: { save(o: object): Promise<void> }, order: object) {
  const sent = client.emit('order.created', order);
  await repo.save(order);
  return sent;
}
`,
      errors: [
        { messageId: 'subscribedLate', line: 5, data: { call: "emit('order.created')", line: 6 } },
        { messageId: 'subscribedLate', line: 10, data: { call: "emit('order.created')", line: 11 } },
      ],
    },
    {
      name: 'subscribe() without an error handler crashes the process on failure',
      code: `
${KAFKA_HEAD}
export function publish(client: ClientKafka, order: object) {
  client.emit('a', order).subscribe();
  client.emit('b', order).subscribe(() => console.log('sent'));
  client.emit('c', order).subscribe({ next: () => console.log('sent') });
}
`,
      errors: [
        { messageId: 'subscribedWithoutErrorHandler', line: 4, data: { call: "emit('a')" } },
        { messageId: 'subscribedWithoutErrorHandler', line: 5 },
        { messageId: 'subscribedWithoutErrorHandler', line: 6 },
      ],
    },
    {
      name: 'every kind of state change',
      code: stateChangeKinds,
      output: fixedStateChangeKinds,
      errors: [
        ['a', "order.status = 'sent'"],
        ['b', 'this.count += 1'],
        ['c', 'this.count++'],
        ['d', 'delete order.note'],
        ['e', 'order.markAsSent()'],
        ['f', "this.cache.set('last', order)"],
        ['g', 'this.sent.push(order)'],
        ['h', 'this.outbox!.splice(0, 1)'],
        ['i', 'this.ids.delete(order)'],
        ['j', 'this.cache.clear()'],
        ['k', 'this.idp.revokeToken(token)'],
        ['l', "job.steps.unshift('sent')"],
        ['m', 'this.ids.add(order)'],
      ].map(([pattern, stateChange], index) => ({
        messageId: 'unawaitedBeforeStateChange' as const,
        line: 8 + index,
        data: { call: `emit('${pattern}')`, stateChange, line: 8 + index },
        suggestions: [{ messageId: 'suggestVoid' as const, output: stateChangeKinds.replace(`this.client.emit('${pattern}'`, `void this.client.emit('${pattern}'`) }],
      })),
    },
    {
      name: '`Set.add` on a set the instance holds, reached from `this` by a private name, a nested member, a map read or a non-null member',
      code: instanceSets,
      output: instanceSets.replace(/this\.client\.emit\('(\w)', (\w+)\)/g, "await lastValueFrom(this.client.emit('$1', $2))"),
      errors: [
        ['a', 'this.#seen.add(o)'],
        ['b', 'this.state.revoked.add(id)'],
        ['c', 'this.byUser.get(user)?.add(id)'],
        ['d', 'this.cache!.ids.add(id)'],
      ].map(([pattern, stateChange], index) => ({
        messageId: 'unawaitedBeforeStateChange' as const,
        line: 10 + index,
        data: { call: `emit('${pattern}')`, stateChange, line: 10 + index },
        suggestions: [{ messageId: 'suggestVoid' as const, output: instanceSets.replace(`this.client.emit('${pattern}'`, `void this.client.emit('${pattern}'`) }],
      })),
    },
    {
      name: '`Set.add` on a revocation set of the service (issue 28): a method that is not async gets suggestions',
      code: revokedTokens,
      output: null,
      errors: [{
        messageId: 'unawaitedBeforeStateChange',
        line: 9,
        data: { call: "emit('auth.token_revoked')", stateChange: 'this.revokedJti.add(jti)', line: 10 },
        suggestions: [
          {
            messageId: 'suggestAsyncAwait',
            output: revokedTokens
              .replace(`from '@nestjs/microservices';\n`, `from '@nestjs/microservices';\nimport { lastValueFrom } from 'rxjs';\n`)
              .replace('revokeAccessToken(jti: string): void {', 'async revokeAccessToken(jti: string): Promise<void> {')
              .replace("this.bus.emit('auth.token_revoked', { jti });", "await lastValueFrom(this.bus.emit('auth.token_revoked', { jti }));"),
          },
          voidSuggestion(revokedTokens, 'this.bus.emit('),
        ],
      }],
    },
    {
      name: '`Set.add` on a dedup set after a dropped emit: the payload is marked as sent and never sent again',
      code: dedupSet,
      output: dedupSet.replace("this.client.emit('audit', payload);", "await lastValueFrom(this.client.emit('audit', payload));"),
      errors: [{
        messageId: 'unawaitedBeforeStateChange',
        line: 9,
        data: { call: "emit('audit')", stateChange: 'this.seen.add(payload)', line: 10 },
        suggestions: [voidSuggestion(dedupSet, "this.client.emit('audit'")],
      }],
    },
    {
      name: 'state changes after branches, loops, try and inside callbacks',
      code: controlFlow,
      output: controlFlow
        .replace(/this\.client\.emit\('([a-d])', (orders?)\);/g, "await lastValueFrom(this.client.emit('$1', $2));"),
      errors: [
        { messageId: 'unawaitedBeforeStateChange', line: 8, data: { call: "emit('a')", stateChange: 'this.repo.save(order)', line: 10 }, suggestions: [{ messageId: 'suggestVoid', output: controlFlow.replace("this.client.emit('a'", "void this.client.emit('a'") }] },
        { messageId: 'unawaitedBeforeStateChange', line: 14, data: { call: "emit('b')", stateChange: 'this.repo.save(orders)', line: 16 }, suggestions: [{ messageId: 'suggestVoid', output: controlFlow.replace("this.client.emit('b'", "void this.client.emit('b'") }] },
        { messageId: 'unawaitedBeforeStateChange', line: 20, data: { call: "emit('c')", stateChange: 'this.repo.save(order)', line: 22 }, suggestions: [{ messageId: 'suggestVoid', output: controlFlow.replace("this.client.emit('c'", "void this.client.emit('c'") }] },
        { messageId: 'unawaitedBeforeStateChange', line: 27, data: { call: "emit('d')", stateChange: 'this.repo.save(order)', line: 31 }, suggestions: [{ messageId: 'suggestVoid', output: controlFlow.replace("this.client.emit('d'", "void this.client.emit('d'") }] },
        // The callback is its own function and not async: no fix, and no "make it async" (forEach would float it).
        { messageId: 'unawaitedBeforeStateChange', line: 35, data: { call: "emit('e')", stateChange: 'order.markPublished()', line: 36 }, suggestions: [{ messageId: 'suggestVoid', output: controlFlow.replace("this.client.emit('e'", "void this.client.emit('e'") }] },
      ],
    },
    {
      name: 'a method that is not async gets suggestions, never a fix',
      code: `
${KAFKA_HEAD}
export class S {
  constructor(private readonly client: ClientKafka) {}
  publish(order: { setPublished(): void }) {
    this.client.emit('order.created', order);
    order.setPublished();
  }
}
`,
      output: null,
      errors: [{
        messageId: 'unawaitedBeforeStateChange',
        suggestions: [
          { messageId: 'suggestAsyncAwait', output: `
${WITH_RXJS}
export class S {
  constructor(private readonly client: ClientKafka) {}
  async publish(order: { setPublished(): void }) {
    await lastValueFrom(this.client.emit('order.created', order));
    order.setPublished();
  }
}
` },
          { messageId: 'suggestVoid', output: `
${KAFKA_HEAD}
export class S {
  constructor(private readonly client: ClientKafka) {}
  publish(order: { setPublished(): void }) {
    void this.client.emit('order.created', order);
    order.setPublished();
  }
}
` },
        ],
      }],
    },
    {
      name: 'a declared `void` return type becomes `Promise<void>` with `async`; another declared type keeps only `void` (callers read the value)',
      code: `
${KAFKA_HEAD}
export class S {
  constructor(private readonly client: ClientKafka) {}
  publish(order: { setPublished(): void }): void {
    this.client.emit('a', order);
    order.setPublished();
  }
  count(order: { setPublished(): void }): number {
    this.client.emit('b', order);
    order.setPublished();
    return 1;
  }
}
export function notify(client: ClientKafka, order: { setPublished(): void }): void {
  client.emit('c', order);
  order.setPublished();
}
`,
      output: null,
      errors: [
        {
          messageId: 'unawaitedBeforeStateChange',
          line: 6,
          suggestions: [
            { messageId: 'suggestAsyncAwait', output: `
${WITH_RXJS}
export class S {
  constructor(private readonly client: ClientKafka) {}
  async publish(order: { setPublished(): void }): Promise<void> {
    await lastValueFrom(this.client.emit('a', order));
    order.setPublished();
  }
  count(order: { setPublished(): void }): number {
    this.client.emit('b', order);
    order.setPublished();
    return 1;
  }
}
export function notify(client: ClientKafka, order: { setPublished(): void }): void {
  client.emit('c', order);
  order.setPublished();
}
` },
            { messageId: 'suggestVoid', output: `
${KAFKA_HEAD}
export class S {
  constructor(private readonly client: ClientKafka) {}
  publish(order: { setPublished(): void }): void {
    void this.client.emit('a', order);
    order.setPublished();
  }
  count(order: { setPublished(): void }): number {
    this.client.emit('b', order);
    order.setPublished();
    return 1;
  }
}
export function notify(client: ClientKafka, order: { setPublished(): void }): void {
  client.emit('c', order);
  order.setPublished();
}
` },
          ],
        },
        {
          messageId: 'unawaitedBeforeStateChange',
          line: 10,
          suggestions: [{ messageId: 'suggestVoid', output: `
${KAFKA_HEAD}
export class S {
  constructor(private readonly client: ClientKafka) {}
  publish(order: { setPublished(): void }): void {
    this.client.emit('a', order);
    order.setPublished();
  }
  count(order: { setPublished(): void }): number {
    void this.client.emit('b', order);
    order.setPublished();
    return 1;
  }
}
export function notify(client: ClientKafka, order: { setPublished(): void }): void {
  client.emit('c', order);
  order.setPublished();
}
` }],
        },
        {
          messageId: 'unawaitedBeforeStateChange',
          line: 16,
          suggestions: [
            { messageId: 'suggestAsyncAwait', output: `
${WITH_RXJS}
export class S {
  constructor(private readonly client: ClientKafka) {}
  publish(order: { setPublished(): void }): void {
    this.client.emit('a', order);
    order.setPublished();
  }
  count(order: { setPublished(): void }): number {
    this.client.emit('b', order);
    order.setPublished();
    return 1;
  }
}
export async function notify(client: ClientKafka, order: { setPublished(): void }): Promise<void> {
  await lastValueFrom(client.emit('c', order));
  order.setPublished();
}
` },
            { messageId: 'suggestVoid', output: `
${KAFKA_HEAD}
export class S {
  constructor(private readonly client: ClientKafka) {}
  publish(order: { setPublished(): void }): void {
    this.client.emit('a', order);
    order.setPublished();
  }
  count(order: { setPublished(): void }): number {
    this.client.emit('b', order);
    order.setPublished();
    return 1;
  }
}
export function notify(client: ClientKafka, order: { setPublished(): void }): void {
  void client.emit('c', order);
  order.setPublished();
}
` },
          ],
        },
      ],
    },
    {
      name: 'autofix: false turns the fix into a suggestion',
      code: publishService('ClientKafka', 'ClientKafka'),
      options: [{ autofix: false }],
      output: null,
      errors: [{ ...stateChangeError, suggestions: [
        { messageId: 'suggestAwait', output: fixedPublishService('ClientKafka', 'ClientKafka') },
        voidSuggestion(publishService('ClientKafka', 'ClientKafka'), "this.client.emit('order.created'"),
      ] }],
    },
    {
      name: 'reportFireAndForget reports an emit with nothing after it',
      code: `
${KAFKA_HEAD}
export async function tick(client: ClientKafka) {
  client.emit('metrics.tick', { at: Date.now() });
}
`,
      options: [{ reportFireAndForget: true }],
      output: `
${WITH_RXJS}
export async function tick(client: ClientKafka) {
  await lastValueFrom(client.emit('metrics.tick', { at: Date.now() }));
}
`,
      errors: [{ messageId: 'unawaited', data: { call: "emit('metrics.tick')" }, suggestions: [{ messageId: 'suggestVoid', output: `
${KAFKA_HEAD}
export async function tick(client: ClientKafka) {
  void client.emit('metrics.tick', { at: Date.now() });
}
` }] }],
    },
    {
      name: 'allowVoid: false reports a voided emit before a state change',
      code: `
${KAFKA_HEAD}
export async function publish(client: ClientKafka, order: { save(): void }) {
  void client.emit('order.created', order);
  order.save();
}
`,
      options: [{ allowVoid: false }],
      errors: [{ messageId: 'voidedBeforeStateChange', data: { call: "emit('order.created')", stateChange: 'order.save()', line: 5 } }],
    },
    {
      name: 'an Observable stored and never used, and a dropped pipe',
      code: `
${KAFKA_HEAD}
import { map } from 'rxjs';
export async function publish(client: ClientKafka, order: { save(): void }) {
  const unused = client.emit('a', order);
  client.emit('b', order).pipe(map(() => true));
  order.save();
}
`,
      output: `
${KAFKA_HEAD}
import { map, lastValueFrom } from 'rxjs';
export async function publish(client: ClientKafka, order: { save(): void }) {
  const unused = client.emit('a', order);
  await lastValueFrom(client.emit('b', order).pipe(map(() => true)));
  order.save();
}
`,
      errors: [
        { messageId: 'unawaitedBeforeStateChange', line: 5 },
        { messageId: 'unawaitedBeforeStateChange', line: 6, suggestions: [{ messageId: 'suggestVoid', output: `
${KAFKA_HEAD}
import { map } from 'rxjs';
export async function publish(client: ClientKafka, order: { save(): void }) {
  const unused = client.emit('a', order);
  void client.emit('b', order).pipe(map(() => true));
  order.save();
}
` }] },
      ],
    },
    {
      name: 'optional chains: fixed when the client is always there, not when it may be missing',
      code: `
${KAFKA_HEAD}
export class S {
  constructor(private readonly client: ClientKafka, private readonly spare?: ClientKafka) {}
  async publish(order: { save(): void }) {
    this.client?.emit('a', order);
    this.spare?.emit('b', order);
    order.save();
  }
}
`,
      output: `
${WITH_RXJS}
export class S {
  constructor(private readonly client: ClientKafka, private readonly spare?: ClientKafka) {}
  async publish(order: { save(): void }) {
    await lastValueFrom(this.client?.emit('a', order));
    this.spare?.emit('b', order);
    order.save();
  }
}
`,
      errors: [
        { messageId: 'unawaitedBeforeStateChange', line: 6, suggestions: [{ messageId: 'suggestVoid', output: `
${KAFKA_HEAD}
export class S {
  constructor(private readonly client: ClientKafka, private readonly spare?: ClientKafka) {}
  async publish(order: { save(): void }) {
    void this.client?.emit('a', order);
    this.spare?.emit('b', order);
    order.save();
  }
}
` }] },
        { messageId: 'unawaitedBeforeStateChange', line: 7, suggestions: [{ messageId: 'suggestVoid', output: `
${KAFKA_HEAD}
export class S {
  constructor(private readonly client: ClientKafka, private readonly spare?: ClientKafka) {}
  async publish(order: { save(): void }) {
    this.client?.emit('a', order);
    void this.spare?.emit('b', order);
    order.save();
  }
}
` }] },
      ],
    },
    {
      name: 'a multi-line call with comments keeps its formatting',
      code: `
${WITH_RXJS}
export async function publish(client: ClientKafka, order: { id: string; save(): void }) {
  client.emit(
    'order.created', // the topic
    { id: order.id /* only the id */ },
  );
  order.save();
}
`,
      output: `
${WITH_RXJS}
export async function publish(client: ClientKafka, order: { id: string; save(): void }) {
  await lastValueFrom(client.emit(
    'order.created', // the topic
    { id: order.id /* only the id */ },
  ));
  order.save();
}
`,
      errors: [{ messageId: 'unawaitedBeforeStateChange', line: 5, suggestions: [{ messageId: 'suggestVoid', output: `
${WITH_RXJS}
export async function publish(client: ClientKafka, order: { id: string; save(): void }) {
  void client.emit(
    'order.created', // the topic
    { id: order.id /* only the id */ },
  );
  order.save();
}
` }] }],
    },
    {
      name: 'the message resolves enum members, as-const members and constants',
      code: `
${WITH_RXJS}
enum Topics { OrderCreated = 'order.created' }
const TOPICS = { paid: 'order.paid' } as const;
const SHIPPED = 'order.shipped';
export async function publish(client: ClientKafka, order: { save(): void }, dynamic: string) {
  await client.emit(Topics.OrderCreated, order);
  await client.emit(TOPICS.paid, order);
  await client.emit(SHIPPED, order);
  await client.emit(dynamic, order);
  await client.emit({ cmd: 'audit' }, order);
}
`,
      output: `
${WITH_RXJS}
enum Topics { OrderCreated = 'order.created' }
const TOPICS = { paid: 'order.paid' } as const;
const SHIPPED = 'order.shipped';
export async function publish(client: ClientKafka, order: { save(): void }, dynamic: string) {
  await lastValueFrom(client.emit(Topics.OrderCreated, order));
  await lastValueFrom(client.emit(TOPICS.paid, order));
  await lastValueFrom(client.emit(SHIPPED, order));
  await lastValueFrom(client.emit(dynamic, order));
  await lastValueFrom(client.emit({ cmd: 'audit' }, order));
}
`,
      errors: [
        { messageId: 'awaitedObservable', data: { call: "emit('order.created')" } },
        { messageId: 'awaitedObservable', data: { call: "emit('order.paid')" } },
        { messageId: 'awaitedObservable', data: { call: "emit('order.shipped')" } },
        { messageId: 'awaitedObservable', data: { call: 'emit(dynamic)' } },
        { messageId: 'awaitedObservable', data: { call: "emit({ cmd: 'audit' })" } },
      ],
    },
    {
      name: 'a custom ClientProxy subclass',
      code: publishService('ClientProxy', 'OutboxClient', customSubclass),
      output: fixedPublishService('ClientProxy', 'OutboxClient', customSubclass),
      errors: [{ ...stateChangeError, line: 18, data: { ...stateChangeError.data, line: 19 }, suggestions: [voidSuggestion(publishService('ClientProxy', 'OutboxClient', customSubclass), "this.client.emit('order.created'")] }],
    },
    {
      name: 'a subclass that overrides emit',
      code: publishService('ClientKafka', 'TracingClient', `import { Observable } from 'rxjs';\n${overridingSubclass}`),
      output: publishService('ClientKafka', 'TracingClient', `import { Observable, lastValueFrom } from 'rxjs';\n${overridingSubclass}`).replace(
        `    this.client.emit('order.created', order);`,
        `    await lastValueFrom(this.client.emit('order.created', order));`,
      ),
      errors: [{ ...stateChangeError, line: 17, data: { ...stateChangeError.data, line: 18 }, suggestions: [voidSuggestion(publishService('ClientKafka', 'TracingClient', `import { Observable } from 'rxjs';\n${overridingSubclass}`), "this.client.emit('order.created'")] }],
    },
    {
      name: 'ClientProxyFactory.create, a union, an intersection and emitBatch',
      code: `
import { ClientKafka, ClientProxyFactory, ClientRMQ, Transport } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
const factoryClient = ClientProxyFactory.create({ transport: Transport.KAFKA });
export async function publish(either: ClientKafka | ClientRMQ, both: ClientKafka & { tag: string }, kafka: ClientKafka, order: { status: string }) {
  factoryClient.emit('a', order);
  either.emit('b', order);
  both.emit('c', order);
  kafka.emitBatch('d', { messages: [order] });
  order.status = 'published';
}
`,
      output: `
import { ClientKafka, ClientProxyFactory, ClientRMQ, Transport } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
const factoryClient = ClientProxyFactory.create({ transport: Transport.KAFKA });
export async function publish(either: ClientKafka | ClientRMQ, both: ClientKafka & { tag: string }, kafka: ClientKafka, order: { status: string }) {
  await lastValueFrom(factoryClient.emit('a', order));
  await lastValueFrom(either.emit('b', order));
  await lastValueFrom(both.emit('c', order));
  await lastValueFrom(kafka.emitBatch('d', { messages: [order] }));
  order.status = 'published';
}
`,
      errors: [
        { messageId: 'unawaitedBeforeStateChange', line: 6, data: { call: "emit('a')", stateChange: "order.status = 'published'", line: 10 }, suggestions: [{ messageId: 'suggestVoid', output: `
import { ClientKafka, ClientProxyFactory, ClientRMQ, Transport } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
const factoryClient = ClientProxyFactory.create({ transport: Transport.KAFKA });
export async function publish(either: ClientKafka | ClientRMQ, both: ClientKafka & { tag: string }, kafka: ClientKafka, order: { status: string }) {
  void factoryClient.emit('a', order);
  either.emit('b', order);
  both.emit('c', order);
  kafka.emitBatch('d', { messages: [order] });
  order.status = 'published';
}
` }] },
        { messageId: 'unawaitedBeforeStateChange', line: 7, suggestions: [{ messageId: 'suggestVoid', output: `
import { ClientKafka, ClientProxyFactory, ClientRMQ, Transport } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
const factoryClient = ClientProxyFactory.create({ transport: Transport.KAFKA });
export async function publish(either: ClientKafka | ClientRMQ, both: ClientKafka & { tag: string }, kafka: ClientKafka, order: { status: string }) {
  factoryClient.emit('a', order);
  void either.emit('b', order);
  both.emit('c', order);
  kafka.emitBatch('d', { messages: [order] });
  order.status = 'published';
}
` }] },
        { messageId: 'unawaitedBeforeStateChange', line: 8, suggestions: [{ messageId: 'suggestVoid', output: `
import { ClientKafka, ClientProxyFactory, ClientRMQ, Transport } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
const factoryClient = ClientProxyFactory.create({ transport: Transport.KAFKA });
export async function publish(either: ClientKafka | ClientRMQ, both: ClientKafka & { tag: string }, kafka: ClientKafka, order: { status: string }) {
  factoryClient.emit('a', order);
  either.emit('b', order);
  void both.emit('c', order);
  kafka.emitBatch('d', { messages: [order] });
  order.status = 'published';
}
` }] },
        { messageId: 'unawaitedBeforeStateChange', line: 9, data: { call: "emitBatch('d')", stateChange: "order.status = 'published'", line: 10 }, suggestions: [{ messageId: 'suggestVoid', output: `
import { ClientKafka, ClientProxyFactory, ClientRMQ, Transport } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
const factoryClient = ClientProxyFactory.create({ transport: Transport.KAFKA });
export async function publish(either: ClientKafka | ClientRMQ, both: ClientKafka & { tag: string }, kafka: ClientKafka, order: { status: string }) {
  factoryClient.emit('a', order);
  either.emit('b', order);
  both.emit('c', order);
  void kafka.emitBatch('d', { messages: [order] });
  order.status = 'published';
}
` }] },
      ],
    },
  ],
});
