import rule from '../../src/rules/require-nats-queue-group';
import { runOnEveryNestVersion } from '../rule-tester';

const HEAD = `import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Transport } from '@nestjs/microservices';
import { RMQ_URLS } from '../shared/transport-options';
declare const config: { get<T>(key: string): T };
declare const natsOptions: { servers: string[] };
@Module({})
class AppModule {}
`;

const SERVERS = `${HEAD}const NATS = { servers: ['nats://localhost:4222'] } as const;
export async function bootstrap() {
  await NestFactory.createMicroservice(AppModule, {
    transport: Transport.NATS,
    options: { servers: ['nats://localhost:4222'] },
  });
  const app = await NestFactory.create(AppModule);
  app.connectMicroservice({ transport: Transport.NATS });
  app.connectMicroservice({ transport: Transport.NATS, options: NATS });
}`;

runOnEveryNestVersion('require-nats-queue-group', rule, {
  valid: [
    {
      name: 'a queue (literal, constant, run-time value), unknown options, other transports and clients',
      code: `${HEAD}const QUEUE = 'orders';
export async function bootstrap() {
  await NestFactory.createMicroservice(AppModule, { transport: Transport.NATS, options: { servers: [], queue: 'orders' } });
  const app = await NestFactory.create(AppModule);
  app.connectMicroservice({ transport: Transport.NATS, options: { queue: QUEUE } });
  app.connectMicroservice({ transport: Transport.NATS, options: { queue: config.get<string>('QUEUE') } });
  app.connectMicroservice({ transport: Transport.NATS, options: natsOptions });
  app.connectMicroservice({ transport: Transport.NATS, options: { ...natsOptions } });
  app.connectMicroservice({ transport: config.get<Transport>('T'), options: {} });
  app.connectMicroservice({ transport: Transport.RMQ, options: { urls: RMQ_URLS } });
}`,
    },
    {
      name: 'a handler with a queue of its own (NestJS 11 and 12 use it): the server may have none',
      code: `${HEAD}export async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.connectMicroservice({ transport: Transport.NATS, options: { servers: [] } });
}
@Controller()
export class Workers {
  @EventPattern('job.created', { queue: 'workers' })
  onJob(data: unknown) { return data; }
}`,
    },
  ],
  invalid: [
    {
      name: 'NATS servers without queue: literal options, no options, an as const constant',
      code: SERVERS,
      errors: [
        { messageId: 'noQueue', data: { where: '' }, line: 13, column: 14, endColumn: 52 },
        { messageId: 'noQueue', data: { where: '' }, line: 16, column: 27, endColumn: 56 },
        { messageId: 'noQueue', data: { where: ' (options in file.ts:9)' }, line: 17, column: 56, endColumn: 69 },
      ],
    },
  ],
});
