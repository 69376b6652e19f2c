import rule from '../../src/rules/no-rmq-client-manual-ack';
import { runOnEveryNestVersion } from '../rule-tester';

// Options set in another file come from tests/fixtures/shared/transport-options.ts.
const HEAD = `import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client, ClientProxy, ClientProxyFactory, ClientsModule, Transport } from '@nestjs/microservices';
import { MANUAL_ACK_OPTIONS, RMQ_CLIENT, RMQ_TRANSPORT, RMQ_URLS } from '../shared/transport-options';
declare const config: { get<T>(key: string): T };
declare const extra: Record<string, unknown>;
`;

const REGISTER = `${HEAD}
@Module({
  imports: [
    ClientsModule.register([
      {
        name: 'A',
        transport: Transport.RMQ,
        options: {
          urls: RMQ_URLS,
          noAck: false,
          queue: 'orders_replies',
        },
      },
    ]),
  ],
})
export class M {}`;

const SHAPES = `${HEAD}
const NO_ACK = false;
const DEFAULTS = { urls: RMQ_URLS, noAck: true } as const;
const MANUAL = { noAck: false } as const;
export const m = ClientsModule.register({ clients: [{ name: 'D', transport: Transport.RMQ, options: { ...extra, noAck: NO_ACK } }], isGlobal: true });
export class S {
  @Client({ transport: RMQ_TRANSPORT, options: { ...DEFAULTS, noAck: MANUAL.noAck } })
  client!: ClientProxy;
  other = ClientProxyFactory.create({ transport: Transport.RMQ, options: { noAck: false, urls: RMQ_URLS } });
}`;

const CONSTANTS = `${HEAD}
const SHARED = {
  urls: RMQ_URLS,
  noAck: false,
};
export const a = ClientProxyFactory.create({ transport: Transport.RMQ, options: SHARED });
export const b = ClientProxyFactory.create({ transport: Transport.RMQ, options: MANUAL_ACK_OPTIONS });
export const c = ClientsModule.register([RMQ_CLIENT]);`;

const FACTORIES = `${HEAD}
const CONFIG = { name: 'E', transport: Transport.RMQ, options: { urls: RMQ_URLS, noAck: false } } as const;
export const m = ClientsModule.registerAsync([
  { name: 'A', useFactory: () => ({ transport: Transport.RMQ, options: { urls: [config.get<string>('URL')], noAck: false } }) },
  {
    name: 'B',
    useFactory: async () => {
      const url = config.get<string>('URL');
      return { transport: Transport.RMQ, options: { urls: [url], noAck: false } };
    },
  },
  { name: 'C', useFactory() { return { transport: Transport.RMQ, options: { noAck: false } }; } },
  { name: 'E', useFactory: () => CONFIG },
]);`;

runOnEveryNestVersion('no-rmq-client-manual-ack', rule, {
  valid: [
    {
      name: 'servers with noAck: false, clients with noAck: true or unset, other transports',
      code: `${HEAD}
async function main() {
  await NestFactory.createMicroservice(Module, { transport: Transport.RMQ, options: { urls: RMQ_URLS, noAck: false } });
  const app = await NestFactory.create(Module);
  app.connectMicroservice({ transport: Transport.RMQ, options: MANUAL_ACK_OPTIONS });
}
@Module({
  imports: [
    ClientsModule.register([
      { name: 'A', transport: Transport.RMQ, options: { urls: RMQ_URLS, noAck: true } },
      { name: 'B', transport: Transport.RMQ, options: { urls: RMQ_URLS } },
      { name: 'C', transport: Transport.RMQ },
      { name: 'D', transport: Transport.NATS, options: { noAck: false } as Record<string, unknown> },
    ]),
  ],
})
export class M {}
void main;`,
    },
    {
      name: 'values known only at run time: ConfigService, process.env, a spread of an unknown object after noAck, an unknown transport',
      code: `${HEAD}
const noAck = config.get<boolean>('RMQ_NO_ACK');
export const clients = [
  ClientProxyFactory.create({ transport: Transport.RMQ, options: { urls: RMQ_URLS, noAck } }),
  ClientProxyFactory.create({ transport: Transport.RMQ, options: { urls: RMQ_URLS, noAck: process.env.NO_ACK === 'true' } }),
  ClientProxyFactory.create({ transport: Transport.RMQ, options: { urls: RMQ_URLS, noAck: false, ...extra } }),
  ClientProxyFactory.create({ transport: config.get<Transport.RMQ>('TRANSPORT'), options: { urls: RMQ_URLS, noAck: false } }),
];
export const later = ClientsModule.registerAsync([
  { name: 'E', useFactory: () => config.get<{ transport: Transport.RMQ; options: { noAck: false } }>('rmq') },
]);`,
    },
    {
      name: 'lookalikes: a local ClientsModule and a local Transport enum',
      code: `import { RMQ_URLS } from '../shared/transport-options';
enum Transport { RMQ = 5 }
class ClientsModule { static register(clients: object[]) { return clients; } }
export const m = ClientsModule.register([{ name: 'A', transport: 5, options: { urls: RMQ_URLS, noAck: false } }]);
export const n = [{ name: 'B', transport: Transport.RMQ, options: { noAck: false } }];`,
    },
  ],
  invalid: [
    {
      name: 'a literal in register(): the suggestion removes the line',
      code: REGISTER,
      errors: [
        {
          messageId: 'manualAck',
          data: { where: '' },
          line: 16,
          column: 11,
          endColumn: 23,
          suggestions: [{ messageId: 'removeNoAck', output: REGISTER.replace('          noAck: false,\n', '') }],
        },
      ],
    },
    {
      name: 'register({ clients }), @Client and ClientProxyFactory.create; constants, as const, and a property after a spread',
      code: SHAPES,
      errors: [
        { messageId: 'manualAck', line: 11, column: 113, suggestions: [{ messageId: 'removeNoAck', output: SHAPES.replace('{ ...extra, noAck: NO_ACK }', '{ ...extra }') }] },
        { messageId: 'manualAck', line: 13, column: 63, suggestions: [{ messageId: 'removeNoAck', output: SHAPES.replace('{ ...DEFAULTS, noAck: MANUAL.noAck }', '{ ...DEFAULTS }') }] },
        { messageId: 'manualAck', line: 15, column: 76, suggestions: [{ messageId: 'removeNoAck', output: SHAPES.replace('{ noAck: false, urls: RMQ_URLS }', '{ urls: RMQ_URLS }') }] },
      ],
    },
    {
      name: 'options from a constant, here or in another file: reported on the options property (or the configuration), naming where',
      code: CONSTANTS,
      errors: [
        { messageId: 'manualAck', data: { where: ' (set in file.ts:10)' }, line: 12, column: 72, endColumn: 87, suggestions: [] },
        { messageId: 'manualAck', data: { where: ' (set in transport-options.ts:6)' }, line: 13, column: 72, endColumn: 99, suggestions: [] },
        { messageId: 'manualAck', data: { where: ' (set in transport-options.ts:14)' }, line: 14, column: 42, endColumn: 52, suggestions: [] },
      ],
    },
    {
      name: 'registerAsync factories: an arrow returning a literal, a block body, a method, an as const configuration',
      code: FACTORIES,
      errors: [
        {
          messageId: 'manualAck',
          line: 10,
          column: 109,
          suggestions: [{ messageId: 'removeNoAck', output: FACTORIES.replace(", noAck: false } }) }", ' } }) }') }],
        },
        {
          messageId: 'manualAck',
          line: 15,
          column: 66,
          suggestions: [{ messageId: 'removeNoAck', output: FACTORIES.replace('{ urls: [url], noAck: false }', '{ urls: [url] }') }],
        },
        {
          messageId: 'manualAck',
          line: 18,
          column: 77,
          suggestions: [{ messageId: 'removeNoAck', output: FACTORIES.replace('options: { noAck: false } }; }', 'options: { } }; }') }],
        },
        { messageId: 'manualAck', data: { where: ' (set in file.ts:8)' }, line: 19, column: 16, suggestions: [] },
      ],
    },
  ],
});
