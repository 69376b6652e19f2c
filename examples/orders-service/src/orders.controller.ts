import { Body, Controller, Get, Inject, Param, Post } from '@nestjs/common';
import { type ClientKafkaProxy, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import type { Observable } from 'rxjs';

import type { OrderEvent } from './order.entity';
import { OrdersService, type PlaceOrderDto } from './orders.service';
import { ORDERS_SERVICE, Topics } from './topics';

export interface Availability {
  readonly sku: string;
  readonly available: number;
}

@Controller('orders')
export class OrdersController {
  constructor(
    private readonly orders: OrdersService,
    @Inject(ORDERS_SERVICE) private readonly client: ClientKafkaProxy,
  ) {}

  @Post()
  async place(@Body() dto: PlaceOrderDto): Promise<OrderEvent> {
    const order = await this.orders.placeOrder(dto);
    return order.toEvent();
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<OrderEvent> {
    return (await this.orders.getOrder(id)).toEvent();
  }

  @Get('availability/:sku')
  availability(@Param('sku') sku: string): Observable<Availability> {
    // ✅ returned from an HTTP handler: Nest subscribes to the Observable and sends the reply as the response
    return this.client.send<Availability>(Topics.InventoryCheck, { sku });
  }

  @MessagePattern(Topics.OrderGet)
  async getForPeer(@Payload() request: { orderId: string }): Promise<OrderEvent> {
    return (await this.orders.getOrder(request.orderId)).toEvent();
  }

  @MessagePattern(Topics.OrderAvailability)
  proxyAvailability(@Payload() request: { sku: string }): Observable<Availability> {
    // ✅ returned from a @MessagePattern handler: Nest's server subscribes and forwards the reply to the caller
    return this.client.send<Availability>(Topics.InventoryCheck, request);
  }

  @EventPattern(Topics.PaymentSucceeded)
  async onPaymentSucceeded(@Payload() event: { orderId: string }): Promise<void> {
    await this.orders.confirmOrder(event.orderId);
  }
}
