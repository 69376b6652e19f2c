import rule from '../../src/rules/prefer-emit-for-events';
import { runOnEveryNestVersion } from '../rule-tester';

// Handlers live in tests/fixtures/shared/handlers.ts, patterns in tests/fixtures/shared/patterns.ts.
const HEAD = `import { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { COMMANDS, OrderEvents } from '../shared/patterns';`;

function service(body: string): string {
  return `${HEAD}
export class S {
  constructor(private readonly client: ClientProxy) {}
  async run(data: object, dynamic: string) {
${body}
    return [data, dynamic, COMMANDS, OrderEvents];
  }
}
`;
}

/** Sends nobody subscribes, to patterns only `@EventPattern` handlers handle (tests/fixtures/shared/handlers.ts). */
const UNSENT = service(`    this.client.send(OrderEvents.Created, data);
    void this.client.send('order.shipped', data);
    await this.client.send(7, data);
    const reply = await this.client.send('order.shipped', data);
    await Promise.all([this.client.send('shipping.dispatched', data)]);
    const stored$ = this.client.send(OrderEvents.Created, data);
    this.client.send('order.delivered', data).pipe(map(() => true));
    void reply;`).replace("import { lastValueFrom } from 'rxjs';", "import { lastValueFrom, map } from 'rxjs';");

runOnEveryNestVersion('prefer-emit-for-events', rule, {
  valid: [
    {
      name: 'a reply waited for, read, or handed to an observer; an ignored reply to a pattern a @MessagePattern handler answers',
      code: `
import { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom, type Observer } from 'rxjs';
export async function run(client: ClientProxy, id: number, cache: (value: unknown) => void, observer: Observer<unknown>) {
  await lastValueFrom(client.send('user_delete', id));
  client.send('user_get', id).subscribe((user) => cache(user));
  client.send('user_get', id).subscribe(observer);
  client.send('audit.record', id).subscribe();
  const reply = lastValueFrom(client.send('user_get', id));
  return reply;
}
`,
    },
    {
      name: 'a @MessagePattern handler proves a request, whatever its name; a send nobody subscribes to a request or unknown pattern is no-unsubscribed-send’s',
      code: service(`    await lastValueFrom(this.client.send(COMMANDS.reserve, data));
    this.client.send(COMMANDS.reserve, data);
    this.client.send('audit.record', data);
    void this.client.send(dynamic, data);
    this.client.send('payment.refunded', data);
    await lastValueFrom(this.client.send('user.newsfeed', data));`),
    },
    {
      name: 'message handlers, including an object pattern with its keys in another order',
      code: service(`    await lastValueFrom(this.client.send(COMMANDS.reserve, data));
    const price = await lastValueFrom(this.client.send({ cmd: 'price', version: 1 }, data));
    void price;`),
    },
    {
      name: 'a pattern with both an event and a message handler',
      code: service(`    await lastValueFrom(this.client.send('audit.record', data));`),
    },
    {
      name: 'unknown patterns are never guessed about',
      code: service(`    await lastValueFrom(this.client.send(dynamic, data));
    await lastValueFrom(this.client.send(\`order.\${dynamic}\`, data));`),
    },
    {
      name: 'an event-like name whose reply is used, and names that are not past participles',
      code: service(`    const refund = await lastValueFrom(this.client.send('payment.refunded', data));
    await lastValueFrom(this.client.send('feature.seed', data));
    await lastValueFrom(this.client.send('inventory.reserve', data));
    void refund;`),
    },
    {
      name: 'commandPatterns exempt a name',
      code: service(`    await lastValueFrom(this.client.send('user.created', data));`),
      options: [{ commandPatterns: ['^user\\.'] }],
    },
    {
      name: 'emit is what events should use',
      code: service(`    await lastValueFrom(this.client.emit(OrderEvents.Created, data));`),
    },
    {
      name: 'send() of something that is not a NestJS client, on a route only an @EventPattern handles',
      code: `${HEAD}
import { of, type Observable } from 'rxjs';
class Bus {
  send(pattern: string, data: object): Observable<object> {
    return of({ pattern, data });
  }
}
export class S {
  constructor(private readonly bus: Bus) {}
  async run(data: object, anything: any) {
    await lastValueFrom(this.bus.send(OrderEvents.Created, data));
    this.bus.send('order.created', data).subscribe();
    await lastValueFrom(anything.send(OrderEvents.Created, data));
    return [COMMANDS, ClientProxy];
  }
}
`,
    },
  ],
  invalid: [
    {
      name: 'a reply nobody reads or waits for, whatever the pattern is called: a dropped Promise, no next, a no-op next',
      code: `
import { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom, noop } from 'rxjs';
export function run(mailer: ClientProxy, dto: object) {
  mailer.send('mail_send', dto).toPromise();
  void lastValueFrom(mailer.send('report_generate', dto));
  mailer.send('cache_warm', dto).subscribe();
  mailer.send('cache_warm', dto).subscribe(() => {});
  mailer.send('cache_warm', dto).subscribe({ next: noop, error: (error: unknown) => console.error(error) });
}
`,
      errors: [
        { messageId: 'replyIgnored', line: 5, data: { call: "send('mail_send')" }, suggestions: [{ messageId: 'suggestEmit', output: `
import { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom, noop } from 'rxjs';
export function run(mailer: ClientProxy, dto: object) {
  mailer.emit('mail_send', dto).toPromise();
  void lastValueFrom(mailer.send('report_generate', dto));
  mailer.send('cache_warm', dto).subscribe();
  mailer.send('cache_warm', dto).subscribe(() => {});
  mailer.send('cache_warm', dto).subscribe({ next: noop, error: (error: unknown) => console.error(error) });
}
` }] },
        { messageId: 'replyIgnored', line: 6, data: { call: "send('report_generate')" }, suggestions: [{ messageId: 'suggestEmit', output: `
import { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom, noop } from 'rxjs';
export function run(mailer: ClientProxy, dto: object) {
  mailer.send('mail_send', dto).toPromise();
  void lastValueFrom(mailer.emit('report_generate', dto));
  mailer.send('cache_warm', dto).subscribe();
  mailer.send('cache_warm', dto).subscribe(() => {});
  mailer.send('cache_warm', dto).subscribe({ next: noop, error: (error: unknown) => console.error(error) });
}
` }] },
        { messageId: 'replyIgnored', line: 7, data: { call: "send('cache_warm')" }, suggestions: [{ messageId: 'suggestEmit', output: `
import { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom, noop } from 'rxjs';
export function run(mailer: ClientProxy, dto: object) {
  mailer.send('mail_send', dto).toPromise();
  void lastValueFrom(mailer.send('report_generate', dto));
  mailer.emit('cache_warm', dto).subscribe();
  mailer.send('cache_warm', dto).subscribe(() => {});
  mailer.send('cache_warm', dto).subscribe({ next: noop, error: (error: unknown) => console.error(error) });
}
` }] },
        { messageId: 'replyIgnored', line: 8, data: { call: "send('cache_warm')" }, suggestions: [{ messageId: 'suggestEmit', output: `
import { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom, noop } from 'rxjs';
export function run(mailer: ClientProxy, dto: object) {
  mailer.send('mail_send', dto).toPromise();
  void lastValueFrom(mailer.send('report_generate', dto));
  mailer.send('cache_warm', dto).subscribe();
  mailer.emit('cache_warm', dto).subscribe(() => {});
  mailer.send('cache_warm', dto).subscribe({ next: noop, error: (error: unknown) => console.error(error) });
}
` }] },
        { messageId: 'replyIgnored', line: 9, data: { call: "send('cache_warm')" }, suggestions: [{ messageId: 'suggestEmit', output: `
import { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom, noop } from 'rxjs';
export function run(mailer: ClientProxy, dto: object) {
  mailer.send('mail_send', dto).toPromise();
  void lastValueFrom(mailer.send('report_generate', dto));
  mailer.send('cache_warm', dto).subscribe();
  mailer.send('cache_warm', dto).subscribe(() => {});
  mailer.emit('cache_warm', dto).subscribe({ next: noop, error: (error: unknown) => console.error(error) });
}
` }] },
      ],
    },
    {
      name: 'a pattern handled only by @EventPattern, reply discarded: fixed to emit',
      code: service(`    await lastValueFrom(this.client.send(OrderEvents.Created, data));`),
      output: service(`    await lastValueFrom(this.client.emit(OrderEvents.Created, data));`),
      errors: [
        {
          messageId: 'eventHandlerOnly',
          line: 7,
          column: 25,
          data: { call: "send('order.created')", route: "'order.created'", location: '../shared/handlers.ts:11' },
        },
      ],
    },
    {
      name: 'a pattern handled only by @EventPattern, reply used: a suggestion',
      code: service(`    const reply = await lastValueFrom(this.client.send('order.shipped', data));
    void reply;`),
      errors: [
        {
          messageId: 'eventHandlerOnly',
          data: { call: "send('order.shipped')", route: "'order.shipped'", location: '../shared/handlers.ts:16' },
          suggestions: [
            {
              messageId: 'suggestEmit',
              output: service(`    const reply = await lastValueFrom(this.client.emit('order.shipped', data));
    void reply;`),
            },
          ],
        },
      ],
    },
    {
      name: 'array, template and numeric handler patterns; subscribe() with no next handler',
      code: service(`    this.client.send(\`order.\${'delivered'}\`, data).subscribe({ error: () => undefined });
    await lastValueFrom(this.client.send(7, data));`),
      output: service(`    this.client.emit(\`order.\${'delivered'}\`, data).subscribe({ error: () => undefined });
    await lastValueFrom(this.client.emit(7, data));`),
      errors: [
        { messageId: 'eventHandlerOnly', line: 7, data: { call: "send('order.delivered')", route: "'order.delivered'", location: '../shared/handlers.ts:16' } },
        { messageId: 'eventHandlerOnly', line: 8, data: { call: 'send(7)', route: '7', location: '../shared/handlers.ts:49' } },
      ],
    },
    {
      name: 'names that read as events, reply discarded',
      code: service(`    await lastValueFrom(this.client.send('payment.refunded', data));
    await lastValueFrom(this.client.send('ORDER_CANCELLED', data));
    await this.client.send('invoicePaid', data).toPromise();
    await lastValueFrom(this.client.send('parcel/sent', data));`),
      output: service(`    await lastValueFrom(this.client.emit('payment.refunded', data));
    await lastValueFrom(this.client.emit('ORDER_CANCELLED', data));
    await this.client.emit('invoicePaid', data).toPromise();
    await lastValueFrom(this.client.emit('parcel/sent', data));`),
      errors: [
        { messageId: 'eventPattern', line: 7, data: { call: "send('payment.refunded')", route: "'payment.refunded'" } },
        { messageId: 'eventPattern', line: 8 },
        { messageId: 'eventPattern', line: 9 },
        { messageId: 'eventPattern', line: 10 },
      ],
    },
    {
      name: 'a handler pattern read through a constant of another file, whose name the handler file also declares',
      code: service(`    await lastValueFrom(this.client.send('shipping.dispatched', data));`),
      output: service(`    await lastValueFrom(this.client.emit('shipping.dispatched', data));`),
      errors: [{ messageId: 'eventHandlerOnly', data: { call: "send('shipping.dispatched')", route: "'shipping.dispatched'", location: '../shared/handlers.ts:60' } }],
    },
    {
      name: 'a local constant that shadows an imported one, and a local type named like an imported value',
      code: service(`    const COMMANDS = { reserve: 'order.refunded' } as const;
    type OrderEvents = { kind: 'local' };
    const local: OrderEvents = { kind: 'local' };
    void local;
    await lastValueFrom(this.client.send(COMMANDS.reserve, data));
    await lastValueFrom(this.client.send(OrderEvents.Paid, data));`),
      output: service(`    const COMMANDS = { reserve: 'order.refunded' } as const;
    type OrderEvents = { kind: 'local' };
    const local: OrderEvents = { kind: 'local' };
    void local;
    await lastValueFrom(this.client.emit(COMMANDS.reserve, data));
    await lastValueFrom(this.client.emit(OrderEvents.Paid, data));`),
      errors: [
        { messageId: 'eventPattern', line: 11, data: { call: "send('order.refunded')", route: "'order.refunded'" } },
        { messageId: 'eventPattern', line: 12, data: { call: "send('order.paid')", route: "'order.paid'" } },
      ],
    },
    {
      name: 'a handler declared through a renamed decorator import',
      code: service(`    await lastValueFrom(this.client.send('parcel.lost', data));`),
      output: service(`    await lastValueFrom(this.client.emit('parcel.lost', data));`),
      errors: [{ messageId: 'eventHandlerOnly', data: { call: "send('parcel.lost')", route: "'parcel.lost'", location: '../shared/renamed-decorators.ts:12' } }],
    },
    {
      name: 'a send nobody subscribes to a pattern only @EventPattern handles: reported here (use emit), with a suggestion per shape, never a fix',
      code: UNSENT,
      errors: [
        {
          messageId: 'eventHandlerOnlyUnsent',
          line: 7,
          data: { call: "send('order.created')", route: "'order.created'", location: '../shared/handlers.ts:11' },
          suggestions: [{ messageId: 'suggestEmitUnsent', output: UNSENT.replace('this.client.send(OrderEvents.Created, data);', 'this.client.emit(OrderEvents.Created, data);') }],
        },
        {
          messageId: 'eventHandlerOnlyUnsent',
          line: 8,
          suggestions: [{ messageId: 'suggestEmitUnsent', output: UNSENT.replace("void this.client.send('order.shipped', data);", "void this.client.emit('order.shipped', data);") }],
        },
        {
          messageId: 'eventHandlerOnlyUnsent',
          line: 9,
          data: { call: 'send(7)', route: '7', location: '../shared/handlers.ts:49' },
          suggestions: [{ messageId: 'suggestEmitUnsent', output: UNSENT.replace('    await this.client.send(7, data);', '    await lastValueFrom(this.client.emit(7, data));') }],
        },
        { messageId: 'eventHandlerOnlyUnsent', line: 10, suggestions: [] },
        {
          messageId: 'eventHandlerOnlyUnsent',
          line: 11,
          suggestions: [{ messageId: 'suggestEmitUnsent', output: UNSENT.replace("Promise.all([this.client.send('shipping.dispatched', data)])", "Promise.all([lastValueFrom(this.client.emit('shipping.dispatched', data))])") }],
        },
        {
          messageId: 'eventHandlerOnlyUnsent',
          line: 12,
          suggestions: [{ messageId: 'suggestEmitUnsent', output: UNSENT.replace("const stored$ = this.client.send(OrderEvents.Created, data);", "const stored$ = this.client.emit(OrderEvents.Created, data);") }],
        },
        {
          messageId: 'eventHandlerOnlyUnsent',
          line: 13,
          suggestions: [{ messageId: 'suggestEmitUnsent', output: UNSENT.replace("this.client.send('order.delivered', data).pipe(map(() => true));", "this.client.emit('order.delivered', data).pipe(map(() => true));") }],
        },
      ],
    },
    {
      name: 'eventPatterns adds names',
      code: service(`    await lastValueFrom(this.client.send('notification.push', data));`),
      options: [{ eventPatterns: ['^notification\\.'] }],
      output: service(`    await lastValueFrom(this.client.emit('notification.push', data));`),
      errors: [{ messageId: 'eventPattern' }],
    },
  ],
});
