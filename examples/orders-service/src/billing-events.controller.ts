import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload, RmqContext, Transport } from '@nestjs/microservices';

import { OrdersService } from './orders.service';

/** Events of the billing service, consumed from RabbitMQ (the `noAck: false` server in main.ts). */
@Controller()
export class BillingEventsController {
  constructor(private readonly orders: OrdersService) {}

  // (`<string>`: NestJS 12's typed overload of `@EventPattern` would reject a second, `RmqContext` parameter.)
  @EventPattern<string>('billing.invoice-paid', Transport.RMQ)
  // ✅ acknowledged once handled, rejected (not requeued) when it fails
  async onInvoicePaid(@Payload() event: { orderId: string }, @Ctx() context: RmqContext): Promise<void> {
    const channel = context.getChannelRef();
    try {
      await this.orders.confirmOrder(event.orderId);
      channel.ack(context.getMessage());
    } catch {
      channel.nack(context.getMessage(), false, false);
    }
  }

  @EventPattern<string>('billing.invoice-voided', Transport.RMQ)
  // ❌ require-rmq-ack: never acknowledged: with no `prefetchCount` (0: no limit) every such event stays unacked, and is redelivered on each reconnect
  async onInvoiceVoided(@Payload() event: { orderId: string }): Promise<void> {
    await this.orders.getOrder(event.orderId);
  }
}
