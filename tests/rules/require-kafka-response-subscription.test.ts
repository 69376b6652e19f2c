import rule from '../../src/rules/require-kafka-response-subscription';
import { runOnEveryNestVersion } from '../rule-tester';

// subscribeToResponseOf calls live in tests/fixtures/shared/kafka-subscriptions.ts. `ClientKafkaProxy` (NestJS 11+)
// is declared only in the cases that use it, so that NestJS 10 skips only those.
const head = (proxy: boolean): string => `import { OnModuleInit } from '@nestjs/common';
import { ClientKafka, ${proxy ? 'ClientKafkaProxy, ' : ''}ClientProxy, ClientRMQ } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { ACCOUNTING_PATTERN, COMMANDS } from '../shared/patterns';`;
const HEAD = head(false);

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
      name: 'a send nobody subscribes, and a pattern only an @EventPattern handles, are other rules’ findings',
      code: service(`    this.kafka.send('billing.unknown', data);
    await lastValueFrom(this.kafka.send('order.created', data));`),
    },
    {
      name: 'emit needs no reply topic',
      code: service(`    await lastValueFrom(this.kafka.emit('billing.unknown', data));`),
    },
  ],
  invalid: [
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
