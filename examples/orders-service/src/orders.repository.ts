import { Injectable } from '@nestjs/common';

import { Order } from './order.entity';

/** In-memory stand-in for a database repository. */
@Injectable()
export class OrdersRepository {
  private readonly orders = new Map<string, Order>();

  async save(order: Order): Promise<Order> {
    this.orders.set(order.id, order);
    return order;
  }

  async findById(id: string): Promise<Order | undefined> {
    return this.orders.get(id);
  }

  /** Records that the order's event reached Kafka, so the outbox re-publisher skips it. */
  async markPublished(id: string, at: Date = new Date()): Promise<void> {
    const order = this.orders.get(id);
    if (order) order.publishedAt = at;
  }

  async findUnpublished(): Promise<Order[]> {
    return [...this.orders.values()].filter((order) => order.publishedAt === null);
  }
}
