import type { InvalidTestCase } from '@typescript-eslint/rule-tester';

import rule from '../../src/rules/no-unsubscribed-send';
import type { MessageId, Options } from '../../src/rules/no-unsubscribed-send';
import { CLIENT_TYPES, runOnEveryNestVersion } from '../rule-tester';

type Invalid = InvalidTestCase<MessageId, Options>;


function reserve(clientType: string): string {
  return `
import { Inject } from '@nestjs/common';
import { ${clientType} } from '@nestjs/microservices';
export class Inventory {
  constructor(@Inject('INVENTORY') private readonly client: ${clientType}) {}
  async reserve(sku: string) {
    this.client.send('inventory.reserve', { sku });
  }
}
`;
}

const everyClientType: Invalid[] = CLIENT_TYPES.map((clientType) => {
  const code = reserve(clientType);
  return {
    name: `an unsubscribed ${clientType}.send`,
    code,
    errors: [
      {
        messageId: 'neverSubscribed',
        data: { call: "send('inventory.reserve')" },
        line: 7,
        column: 5,
        suggestions: [
          {
            messageId: 'suggestAwait',
            output: code
              .replace(`from '@nestjs/microservices';\n`, `from '@nestjs/microservices';\nimport { lastValueFrom } from 'rxjs';\n`)
              .replace(`    this.client.send('inventory.reserve', { sku });`, `    await lastValueFrom(this.client.send('inventory.reserve', { sku }));`),
          },
          { messageId: 'suggestEmit', output: code.replace('this.client.send(', 'this.client.emit(') },
        ],
      },
    ],
  };
});

const HEAD = `import { ClientProxy } from '@nestjs/microservices';`;
const WITH_RXJS = `${HEAD}\nimport { lastValueFrom } from 'rxjs';`;


const WRAPPER_HEAD = `import { lastValueFrom } from 'rxjs';
import { OrderEventsPublisher } from '../shared/client-wrappers';`;

function wrapperCaller(body: string): string {
  return `${WRAPPER_HEAD}
export class Users {
  constructor(private readonly events: OrderEventsPublisher) {}
  async load(id: number) {
${body}
  }
}
`;
}

/** Sends this rule keeps though an `@EventPattern` handler handles their pattern (tests/fixtures/shared/handlers.ts). */
const EVENT_ONLY_ELSEWHERE = `${WRAPPER_HEAD}
import { ClientProxy } from '@nestjs/microservices';
export class Users {
  constructor(private readonly events: OrderEventsPublisher, private readonly client: ClientProxy) {}
  async load(id: number) {
    this.events.request('order.created', id);
    this.client.send('audit.record', id);
  }
}
`;

runOnEveryNestVersion('no-unsubscribed-send', rule, {
  valid: [
    {
      name: 'a send wrapper converted, returned or subscribed with an error handler',
      code: wrapperCaller(`    const count = await lastValueFrom(this.events.request('user.count', id));
    this.events.request('user.touch', id).subscribe({ error: () => undefined });
    return count + (await lastValueFrom(this.events.request('user.get', id)));`),
    },
    {
      name: 'converted, piped then converted, subscribed',
      code: `
${HEAD}
import { firstValueFrom, lastValueFrom, timeout } from 'rxjs';
export async function price(client: ClientProxy, sku: string) {
  const a = await lastValueFrom(client.send<number>('price', sku));
  const b = await firstValueFrom(client.send<number>('price', sku).pipe(timeout(5000)));
  client.send('audit', sku).subscribe({ error: (error: unknown) => console.error(error) });
  client.send('audit', sku).subscribe((reply) => console.log(reply), (error: unknown) => console.error(error));
  return a + b;
}
`,
    },
    {
      name: 'subscribed with an error handler, through catchError, or with an observer the rule cannot see',
      code: `
${HEAD}
import { catchError, EMPTY, type Observer } from 'rxjs';
export function load(client: ClientProxy, cache: (user: unknown) => void, observer: Observer<unknown>) {
  client.send('user.get', 1).subscribe({ next: (user) => cache(user), error: () => undefined });
  client.send('user.get', 2).pipe(catchError(() => EMPTY)).subscribe((user) => cache(user));
  client.send('user.get', 3).subscribe(observer);
}
class Socket { send(data: string) { return { subscribe: (next: (value: string) => void) => next(data) }; } }
export function lookalike(socket: Socket) {
  socket.send('x').subscribe(() => undefined);
}
`,
    },
    {
      name: 'returned from a handler: Nest subscribes',
      code: `
import { Controller, Get, Inject } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
@Controller('orders')
export class OrdersController {
  constructor(@Inject('MATH') private readonly client: ClientProxy) {}
  @Get('sum')
  sum() {
    return this.client.send<number>({ cmd: 'sum' }, [1, 2, 3]);
  }
  total = () => this.client.send<number>({ cmd: 'sum' }, [1]);
}
`,
    },
    {
      name: 'stored and subscribed later (send is cold, timing does not matter)',
      code: `
${WITH_RXJS}
export async function price(client: ClientProxy, warmUp: () => Promise<void>) {
  const request = client.send<number>('price', 'sku-1');
  await warmUp();
  return lastValueFrom(request);
}
`,
    },
    {
      name: 'passed on to forkJoin or a helper',
      code: `
${HEAD}
import { forkJoin, Observable } from 'rxjs';
declare function withRetry<T>(request: Observable<T>): Observable<T>;
export function prices(client: ClientProxy) {
  return forkJoin([client.send('price', 'a'), withRetry(client.send('price', 'b'))]);
}
`,
    },
    {
      name: 'lookalike send methods and any receivers',
      code: `
class WebSocketLike { send(data: string): void { void data; } }
export function notify(socket: WebSocketLike, anything: any) {
  socket.send('hello');
  anything.send('hello');
}
`,
    },
    {
      name: 'a send to a pattern only @EventPattern handlers handle, never subscribed: prefer-emit-for-events reports it (use emit)',
      code: `
${HEAD}
import { OrderEvents } from '../shared/patterns';
export async function publish(client: ClientProxy) {
  client.send(OrderEvents.Created, {});
  void client.send('order.shipped', {});
  await client.send(7, {});
  const stored$ = client.send('shipping.dispatched', {});
}
`,
    },
    {
      name: 'emit is not this rule’s business',
      code: `
${HEAD}
export function publish(client: ClientProxy) {
  client.emit('order.created', {});
}
`,
    },
  ],
  invalid: [
    {
      name: 'try/catch: a send subscribed without an error handler inside a try with a catch',
      code: `
${HEAD}
export function load(client: ClientProxy, cache: (user: unknown) => void) {
  try {
    client.send('user.get', 1).subscribe((user) => cache(user));
  } catch (error) {
    console.error(error);
  }
}
`,
      errors: [{ messageId: 'subscribedInTry', line: 5, data: { call: "send('user.get')", line: 6 } }],
    },
    {
      name: 'a send wrapper dropped (never sent) or subscribed without an error handler, reported at the caller; no rename to emit',
      code: wrapperCaller(`    this.events.request('user.get', id);
    this.events.request('user.watch', id).subscribe((user) => console.log(user));`),
      errors: [
        {
          messageId: 'neverSubscribed',
          line: 6,
          data: { call: "request('user.get')`, a wrapper of `send(pattern)" },
          suggestions: [{ messageId: 'suggestAwait', output: wrapperCaller(`    await lastValueFrom(this.events.request('user.get', id));
    this.events.request('user.watch', id).subscribe((user) => console.log(user));`) }],
        },
        { messageId: 'subscribedWithoutErrorHandler', line: 7, data: { call: "request('user.watch')`, a wrapper of `send(pattern)" } },
      ],
    },
    {
      name: 'a pattern with a @MessagePattern handler besides an @EventPattern one, and a wrapper whose call is to an event-only pattern: still this rule\'s',
      code: EVENT_ONLY_ELSEWHERE,
      errors: [
        {
          messageId: 'neverSubscribed',
          line: 7,
          data: { call: "request('order.created')`, a wrapper of `send(pattern)" },
          suggestions: [{ messageId: 'suggestAwait', output: EVENT_ONLY_ELSEWHERE.replace("    this.events.request('order.created', id);", "    await lastValueFrom(this.events.request('order.created', id));") }],
        },
        {
          messageId: 'neverSubscribed',
          line: 8,
          data: { call: "send('audit.record')" },
          suggestions: [
            { messageId: 'suggestAwait', output: EVENT_ONLY_ELSEWHERE.replace("    this.client.send('audit.record', id);", "    await lastValueFrom(this.client.send('audit.record', id));") },
            { messageId: 'suggestEmit', output: EVENT_ONLY_ELSEWHERE.replace("this.client.send('audit.record'", "this.client.emit('audit.record'") },
          ],
        },
      ],
    },
    {
      name: 'subscribed without an error handler: the request is sent, and its failure crashes the process',
      code: `
${HEAD}
export function load(client: ClientProxy, cache: (user: unknown) => void) {
  client.send('user.get', 1).subscribe((user) => cache(user));
  client.send('user.get', 2).subscribe();
  client.send('user.get', 3).subscribe({ next: (user) => cache(user) });
}
`,
      errors: [
        { messageId: 'subscribedWithoutErrorHandler', line: 4, data: { call: "send('user.get')" } },
        { messageId: 'subscribedWithoutErrorHandler', line: 5 },
        { messageId: 'subscribedWithoutErrorHandler', line: 6 },
      ],
    },
    ...everyClientType,
    {
      name: 'a send returned to forEach or setTimeout is never subscribed',
      code: `
${HEAD}
export function releaseAll(client: ClientProxy, ids: string[]) {
  ids.forEach((id) => client.send('inventory.release', id));
  setTimeout(() => {
    return client.send('inventory.audit', ids);
  }, 100);
}
`,
      errors: [
        { messageId: 'neverSubscribed', line: 4, data: { call: "send('inventory.release')" }, suggestions: [{ messageId: 'suggestEmit', output: `
${HEAD}
export function releaseAll(client: ClientProxy, ids: string[]) {
  ids.forEach((id) => client.emit('inventory.release', id));
  setTimeout(() => {
    return client.send('inventory.audit', ids);
  }, 100);
}
` }] },
        { messageId: 'neverSubscribed', line: 6, suggestions: [{ messageId: 'suggestEmit', output: `
${HEAD}
export function releaseAll(client: ClientProxy, ids: string[]) {
  ids.forEach((id) => client.send('inventory.release', id));
  setTimeout(() => {
    return client.emit('inventory.audit', ids);
  }, 100);
}
` }] },
      ],
    },
    {
      name: 'Promise.all never subscribes',
      code: `
${HEAD}
export async function prices(client: ClientProxy, skus: string[]) {
  return Promise.all(skus.map((sku) => client.send<number>('price', sku)));
}
`,
      errors: [
        {
          messageId: 'promiseCombinator',
          data: { call: "send('price')", combinator: 'Promise.all()' },
          suggestions: [
            {
              messageId: 'suggestConvert',
              output: `
${WITH_RXJS}
export async function prices(client: ClientProxy, skus: string[]) {
  return Promise.all(skus.map((sku) => lastValueFrom(client.send<number>('price', sku))));
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'await on a send Observable sends nothing; the reply is discarded, so emit is suggested too',
      code: `
${HEAD}
export async function reserve(client: ClientProxy) {
  await client.send('inventory.reserve', { sku: 'a' });
}
`,
      errors: [
        {
          messageId: 'awaitedObservable',
          data: { call: "send('inventory.reserve')" },
          line: 4,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `
${WITH_RXJS}
export async function reserve(client: ClientProxy) {
  await lastValueFrom(client.send('inventory.reserve', { sku: 'a' }));
}
`,
            },
            {
              messageId: 'suggestEmit',
              output: `
${WITH_RXJS}
export async function reserve(client: ClientProxy) {
  await lastValueFrom(client.emit('inventory.reserve', { sku: 'a' }));
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'await on a send whose reply is used: no emit suggestion',
      code: `
${WITH_RXJS}
export async function price(client: ClientProxy) {
  const reply = await client.send<number>('price', 'sku');
  return reply;
}
`,
      errors: [
        {
          messageId: 'awaitedObservable',
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `
${WITH_RXJS}
export async function price(client: ClientProxy) {
  const reply = await lastValueFrom(client.send<number>('price', 'sku'));
  return reply;
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'void does not send',
      code: `
${HEAD}
export function audit(client: ClientProxy) {
  void client.send('audit', {});
}
`,
      errors: [
        {
          messageId: 'voided',
          data: { call: "send('audit')" },
          suggestions: [
            {
              messageId: 'suggestEmit',
              output: `
${HEAD}
export function audit(client: ClientProxy) {
  void client.emit('audit', {});
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a non-async function gets only the emit suggestion; a computed member is renamed too',
      code: `
${HEAD}
export function audit(client: ClientProxy) {
  client['send']('audit', {});
}
`,
      errors: [
        {
          messageId: 'neverSubscribed',
          suggestions: [
            {
              messageId: 'suggestEmit',
              output: `
${HEAD}
export function audit(client: ClientProxy) {
  client['emit']('audit', {});
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a stored request that nobody subscribes, and a dropped pipe',
      code: `
${HEAD}
import { map } from 'rxjs';
export async function price(client: ClientProxy) {
  const request = client.send('price', 'a');
  client.send('price', 'b').pipe(map((reply) => reply));
}
`,
      errors: [
        { messageId: 'unusedVariable', line: 5, data: { call: "send('price')", name: 'request' } },
        {
          messageId: 'neverSubscribed',
          line: 6,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `
${HEAD}
import { map, lastValueFrom } from 'rxjs';
export async function price(client: ClientProxy) {
  const request = client.send('price', 'a');
  await lastValueFrom(client.send('price', 'b').pipe(map((reply) => reply)));
}
`,
            },
            {
              messageId: 'suggestEmit',
              output: `
${HEAD}
import { map } from 'rxjs';
export async function price(client: ClientProxy) {
  const request = client.send('price', 'a');
  client.emit('price', 'b').pipe(map((reply) => reply));
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'an optional client that may be missing: no await suggestion (it would not type-check)',
      code: `
${HEAD}
export class S {
  constructor(private readonly client?: ClientProxy) {}
  async audit() {
    this.client?.send('audit', {});
  }
}
`,
      errors: [
        {
          messageId: 'neverSubscribed',
          suggestions: [
            {
              messageId: 'suggestEmit',
              output: `
${HEAD}
export class S {
  constructor(private readonly client?: ClientProxy) {}
  async audit() {
    this.client?.emit('audit', {});
  }
}
`,
            },
          ],
        },
      ],
    },
  ],
});
