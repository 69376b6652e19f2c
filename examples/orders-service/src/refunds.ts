import { Controller, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ClientKafka, ClientProxyFactory, EventPattern, Payload, Transport } from '@nestjs/microservices';

import { KAFKA_BROKERS } from './brokers';

/** Payload of `payments.refunded`. */
export interface RefundEvent {
  readonly orderId: string;
  readonly amount: number;
}

/** Refund bookkeeping, a provider of `OrdersModule`. */
@Injectable()
export class RefundsService {
  readonly refunded = new Set<string>();

  // ❌ no-handler-outside-controller: a provider is never scanned for handlers, so refunds are never recorded
  @EventPattern('payments.refund-requested')
  onRefundRequested(@Payload() refund: RefundEvent): void {
    this.refunded.add(refund.orderId);
  }
}

/** Listed in `OrdersModule.controllers`: Nest binds its handlers. */
@Controller()
export class RefundsController {
  constructor(private readonly refunds: RefundsService) {}

  // ✅ a handler on a class that the module lists in `controllers`
  @EventPattern('payments.refunded')
  onRefunded(@Payload() refund: RefundEvent): void {
    this.refunds.refunded.add(refund.orderId);
  }
}

/** Clients made by hand (outside `ClientsModule`): the app has to close them itself. */
@Injectable()
export class RefundsAudit implements OnApplicationShutdown {
  // ❌ require-client-close: nothing closes this client: its Kafka consumer stays in the group after app.close()
  private readonly ledger = new ClientKafka({ client: { clientId: 'refunds-ledger', brokers: KAFKA_BROKERS } });

  // ✅ closed in onApplicationShutdown below
  private readonly archive = ClientProxyFactory.create({ transport: Transport.TCP, options: { port: 4010 } });

  async onApplicationShutdown(): Promise<void> {
    await this.archive.close();
  }

  describe(): string {
    return `${String(this.ledger.constructor.name)} / ${String(this.archive.constructor.name)}`;
  }
}
