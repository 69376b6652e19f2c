import 'reflect-metadata';

import { NestFactory } from '@nestjs/core';
import { type MicroserviceOptions, Transport } from '@nestjs/microservices';

import { KAFKA_BROKERS, OrdersModule, RMQ_URLS } from './orders.module';

/** A hybrid app: HTTP API plus Kafka and RabbitMQ consumers for the `@MessagePattern`/`@EventPattern` handlers. */
async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(OrdersModule);
  app.connectMicroservice<MicroserviceOptions>({
    transport: Transport.KAFKA,
    options: {
      client: { clientId: 'orders', brokers: KAFKA_BROKERS },
      consumer: { groupId: 'orders-consumer' },
    },
  });
  // Billing events arrive over RabbitMQ; each handler acknowledges its message itself (`noAck: false`).
  app.connectMicroservice<MicroserviceOptions>({
    transport: Transport.RMQ,
    options: { urls: RMQ_URLS, queue: 'orders_billing_events', noAck: false },
  });
  await app.startAllMicroservices();
  await app.listen(Number(process.env.PORT ?? 3000));
}

void bootstrap();
