import { Body, Controller, Get, Inject, NotFoundException, Param, Post } from '@nestjs/common';
import { type ClientKafkaProxy, EventPattern, MessagePattern, Payload, RpcException } from '@nestjs/microservices';
import { type Observable, timeout } from 'rxjs';

import type { OrderEvent } from './order.entity';
import { OrdersService, type PlaceOrderDto } from './orders.service';
import { type ShipmentEvent, ShippingService } from './shipping.service';
import { ORDERS_SERVICE, Topics } from './topics';

export interface Availability {
  readonly sku: string;
  readonly available: number;
}

@Controller('orders')
export class OrdersController {
  constructor(
    private readonly orders: OrdersService,
    private readonly shipping: ShippingService,
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
    // ✅ returned from an HTTP handler: Nest subscribes to the Observable and sends the reply as the response;
    // the timeout turns a silent inventory service into an error response instead of a hung request
    return this.client.send<Availability>(Topics.InventoryCheck, { sku }).pipe(timeout(5_000));
  }

  /** Carrier webhook. */
  @Post(':id/handover')
  async handover(@Param('id') orderId: string, @Body() body: { trackingNumber: string }): Promise<void> {
    await this.shipping.confirmHandover({ orderId, trackingNumber: body.trackingNumber });
  }

  @MessagePattern(Topics.OrderGet)
  async getForPeer(@Payload() request: { orderId: string }): Promise<OrderEvent> {
    return (await this.orders.getOrder(request.orderId)).toEvent();
  }

  @MessagePattern(Topics.OrderStatus)
  async statusForPeer(@Payload() request: { orderId: string }): Promise<string> {
    const order = await this.orders.findOrder(request.orderId);
    // ❌ no-http-exception-in-message-handler: the peer receives "Internal server error", without the 404 or the message
    if (!order) throw new NotFoundException(`order ${request.orderId} not found`);
    return order.status;
  }

  @MessagePattern(Topics.OrderTracking)
  async trackingForPeer(@Payload() request: { orderId: string }): Promise<string | null> {
    const order = await this.orders.findOrder(request.orderId);
    // ✅ an RpcException reaches the peer as `{ status: 'error', message: 'order … not found' }`
    if (!order) throw new RpcException(`order ${request.orderId} not found`);
    return order.trackingNumber;
  }

  @MessagePattern(Topics.OrderAvailability)
  proxyAvailability(@Payload() request: { sku: string }): Observable<Availability> {
    // ✅ returned from a @MessagePattern handler: Nest's server subscribes and forwards the reply to the caller
    // (or the TimeoutError, instead of keeping both requests open forever)
    return this.client.send<Availability>(Topics.InventoryCheck, request).pipe(timeout(5_000));
  }

  @EventPattern(Topics.PaymentSucceeded)
  async onPaymentSucceeded(@Payload() event: { orderId: string }): Promise<void> {
    await this.orders.confirmOrder(event.orderId);
  }

  /** The only handler of `orders.order-shipped` in this program: an event handler, so it never replies. */
  @EventPattern(Topics.OrderShipped)
  async onOrderShipped(@Payload() event: ShipmentEvent): Promise<void> {
    await this.orders.markShipped(event.orderId, event.trackingNumber);
  }
}
