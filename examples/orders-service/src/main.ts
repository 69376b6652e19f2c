import 'reflect-metadata';

import { NestFactory } from '@nestjs/core';
import { type MicroserviceOptions, Transport } from '@nestjs/microservices';

import { KAFKA_BROKERS, OrdersModule } from './orders.module';

/** A hybrid app: HTTP API plus a Kafka consumer for the `@MessagePattern`/`@EventPattern` handlers. */
async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(OrdersModule);
  app.connectMicroservice<MicroserviceOptions>({
    transport: Transport.KAFKA,
    options: {
      client: { clientId: 'orders', brokers: KAFKA_BROKERS },
      consumer: { groupId: 'orders-consumer' },
    },
  });
  await app.startAllMicroservices();
  await app.listen(Number(process.env.PORT ?? 3000));
}

void bootstrap();
