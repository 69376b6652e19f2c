import rule from '../../src/rules/require-rmq-persistent';
import { runOnEveryNestVersion } from '../rule-tester';

// Options set in another file come from tests/fixtures/shared/transport-options.ts.
const HEAD = `import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client, ClientProxy, ClientProxyFactory, ClientsModule, Transport } from '@nestjs/microservices';
import { DURABLE_QUEUE, PERSISTENT_OPTIONS, PLAIN_RMQ_OPTIONS, QUORUM_QUEUE, RMQ_TRANSPORT, RMQ_URLS } from '../shared/transport-options';
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
    {
      name: 'queues that keep every message whatever its delivery mode (quorum, stream: literal, imported, as const), and queue options not known before run time',
      code: `${HEAD}
const STREAM = { arguments: { 'x-queue-type': 'stream' } } as const;
export const m = ClientsModule.register([
  { name: 'A', transport: Transport.RMQ, options: { urls: RMQ_URLS, queue: 'q', queueOptions: { durable: true, arguments: { 'x-queue-type': 'quorum' } } } },
  { name: 'B', transport: Transport.RMQ, options: { urls: RMQ_URLS, queue: 'q', queueOptions: { arguments: { 'x-queue-type': 'stream', 'x-max-age': '7D' } } } },
  { name: 'C', transport: Transport.RMQ, options: { urls: RMQ_URLS, queue: 'q', queueOptions: QUORUM_QUEUE } },
  { name: 'D', transport: Transport.RMQ, options: { urls: RMQ_URLS, queue: 'q', queueOptions: STREAM } },
  { name: 'E', transport: Transport.RMQ, options: { urls: RMQ_URLS, queue: 'q', queueOptions: { durable: config.get<boolean>('DURABLE') } } },
  { name: 'F', transport: Transport.RMQ, options: { urls: RMQ_URLS, queue: 'q', queueOptions: config.get<object>('QUEUE') } },
  { name: 'G', transport: Transport.RMQ, options: { urls: RMQ_URLS, queue: 'q', queueOptions: { ...extra, durable: true } } },
  { name: 'H', transport: Transport.RMQ, options: { urls: RMQ_URLS, queue: 'q', queueOptions: { arguments: config.get<object>('ARGS') } } },
  { name: 'I', transport: Transport.RMQ, options: { urls: RMQ_URLS, queue: 'q', queueOptions: { arguments: { 'x-queue-type': config.get<string>('TYPE') } } } },
]);`,
    },
  ],
  invalid: [
    {
      name: 'a durable queue (durable: true, or amqplib\'s default) of the classic type, without persistent: reported, fixed in place',
      code: `${HEAD}
export const m = ClientsModule.register([
  { name: 'A', transport: Transport.RMQ, options: { urls: RMQ_URLS, queue: 'events', queueOptions: { durable: true } } },
  { name: 'B', transport: Transport.RMQ, options: { urls: RMQ_URLS, queue: 'events', queueOptions: {} } },
  { name: 'C', transport: Transport.RMQ, options: { urls: RMQ_URLS, queue: 'q', queueOptions: { durable: true, arguments: { 'x-queue-type': 'classic', 'x-message-ttl': 60000 } } } },
  { name: 'D', transport: Transport.RMQ, options: { urls: RMQ_URLS, queue: 'q', queueOptions: DURABLE_QUEUE } },
  { name: 'E', transport: Transport.RMQ, options: { urls: RMQ_URLS, queue: 'q', queueOptions: { arguments: { 'x-max-length': 10 } } } },
]);`,
      output: `${HEAD}
export const m = ClientsModule.register([
  { name: 'A', transport: Transport.RMQ, options: { urls: RMQ_URLS, queue: 'events', queueOptions: { durable: true }, persistent: true } },
  { name: 'B', transport: Transport.RMQ, options: { urls: RMQ_URLS, queue: 'events', queueOptions: {}, persistent: true } },
  { name: 'C', transport: Transport.RMQ, options: { urls: RMQ_URLS, queue: 'q', queueOptions: { durable: true, arguments: { 'x-queue-type': 'classic', 'x-message-ttl': 60000 } }, persistent: true } },
  { name: 'D', transport: Transport.RMQ, options: { urls: RMQ_URLS, queue: 'q', queueOptions: DURABLE_QUEUE, persistent: true } },
  { name: 'E', transport: Transport.RMQ, options: { urls: RMQ_URLS, queue: 'q', queueOptions: { arguments: { 'x-max-length': 10 } }, persistent: true } },
]);`,
      errors: [
        { messageId: 'notPersistent', line: 9 },
        { messageId: 'notPersistent', line: 10 },
        { messageId: 'notPersistent', line: 11 },
        { messageId: 'notPersistent', line: 12 },
        { messageId: 'notPersistent', line: 13 },
      ],
    },
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
