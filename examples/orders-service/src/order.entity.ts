export type OrderStatus = 'pending' | 'reserved' | 'confirmed' | 'shipped' | 'cancelled';

export interface OrderLine {
  readonly sku: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
}

/** Payload of `orders.order-created` / `orders.order-confirmed`. */
export interface OrderEvent {
  readonly orderId: string;
  readonly customerId: string;
  readonly status: OrderStatus;
  readonly totalCents: number;
  readonly lines: readonly OrderLine[];
}

export class Order {
  status: OrderStatus = 'pending';
  /** When the `orders.order-created` event was handed to Kafka; `null` until then (drives the outbox re-publisher). */
  publishedAt: Date | null = null;
  /** The carrier's tracking number, once `orders.order-shipped` has been received. */
  trackingNumber: string | null = null;

  constructor(
    readonly id: string,
    readonly customerId: string,
    readonly lines: readonly OrderLine[],
  ) {}

  get totalCents(): number {
    return this.lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
  }

  setPublished(at: Date = new Date()): void {
    this.publishedAt = at;
  }

  toEvent(): OrderEvent {
    return {
      orderId: this.id,
      customerId: this.customerId,
      status: this.status,
      totalCents: this.totalCents,
      lines: this.lines,
    };
  }
}
