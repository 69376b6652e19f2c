import rule from '../../src/rules/require-kafka-response-subscription';
import { runOnEveryNestVersion } from '../rule-tester';

// subscribeToResponseOf calls live in tests/fixtures/shared/kafka-subscriptions.ts. `ClientKafkaProxy` (NestJS 11+)
// is declared only in the cases that use it, so that NestJS 10 skips only those.
const head = (proxy: boolean): string => `import { OnModuleInit } from '@nestjs/common';
import { ClientKafka, ${proxy ? 'ClientKafkaProxy, ' : ''}ClientProxy, ClientRMQ } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { ACCOUNTING_PATTERN, COMMANDS } from '../shared/patterns';`;
const HEAD = head(false);
const MULTI = `import { Inject, OnModuleInit } from '@nestjs/common';
import { ClientKafka } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { BILLING_CLIENT, ORDERS_CLIENT } from '../shared/kafka-tokens';
const AUDIT = Symbol('AUDIT');`;

function service(body: string, init = `    this.kafka.subscribeToResponseOf('warm.up');`): string {
  const proxy = body.includes('this.proxy');
  return `${head(proxy)}
export class S implements OnModuleInit {
  constructor(
    private readonly kafka: ClientKafka,
${proxy ? '    private readonly proxy: ClientKafkaProxy,\n' : ''}    private readonly rmq: ClientRMQ,
    private readonly plain: ClientProxy,
  ) {}
  onModuleInit() {
${init}
  }
  async run(data: object) {
${body}
    return [data, COMMANDS, ACCOUNTING_PATTERN];
  }
}
`;
}

runOnEveryNestVersion('require-kafka-response-subscription', rule, {
  valid: [
    {
      name: 'patterns registered elsewhere in the program: literal, constant, object, for-of and forEach',
      code: service(`    await lastValueFrom(this.kafka.send('billing.invoice', data));
    await lastValueFrom(this.kafka.send(ACCOUNTING_PATTERN, data));
    await lastValueFrom(this.kafka.send({ version: 1, cmd: 'price' }, data));
    await lastValueFrom(this.proxy.send('billing.charge', data));
    await lastValueFrom(this.proxy.send('billing.refund', data));
    await lastValueFrom(this.kafka.send('stock.check', data));
    await lastValueFrom(this.kafka.send('warm.up', data));`),
    },
    {
      name: 'non-Kafka clients and clients typed as plain ClientProxy are not checked',
      code: service(`    await lastValueFrom(this.rmq.send('billing.unknown', data));
    await lastValueFrom(this.plain.send('billing.unknown', data));`),
    },
    {
      name: 'an unresolvable subscribeToResponseOf argument makes every pattern possible',
      code: service(`    await lastValueFrom(this.kafka.send('billing.unknown', data));`, `    this.kafka.subscribeToResponseOf(process.env.REPLY_PATTERN ?? 'x');`),
    },
    {
      name: 'reply topics registered with Object.values over an enum',
      code: service(`    await lastValueFrom(this.kafka.send('ledger.balance', data));
    await lastValueFrom(this.kafka.send('ledger.statement', data));`),
    },
    {
      name: 'a send nobody subscribes is no-unsubscribed-send’s finding (it sends nothing, so nothing fails)',
      code: service(`    this.kafka.send('billing.unknown', data);
    this.kafka.send('order.created', data);`),
    },
    {
      name: 'client identity: the same token in two classes, a string constant equal to the literal, symbol and property identities, unknown identities',
      code: `${MULTI}
export class Setup implements OnModuleInit {
  constructor(
    @Inject('ORDERS') private readonly orders: ClientKafka,
    @Inject(AUDIT) private readonly audit: ClientKafka,
    private readonly anyClient: ClientKafka,
  ) {}
  private readonly own = new ClientKafka({});
  onModuleInit() {
    this.orders.subscribeToResponseOf('orders.get');
    this.audit.subscribeToResponseOf('audit.get');
    this.own.subscribeToResponseOf('own.get');
    this.anyClient.subscribeToResponseOf('any.get');
    this.shared.subscribeToResponseOf('shared.get');
  }
  private readonly shared: ClientKafka = this.anyClient;
  async run(data: object) {
    await lastValueFrom(this.own.send('own.get', data));
  }
}
export class Caller {
  constructor(
    @Inject(ORDERS_CLIENT) private readonly kafka: ClientKafka,
    @Inject(BILLING_CLIENT) private readonly billing: ClientKafka,
    @Inject(AUDIT) private readonly audit: ClientKafka,
  ) {}
  async run(data: object, param: ClientKafka) {
    await lastValueFrom(this.kafka.send('orders.get', data));
    await lastValueFrom(this.billing.send('billing.invoice', data));
    await lastValueFrom(this.audit.send('audit.get', data));
    await lastValueFrom(this.kafka.send('any.get', data));
    await lastValueFrom(param.send('audit.get', data));
    await lastValueFrom(param.send('own.get', data));
    await lastValueFrom(this.kafka.send('shared.get', data));
  }
}
`,
    },
    {
      name: 'emit needs no reply topic',
      code: service(`    await lastValueFrom(this.kafka.emit('billing.unknown', data));`),
    },
  ],
  invalid: [
    {
      name: 'a registration on another client: another token, another symbol, another class’s property; an @EventPattern-only pattern',
      code: `${MULTI}
const OTHER_AUDIT = Symbol('AUDIT');
export class Setup implements OnModuleInit {
  constructor(@Inject('ORDERS') private readonly orders: ClientKafka, @Inject(AUDIT) private readonly audit: ClientKafka) {}
  private readonly own = new ClientKafka({});
  onModuleInit() {
    this.orders.subscribeToResponseOf('orders.get');
    this.audit.subscribeToResponseOf('audit.get');
    this.own.subscribeToResponseOf('own.get');
  }
}
export class Caller {
  constructor(@Inject(BILLING_CLIENT) private readonly billing: ClientKafka, @Inject(OTHER_AUDIT) private readonly audit: ClientKafka) {}
  private readonly own = new ClientKafka({});
  async run(data: object) {
    await lastValueFrom(this.billing.send('orders.get', data));
    await lastValueFrom(this.audit.send('audit.get', data));
    await lastValueFrom(this.own.send('own.get', data));
    await lastValueFrom(this.billing.send('order.created', data));
  }
}
`,
      errors: [
        { messageId: 'otherClientSubscription', line: 20, data: { call: "send('orders.get')", replyTopic: 'orders.get.reply', pattern: "'orders.get'" }, suggestions: [] },
        { messageId: 'otherClientSubscription', line: 21, suggestions: [] },
        { messageId: 'otherClientSubscription', line: 22, suggestions: [] },
        { messageId: 'eventHandlerOnly', line: 23, data: { call: "send('order.created')", replyTopic: 'order.created.reply', pattern: "'order.created'" }, suggestions: [] },
      ],
    },
    {
      name: 'ClientKafka and ClientKafkaProxy sends without a reply subscription',
      code: service(`    await lastValueFrom(this.kafka.send('billing.unknown', data));
    await lastValueFrom(this.proxy.send(COMMANDS.reserve, data));`),
      errors: [
        {
          messageId: 'missingSubscription',
          line: 16,
          data: { call: "send('billing.unknown')", replyTopic: 'billing.unknown.reply', pattern: "'billing.unknown'" },
          suggestions: [
            {
              messageId: 'suggestSubscribe',
              output: service(`    await lastValueFrom(this.kafka.send('billing.unknown', data));
    await lastValueFrom(this.proxy.send(COMMANDS.reserve, data));`, `    this.kafka.subscribeToResponseOf('billing.unknown');
    this.kafka.subscribeToResponseOf('warm.up');`),
            },
          ],
        },
        {
          messageId: 'missingSubscription',
          line: 17,
          data: { call: "send('inventory.reserve')", replyTopic: 'inventory.reserve.reply', pattern: 'COMMANDS.reserve' },
          suggestions: [
            {
              messageId: 'suggestSubscribe',
              output: service(`    await lastValueFrom(this.kafka.send('billing.unknown', data));
    await lastValueFrom(this.proxy.send(COMMANDS.reserve, data));`, `    this.proxy.subscribeToResponseOf(COMMANDS.reserve);
    this.kafka.subscribeToResponseOf('warm.up');`),
            },
          ],
        },
      ],
    },
    {
      name: 'a local pattern variable is written as its value; an empty onModuleInit gets a formatted body',
      code: `${HEAD}
export class S implements OnModuleInit {
  constructor(private readonly kafka: ClientKafka) {}
  onModuleInit() {}
  async run() {
    const pattern = 'local.pattern';
    return lastValueFrom(this.kafka.send(pattern, {}));
  }
}
void COMMANDS; void ACCOUNTING_PATTERN; export type Unused = ClientProxy | ClientRMQ;
`,
      errors: [
        {
          messageId: 'missingSubscription',
          data: { call: "send('local.pattern')", replyTopic: 'local.pattern.reply', pattern: 'pattern' },
          suggestions: [
            {
              messageId: 'suggestSubscribe',
              output: `${HEAD}
export class S implements OnModuleInit {
  constructor(private readonly kafka: ClientKafka) {}
  onModuleInit() {
    this.kafka.subscribeToResponseOf('local.pattern');
  }
  async run() {
    const pattern = 'local.pattern';
    return lastValueFrom(this.kafka.send(pattern, {}));
  }
}
void COMMANDS; void ACCOUNTING_PATTERN; export type Unused = ClientProxy | ClientRMQ;
`,
            },
          ],
        },
      ],
    },
    {
      name: 'reportWhenUnresolved reports despite an unresolvable subscription',
      code: service(`    await lastValueFrom(this.kafka.send('billing.unknown', data));`, `    this.kafka.subscribeToResponseOf(process.env.REPLY_PATTERN ?? 'x');`),
      options: [{ reportWhenUnresolved: true }],
      errors: [{ messageId: 'missingSubscription', suggestions: [{ messageId: 'suggestSubscribe', output: service(`    await lastValueFrom(this.kafka.send('billing.unknown', data));`, `    this.kafka.subscribeToResponseOf('billing.unknown');
    this.kafka.subscribeToResponseOf(process.env.REPLY_PATTERN ?? 'x');`) }] }],
    },
  ],
});
