import * as path from 'node:path';

import { RuleTester } from '@typescript-eslint/rule-tester';

import rule from '../../src/rules/no-nullish-payload';
import { fixturesDir, runOnEveryNestVersion } from '../rule-tester';

const HEAD = `import { ClientKafka, ClientProxy, ClientRMQ } from '@nestjs/microservices';
import { EventEmitter } from 'node:events';
import { lastValueFrom } from 'rxjs';

interface Order {
  id: string;
}
class Outbox extends ClientRMQ {
  override emit<TResult = unknown, TInput = unknown>(pattern: unknown, data: TInput) {
    return super.emit<TResult, TInput>(pattern, data);
  }
}`;

function service(body: string, params = 'order: Order'): string {
  return `${HEAD}
export class S {
  constructor(
    private readonly client: ClientProxy,
    private readonly kafka: ClientKafka,
    private readonly outbox: Outbox,
  ) {}
  async run(${params}) {
${body}
  }
}
`;
}

runOnEveryNestVersion('no-nullish-payload', rule, {
  valid: [
    {
      name: 'payloads that cannot be nil, any-typed data, and 0 or empty strings (NestJS sends them)',
      code: service(
        `    this.client.emit('order.created', order);
    await lastValueFrom(this.client.send('order.count', 0));
    this.client.emit('order.note', '');
    this.client.emit('order.any', anything);
    this.client.emit('order.unknown', opaque);
    this.kafka.emitBatch('order.batch', { messages: [order] });
    this.outbox.emit('order.created', order ?? {});
    return [EventEmitter];`,
        'order: Order, anything: any, opaque: unknown',
      ),
    },
    {
      name: 'lookalikes: EventEmitter.emit, a local class with send, any receivers',
      code: service(
        `    new EventEmitter().emit('order.created', undefined);
    new EventEmitter().emit('order.created');
    const bus = { send: (pattern: string, data?: Order) => [pattern, data] };
    bus.send('order.created', undefined);
    bus.send('order.created', maybe);
    anything.emit('order.created', null);
    anything.send('order.created');
    return [order, lastValueFrom];`,
        'order: Order, maybe: Order | undefined, anything: any',
      ),
    },
  ],
  invalid: [
    {
      name: 'missing, null, undefined and void 0 data, on emit, send, emitBatch and an override',
      code: service(`    // @ts-expect-error: NestJS's types require data
    this.client.emit('order.created');
    await lastValueFrom(this.client.send('order.count', null));
    this.outbox.emit('order.created', undefined);
    this.client.emit<unknown, Order | undefined>('order.created', void 0);
    // @ts-expect-error: the batch must be an object
    this.kafka.emitBatch('order.batch', null);
    return order;`),
      errors: [
        {
          messageId: 'missingPayload',
          line: 21,
          data: { call: "emit('order.created')" },
          suggestions: [
            {
              messageId: 'suggestEmptyObject',
              output: service(`    // @ts-expect-error: NestJS's types require data
    this.client.emit('order.created', {});
    await lastValueFrom(this.client.send('order.count', null));
    this.outbox.emit('order.created', undefined);
    this.client.emit<unknown, Order | undefined>('order.created', void 0);
    // @ts-expect-error: the batch must be an object
    this.kafka.emitBatch('order.batch', null);
    return order;`),
            },
          ],
        },
        {
          messageId: 'nullishPayload',
          line: 22,
          data: { call: "send('order.count')", data: 'null' },
          suggestions: [
            {
              messageId: 'suggestEmptyObject',
              output: service(`    // @ts-expect-error: NestJS's types require data
    this.client.emit('order.created');
    await lastValueFrom(this.client.send('order.count', {}));
    this.outbox.emit('order.created', undefined);
    this.client.emit<unknown, Order | undefined>('order.created', void 0);
    // @ts-expect-error: the batch must be an object
    this.kafka.emitBatch('order.batch', null);
    return order;`),
            },
          ],
        },
        {
          messageId: 'nullishPayload',
          line: 23,
          data: { call: "emit('order.created')", data: 'undefined' },
          suggestions: [
            {
              messageId: 'suggestEmptyObject',
              output: service(`    // @ts-expect-error: NestJS's types require data
    this.client.emit('order.created');
    await lastValueFrom(this.client.send('order.count', null));
    this.outbox.emit('order.created', {});
    this.client.emit<unknown, Order | undefined>('order.created', void 0);
    // @ts-expect-error: the batch must be an object
    this.kafka.emitBatch('order.batch', null);
    return order;`),
            },
          ],
        },
        // Explicit type arguments and emitBatch: `{}` would not type-check, so no suggestion.
        { messageId: 'nullishPayload', line: 24, data: { call: "emit('order.created')", data: 'void 0' }, suggestions: [] },
        { messageId: 'nullishPayload', line: 26, data: { call: "emitBatch('order.batch')", data: 'null' }, suggestions: [] },
      ],
    },
    {
      name: 'data whose type admits null, undefined or void; the guard only where a statement can take it',
      code: service(
        `    this.client.emit('order.created', maybe);
    this.kafka.emitBatch('order.batch', batch);
    if (order.id) this.client.emit('order.created', maybe);
    else this.client.emit('order.other', order);
    await lastValueFrom(this.client.send('order.count', this.last));
    this.client.emit('order.saved', save());`,
        'order: Order, maybe: Order | null, batch?: { messages: Order[] }, save = (): void => undefined',
      ).replace('  async run(', '  last: Order | undefined;\n  async run('),
      errors: [
        {
          messageId: 'possiblyNullishPayload',
          line: 21,
          data: { call: "emit('order.created')", data: 'maybe' },
          suggestions: [
            {
              messageId: 'suggestGuard',
              output: service(
                `    if (maybe != null) this.client.emit('order.created', maybe);
    this.kafka.emitBatch('order.batch', batch);
    if (order.id) this.client.emit('order.created', maybe);
    else this.client.emit('order.other', order);
    await lastValueFrom(this.client.send('order.count', this.last));
    this.client.emit('order.saved', save());`,
                'order: Order, maybe: Order | null, batch?: { messages: Order[] }, save = (): void => undefined',
              ).replace('  async run(', '  last: Order | undefined;\n  async run('),
            },
          ],
        },
        {
          messageId: 'possiblyNullishPayload',
          line: 22,
          data: { call: "emitBatch('order.batch')", data: 'batch' },
          suggestions: [
            {
              messageId: 'suggestGuard',
              output: service(
                `    this.client.emit('order.created', maybe);
    if (batch != null) this.kafka.emitBatch('order.batch', batch);
    if (order.id) this.client.emit('order.created', maybe);
    else this.client.emit('order.other', order);
    await lastValueFrom(this.client.send('order.count', this.last));
    this.client.emit('order.saved', save());`,
                'order: Order, maybe: Order | null, batch?: { messages: Order[] }, save = (): void => undefined',
              ).replace('  async run(', '  last: Order | undefined;\n  async run('),
            },
          ],
        },
        // An `if` in front of an `if`'s branch would take its `else`; an awaited call and a call result: no guard.
        { messageId: 'possiblyNullishPayload', line: 23, suggestions: [] },
        { messageId: 'possiblyNullishPayload', line: 25, data: { call: "send('order.count')", data: 'this.last' }, suggestions: [] },
        { messageId: 'possiblyNullishPayload', line: 26, data: { call: "emit('order.saved')", data: 'save()' }, suggestions: [] },
      ],
    },
    {
      name: 'long code is shortened in the message',
      code: service(
        `    this.client.emit({ cmd: 'order.created', version: 2, source: 'checkout' }, lookups.find((entry) => entry.id === order.id));`,
        'order: Order, lookups: Order[]',
      ),
      errors: [{ messageId: 'possiblyNullishPayload', data: { call: 'emit(...)', data: 'lookups.find((entry) => ent...' }, suggestions: [] }],
    },
  ],
});

// Without strictNullChecks, types do not tell nullish values apart: only the literal cases are reported.
const looseTester = new RuleTester({
  languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: path.join(fixturesDir, 'v12-loose') } },
});
looseTester.run('no-nullish-payload (without strictNullChecks)', rule, {
  valid: [
    {
      name: 'an undefined-typed value and a void result are not judged',
      code: service(`    this.client.emit('order.created', nothing);
    this.client.emit('order.saved', save());
    this.client.emit('order.maybe', maybe);`, 'order: Order, nothing: undefined, maybe: Order | undefined, save = (): void => undefined'),
    },
  ],
  invalid: [
    {
      name: 'a literal undefined still is',
      code: service(`    this.client.emit('order.created', undefined);
    return order;`),
      errors: [
        {
          messageId: 'nullishPayload',
          line: 20,
          suggestions: [{ messageId: 'suggestEmptyObject', output: service(`    this.client.emit('order.created', {});
    return order;`) }],
        },
      ],
    },
  ],
});
