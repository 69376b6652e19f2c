import { Module } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';

import { BillingEventsController } from './billing-events.controller';
import { KAFKA_BROKERS } from './brokers';
import { OrdersController } from './orders.controller';
import { OrdersRepository } from './orders.repository';
import { OrdersService } from './orders.service';
import { RefundsAudit, RefundsController, RefundsService } from './refunds';
import { ShippingService } from './shipping.service';
import { AUDIT_SERVICE, BILLING_SERVICE, NOTIFICATIONS_SERVICE, ORDERS_SERVICE } from './topics';

export { KAFKA_BROKERS };
export const RMQ_URLS = [process.env.RMQ_URL ?? 'amqp://localhost:5672'];
export const NATS_SERVERS = [process.env.NATS_URL ?? 'nats://localhost:4222'];

@Module({
  imports: [
    ClientsModule.register([
      {
        name: ORDERS_SERVICE,
        transport: Transport.KAFKA,
        options: {
          client: { clientId: 'orders', brokers: KAFKA_BROKERS },
          consumer: { groupId: 'orders-client' },
        },
      },
      {
        name: AUDIT_SERVICE,
        transport: Transport.RMQ,
        options: {
          urls: RMQ_URLS,
          queue: 'audit_queue',
          // ✅ persistent messages survive a broker restart
          persistent: true,
          // ✅ no `noAck` on a client: it acknowledges its replies automatically (the default)
        },
      },
      {
        name: NOTIFICATIONS_SERVICE,
        transport: Transport.RMQ,
        // ❌ require-rmq-persistent: without `persistent: true` its messages are non-persistent: a broker restart loses those still queued
        options: { urls: RMQ_URLS, queue: 'notifications_queue' },
      },
      {
        name: BILLING_SERVICE,
        transport: Transport.RMQ,
        options: {
          urls: RMQ_URLS,
          queue: 'billing_queue',
          persistent: true,
          // ❌ no-rmq-client-manual-ack: copied from the billing server's options, it makes this client consume its reply queue in manual-ack mode, which RabbitMQ refuses on the default reply queue
          noAck: false,
        },
      },
    ]),
  ],
  controllers: [OrdersController, BillingEventsController, RefundsController],
  providers: [OrdersService, OrdersRepository, ShippingService, RefundsService, RefundsAudit],
})
export class OrdersModule {}
