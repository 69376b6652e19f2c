import { Module } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';

import { OrdersController } from './orders.controller';
import { OrdersRepository } from './orders.repository';
import { OrdersService } from './orders.service';
import { ShippingService } from './shipping.service';
import { ORDERS_SERVICE } from './topics';

export const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',');

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
  controllers: [OrdersController],
  providers: [OrdersService, OrdersRepository, ShippingService],
})
export class OrdersModule {}
