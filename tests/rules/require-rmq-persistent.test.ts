import rule from '../../src/rules/require-rmq-persistent';
import { runOnEveryNestVersion } from '../rule-tester';

// Options set in another file come from tests/fixtures/shared/transport-options.ts.
const HEAD = `import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client, ClientProxy, ClientProxyFactory, ClientsModule, Transport } from '@nestjs/microservices';
import { PERSISTENT_OPTIONS, PLAIN_RMQ_OPTIONS, RMQ_TRANSPORT, RMQ_URLS } from '../shared/transport-options';
declare const config: { get<T>(key: string): T };
declare const extra: { urls: string[] };
`;

const LITERALS = `${HEAD}
export const m = ClientsModule.register([
  {
    name: 'A',
    transport: Transport.RMQ,
    options: {
      urls: RMQ_URLS,
      queue: 'orders_queue',
    },
  },
  { name: 'B', transport: RMQ_TRANSPORT, options: { urls: RMQ_URLS } },
  { name: 'C', transport: Transport.RMQ, options: {} },
]);
export class S {
  @Client({ transport: Transport.RMQ, options: { urls: RMQ_URLS, queue: 'q', } })
  client!: ClientProxy;
}`;

const ELSEWHERE = `${HEAD}
const CONFIG = { name: 'D', transport: Transport.RMQ, options: { urls: RMQ_URLS } } as const;
export const m = ClientsModule.register([
  { name: 'A', transport: Transport.RMQ },
  { name: 'B', transport: Transport.RMQ, options: PLAIN_RMQ_OPTIONS },
  CONFIG,
]);
export const n = ClientsModule.registerAsync([
  { name: 'E', useFactory: () => ({ transport: Transport.RMQ, options: { urls: [config.get<string>('URL')] } }) },
]);`;

runOnEveryNestVersion('require-rmq-persistent', rule, {
  valid: [
    {
      name: 'persistent set (literal, imported as const object, spread), or given any value, or unknown options; servers and other transports',
      code: `${HEAD}
export const m = ClientsModule.register([
  { name: 'A', transport: Transport.RMQ, options: { urls: RMQ_URLS, persistent: true } },
  { name: 'B', transport: Transport.RMQ, options: PERSISTENT_OPTIONS },
  { name: 'C', transport: Transport.RMQ, options: { ...PERSISTENT_OPTIONS, queue: 'q' } },
  { name: 'D', transport: Transport.RMQ, options: { urls: RMQ_URLS, persistent: config.get<boolean>('PERSISTENT') } },
  { name: 'E', transport: Transport.RMQ, options: { urls: RMQ_URLS, persistent: false } },
  { name: 'F', transport: Transport.RMQ, options: config.get<{ urls: string[] }>('RMQ') },
  { name: 'G', transport: Transport.RMQ, options: { ...extra, queue: 'q' } },
  { name: 'H', transport: Transport.NATS, options: { servers: ['nats://localhost:4222'] } },
  { name: 'I', transport: Transport.RMQ, options: { urls: RMQ_URLS, queue: 'auth', queueOptions: { durable: false } } },
]);
export const n = ClientsModule.registerAsync([{ name: 'I', useFactory: () => config.get<{ transport: Transport.RMQ }>('RMQ') }]);
export async function main() {
  await NestFactory.createMicroservice(Module, { transport: Transport.RMQ, options: { urls: RMQ_URLS } });
  return ClientProxyFactory.create({ transport: config.get<Transport.RMQ>('T'), options: { urls: RMQ_URLS } });
}`,
    },
  ],
  invalid: [
    {
      name: 'options literals without persistent: fixed in place (multi-line, one line, empty, trailing comma)',
      code: LITERALS,
      output: LITERALS.replace("      queue: 'orders_queue',\n", "      queue: 'orders_queue',\n      persistent: true,\n")
        .replace('options: { urls: RMQ_URLS } }', 'options: { urls: RMQ_URLS, persistent: true } }')
        .replace('options: {} }', 'options: { persistent: true } }')
        .replace("options: { urls: RMQ_URLS, queue: 'q', } }", "options: { urls: RMQ_URLS, queue: 'q', persistent: true, } }"),
      errors: [
        { messageId: 'notPersistent', data: { where: '' }, line: 12, column: 14, endLine: 15, endColumn: 6 },
        { messageId: 'notPersistent', line: 17, column: 51 },
        { messageId: 'notPersistent', line: 18, column: 51 },
        { messageId: 'notPersistent', line: 21, column: 48 },
      ],
    },
    {
      name: 'no options at all, options from another file, an as const configuration, a registerAsync factory',
      code: ELSEWHERE,
      output: ELSEWHERE.replace("options: { urls: [config.get<string>('URL')] } }", "options: { urls: [config.get<string>('URL')], persistent: true } }"),
      errors: [
        { messageId: 'notPersistent', data: { where: '' }, line: 10, column: 3, endColumn: 42 },
        { messageId: 'notPersistent', data: { where: ' (options in transport-options.ts:10)' }, line: 11, column: 42, endColumn: 68 },
        { messageId: 'notPersistent', data: { where: ' (options in file.ts:8)' }, line: 12, column: 3, endColumn: 9 },
        { messageId: 'notPersistent', data: { where: '' }, line: 15, column: 72 },
      ],
    },
  ],
});
