import { Module } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';

import { KAFKA_BROKERS } from './brokers';
import { OrdersController } from './orders.controller';
import { OrdersRepository } from './orders.repository';
import { OrdersService } from './orders.service';
import { RefundsAudit, RefundsController, RefundsService } from './refunds';
import { ShippingService } from './shipping.service';
import { ORDERS_SERVICE } from './topics';

export { KAFKA_BROKERS };

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
    ]),
  ],
  controllers: [OrdersController, RefundsController],
  providers: [OrdersService, OrdersRepository, ShippingService, RefundsService, RefundsAudit],
})
export class OrdersModule {}
