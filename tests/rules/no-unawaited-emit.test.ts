import type { InvalidTestCase } from '@typescript-eslint/rule-tester';

import rule from '../../src/rules/no-unawaited-emit';
import type { MessageId, Options } from '../../src/rules/no-unawaited-emit';
import { runOnEveryNestVersion } from '../rule-tester';

type Invalid = InvalidTestCase<MessageId, Options>;

/** Every client type users inject: the transport classes, the base class and the Kafka interface. */
const CLIENT_TYPES = [
  'ClientProxy',
  'ClientKafka',
  'ClientKafkaProxy',
  'ClientRMQ',
  'ClientRedis',
  'ClientNats',
  'ClientTCP',
  'ClientMqtt',
] as const;

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

runOnEveryNestVersion('no-unawaited-emit', rule, {
  valid: [
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
export async function afterThrow(client: ClientKafka, order: { setPublished(): void }) {
  try {
    client.emit('order.failed', order);
    throw new Error('rejected');
  } catch {
    order.setPublished();
  }
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
    ...everyClientType,
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
