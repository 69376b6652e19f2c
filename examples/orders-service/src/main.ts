import 'reflect-metadata';

import { NestFactory } from '@nestjs/core';
import { type MicroserviceOptions, Transport } from '@nestjs/microservices';

import { KAFKA_BROKERS, NATS_SERVERS, OrdersModule, RMQ_URLS } from './orders.module';

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
  // Stock updates over NATS: the instances of this service share them as one queue group.
  app.connectMicroservice<MicroserviceOptions>({
    transport: Transport.NATS,
    // ✅ one queue group: each message goes to one instance
    options: { servers: NATS_SERVERS, queue: 'orders-service' },
  });
  // Price updates over NATS, added later.
  app.connectMicroservice<MicroserviceOptions>({
    transport: Transport.NATS,
    // ❌ require-nats-queue-group: no `queue`: every instance of this service subscribes and handles every price update
    options: { servers: NATS_SERVERS },
  });
  await app.startAllMicroservices();
  await app.listen(Number(process.env.PORT ?? 3000));
}

void bootstrap();
