import { Inject, Injectable } from '@nestjs/common';
import type { ClientKafkaProxy } from '@nestjs/microservices';
import { lastValueFrom, timeout } from 'rxjs';

import { ORDERS_SERVICE, Topics } from './topics';

/** Payload of `orders.order-shipped`. */
export interface ShipmentEvent {
  readonly orderId: string;
  readonly trackingNumber: string;
}

/**
 * Warehouse and carrier integration: announces that an order left the building. `orders.order-shipped` is an
 * event: this service's own `OrdersController.onOrderShipped` (an `@EventPattern` handler) and the notifications
 * service consume it, and nobody answers it.
 */
@Injectable()
export class ShippingService {
  constructor(@Inject(ORDERS_SERVICE) private readonly client: ClientKafkaProxy) {}

  /** Carrier webhook: the parcel was handed over to the carrier. */
  async confirmHandover(shipment: ShipmentEvent): Promise<void> {
    // ❌ prefer-emit-for-events: its only handler is an @EventPattern, which never replies: the call can only fail (no reply topic) or time out
    // ❌ require-kafka-response-subscription: no reply topic is registered for it, so every call fails at once (and subscribing would not help: use emit)
    await lastValueFrom(this.client.send(Topics.OrderShipped, shipment).pipe(timeout(5_000)));
  }

  /** Warehouse scanner: the parcel was scanned at the loading dock. */
  async recordDockScan(shipment: ShipmentEvent): Promise<void> {
    // ✅ an event is emitted: no reply topic, no waiting for a consumer; `lastValueFrom` waits for Kafka's
    // acknowledgement, so a failed delivery rejects here
    await lastValueFrom(this.client.emit(Topics.OrderShipped, shipment));
  }
}
