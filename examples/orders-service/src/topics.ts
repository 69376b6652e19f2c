/** Kafka topics this service produces to, consumes from, or sends requests on. */
export const Topics = {
  /** Events published by the orders service. */
  OrderCreated: 'orders.order-created',
  OrderConfirmed: 'orders.order-confirmed',
  OrderCancelled: 'orders.order-cancelled',
  /** Also consumed by this service (`OrdersController.onOrderShipped`), and by the notifications service. */
  OrderShipped: 'orders.order-shipped',
  /** Request/reply topics served by the inventory service (replies arrive on `<topic>.reply`). */
  InventoryReserve: 'inventory.reserve',
  InventoryCheck: 'inventory.check',
  /** Request/reply topics of the customers and payments services. */
  CustomerCreditCheck: 'customers.credit-check',
  PaymentAuthorize: 'payments.authorize',
  /** Events consumed by this service. */
  PaymentSucceeded: 'payments.payment-succeeded',
  /** Requests served by this service. */
  OrderGet: 'orders.get',
  OrderAvailability: 'orders.availability',
  OrderStatus: 'orders.status',
  OrderTracking: 'orders.tracking',
  /** Telemetry: losing one of these is acceptable. */
  OrderViewed: 'metrics.order-viewed',
  MetricsTick: 'metrics.tick',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

/** Topics this service calls with `send()`: the Kafka client must subscribe to their reply topics before connecting. */
// `Topics.PaymentAuthorize` was added later and is missing here: see `OrdersService.authorizePayment`.
export const REQUEST_TOPICS: readonly Topic[] = [
  Topics.InventoryReserve,
  Topics.InventoryCheck,
  Topics.CustomerCreditCheck,
];

/** Injection token of the Kafka client registered in `OrdersModule`. */
export const ORDERS_SERVICE = 'ORDERS_SERVICE';

/** Injection tokens of the RabbitMQ clients registered in `OrdersModule` (audit log, billing, notifications). */
export const AUDIT_SERVICE = 'AUDIT_SERVICE';
export const BILLING_SERVICE = 'BILLING_SERVICE';
export const NOTIFICATIONS_SERVICE = 'NOTIFICATIONS_SERVICE';
