import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';

import { Inject, Injectable, Logger, NotFoundException, type OnModuleInit } from '@nestjs/common';
import type { ClientKafkaProxy } from '@nestjs/microservices';
import { firstValueFrom, lastValueFrom, timeout } from 'rxjs';

import { Order, type OrderLine } from './order.entity';
import { OrdersRepository } from './orders.repository';
import { ORDERS_SERVICE, REQUEST_TOPICS, Topics } from './topics';

export interface PlaceOrderDto {
  readonly customerId: string;
  readonly lines: readonly OrderLine[];
}

export interface Reservation {
  readonly reservationId: string;
  readonly reserved: boolean;
}

export interface CreditDecision {
  readonly approved: boolean;
  readonly limitCents: number;
}

export interface PaymentAuthorization {
  readonly authorizationId: string;
  readonly authorized: boolean;
}

@Injectable()
export class OrdersService implements OnModuleInit {
  private readonly logger = new Logger(OrdersService.name);
  /** In-process notifications (cache invalidation, websockets): Node's EventEmitter, not a Kafka client. */
  readonly localEvents = new EventEmitter();
  private lastTickAt: Date | null = null;

  constructor(
    @Inject(ORDERS_SERVICE) private readonly client: ClientKafkaProxy,
    private readonly repository: OrdersRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    // `send()` on Kafka needs the reply topics subscribed before the client connects.
    for (const topic of REQUEST_TOPICS) this.client.subscribeToResponseOf(topic);
    await this.client.connect();
  }

  async placeOrder(dto: PlaceOrderDto): Promise<Order> {
    const order = new Order(randomUUID(), dto.customerId, dto.lines);
    await this.repository.save(order);

    // ❌ no-unawaited-emit: if Kafka rejects the event, the error is dropped, yet the next line records it as published
    this.client.emit(Topics.OrderCreated, order.toEvent());
    order.setPublished();

    // ✅ Node's EventEmitter.emit is synchronous and returns a boolean: not a NestJS client call
    this.localEvents.emit('order.placed', order);
    await this.repository.save(order);
    return order;
  }

  async confirmOrder(orderId: string): Promise<Order> {
    const order = await this.requireOrder(orderId);
    order.status = 'confirmed';
    await this.repository.save(order);

    // ✅ waits for the broker's acknowledgement; a failed delivery rejects here, before the order is marked as published
    await lastValueFrom(this.client.emit(Topics.OrderConfirmed, order.toEvent()));
    await this.repository.markPublished(order.id);
    return order;
  }

  async cancelOrder(orderId: string): Promise<void> {
    const order = await this.requireOrder(orderId);

    // ❌ no-unawaited-emit: `await` on an Observable returns at once; the cancellation is saved even if the event is lost
    await this.client.emit(Topics.OrderCancelled, { orderId });
    order.status = 'cancelled';
    await this.repository.save(order);
  }

  async reserveStock(orderId: string): Promise<void> {
    const order = await this.requireOrder(orderId);

    // ❌ no-unsubscribed-send: send() is cold and nothing subscribes, so the inventory service never gets the request
    this.client.send<Reservation>(Topics.InventoryReserve, { orderId, lines: order.lines });
    order.status = 'reserved';
    await this.repository.save(order);
  }

  async reserveStockAndWait(orderId: string): Promise<Reservation> {
    const order = await this.requireOrder(orderId);

    // ✅ lastValueFrom subscribes (the request is sent) and waits for the reply, with a timeout against a silent consumer;
    // the reply can arrive because onModuleInit subscribed `inventory.reserve.reply` (REQUEST_TOPICS) before connecting
    const reservation = await lastValueFrom(
      this.client.send<Reservation>(Topics.InventoryReserve, { orderId, lines: order.lines }).pipe(timeout(5_000)),
    );
    if (reservation.reserved) {
      order.status = 'reserved';
      await this.repository.save(order);
    }
    return reservation;
  }

  async getOrder(orderId: string): Promise<Order> {
    const order = await this.requireOrder(orderId);

    // ✅ fire-and-forget telemetry, marked as deliberate with `void`: the strict config reports a bare unhandled
    // emit even when nothing after it depends on delivery
    void this.client.emit(Topics.OrderViewed, { orderId, at: Date.now() });
    this.logger.debug(`order ${orderId} viewed`);
    return order;
  }

  /** An order, or `undefined` when there is none. */
  async findOrder(orderId: string): Promise<Order | undefined> {
    return this.repository.findById(orderId);
  }

  /** Sends an order's current state again, for consumers that missed it. */
  async resend(orderId: string): Promise<void> {
    const order = await this.repository.findById(orderId);
    // ❌ no-nullish-payload: for an unknown order the data is undefined, so nothing is sent and this await rejects
    await lastValueFrom(this.client.emit(Topics.OrderConfirmed, order?.toEvent()));

    const latest = await this.repository.findById(orderId);
    // ✅ sent only when there is an order to send
    if (latest) await lastValueFrom(this.client.emit(Topics.OrderConfirmed, latest.toEvent()));
  }

  recordTick(): void {
    // ✅ `void` marks a deliberate fire-and-forget, even though state changes after it
    void this.client.emit(Topics.MetricsTick, { service: 'orders', at: Date.now() });
    this.lastTickAt = new Date();
  }

  /** Called by `OrdersController.onOrderShipped`, the `@EventPattern` handler of `orders.order-shipped`. */
  async markShipped(orderId: string, trackingNumber: string): Promise<Order> {
    const order = await this.requireOrder(orderId);
    order.status = 'shipped';
    order.trackingNumber = trackingNumber;
    return this.repository.save(order);
  }

  /** Asks the customers service whether the customer's credit limit covers an order. */
  async checkCredit(order: Order): Promise<boolean> {
    const request = { customerId: order.customerId, totalCents: order.totalCents };
    // ❌ require-send-timeout: if the customers service is down or rebalancing, no reply comes and this await never settles
    const decision = await firstValueFrom(this.client.send<CreditDecision>(Topics.CustomerCreditCheck, request));
    return decision.approved;
  }

  async authorizePayment(orderId: string): Promise<PaymentAuthorization> {
    const order = await this.requireOrder(orderId);
    const request = { orderId, amountCents: order.totalCents };
    // ❌ require-kafka-response-subscription: payments.authorize is missing from REQUEST_TOPICS: every call fails at once
    return lastValueFrom(this.client.send<PaymentAuthorization>(Topics.PaymentAuthorize, request).pipe(timeout(5_000)));
  }

  /** Outbox re-publisher: retries the events whose delivery was never confirmed. */
  async republishPending(): Promise<number> {
    const pending = await this.repository.findUnpublished();
    for (const order of pending) {
      // ✅ converted to a Promise where it is called, so `markPublished` only runs after a successful delivery
      await lastValueFrom(this.client.emit(Topics.OrderCreated, order.toEvent()));
      await this.repository.markPublished(order.id);
    }
    return pending.length;
  }

  announceShutdown(): void {
    // ✅ subscribed with an error handler: a failed delivery is logged instead of crashing the process
    this.client.emit(Topics.MetricsTick, { service: 'orders', stopping: true }).subscribe({
      error: (error: unknown) => this.logger.warn(`shutdown tick lost: ${String(error)}`),
    });
    this.lastTickAt = null;
  }

  private async requireOrder(orderId: string): Promise<Order> {
    const order = await this.repository.findById(orderId);
    if (!order) throw new NotFoundException(`order ${orderId} not found`);
    return order;
  }
}
