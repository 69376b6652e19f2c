import rule from '../../src/rules/require-client-close';
import { runOnEveryNestVersion } from '../rule-tester';

const HEAD = `import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ClientKafka, ClientProxy, ClientProxyFactory, ClientRMQ, ClientTCP, Transport } from '@nestjs/microservices';
const options = { transport: Transport.TCP } as const;
declare function register(client: ClientProxy): void;`;

function service(members: string, implementsClause = ''): string {
  return `${HEAD}
@Injectable()
export class Gateway${implementsClause} {
${members}
}
`;
}

runOnEveryNestVersion('require-client-close', rule, {
  valid: [
    {
      name: 'closed in onApplicationShutdown: awaited, optional, and as a callback',
      code: service(`  private readonly kafka = new ClientKafka({});
  private rmq?: ClientRMQ;
  private readonly tcp: ClientProxy;
  constructor() {
    this.rmq = new ClientRMQ({});
    this.tcp = ClientProxyFactory.create(options);
  }
  async onApplicationShutdown() {
    await this.kafka.close();
    this.rmq?.close();
    process.once('exit', this.tcp.close);
  }`, ' implements OnApplicationShutdown'),
    },
    {
      name: 'handed on (registered, returned): someone else may close it',
      code: service(`  private readonly a = new ClientTCP({});
  private readonly b = ClientProxyFactory.create(options);
  constructor() { register(this.a); }
  get client() { return this.b; }`),
    },
    {
      name: 'an injected client, a client from elsewhere, and this used as a whole',
      code: `${HEAD}
export class Injected {
  constructor(private readonly client: ClientProxy) {}
  run() { return this.client.emit('x', {}); }
}
export class Escaping {
  private readonly client = new ClientTCP({});
  run() { const self = this; return self; }
}
`,
    },
    {
      name: 'lookalikes: a local ClientKafka class and a local ClientProxyFactory',
      code: `class ClientKafka { connect() { return 1; } }
const ClientProxyFactory = { create: (options: object) => new ClientKafka() };
export class Local {
  private readonly a = new ClientKafka();
  private readonly b = ClientProxyFactory.create({});
  run() { return this.a.connect() + this.b.connect(); }
}
`,
    },
    {
      name: 'a subclass: its base class may close the client',
      code: `${HEAD}
abstract class Base { protected client: ClientProxy | undefined; }
export class Derived extends Base {
  constructor() { super(); this.client = new ClientTCP({}); }
}
`,
    },
  ],
  invalid: [
    {
      name: 'stored by a property initializer, in the constructor and in a method, never closed',
      code: service(`  private readonly kafka = new ClientKafka({ client: { brokers: ['kafka:9092'] } });
  private tcp!: ClientProxy;
  private readonly rmq: ClientRMQ;
  constructor() {
    this.rmq = new ClientRMQ({});
  }
  onModuleInit() {
    this.tcp = ClientProxyFactory.create(options);
    return this.kafka.connect();
  }
  ping() {
    return [this.tcp.emit('ping', {}), this.rmq.emit('ping', {})];
  }
  onApplicationShutdown() {
    // closes something else
  }`),
      errors: [
        { messageId: 'unclosedClient', line: 7, data: { prop: 'kafka' } },
        { messageId: 'unclosedClient', line: 11, data: { prop: 'rmq' } },
        { messageId: 'unclosedClient', line: 14, data: { prop: 'tcp' } },
      ],
    },
    {
      name: 'a close call on another property, and a close inside a function that binds its own this',
      code: service(`  private readonly a = new ClientTCP({});
  private readonly b = new ClientTCP({});
  onApplicationShutdown() {
    this.b.close();
    return function (this: { a: ClientTCP }) { return this.a.close(); };
  }`),
      errors: [{ messageId: 'unclosedClient', line: 7, data: { prop: 'a' } }],
    },
    {
      name: 'a client class of this file derived from a Nest client; a Logger next to it is no client',
      code: `${HEAD}
import { Logger } from '@nestjs/common';
class AuditClient extends ClientTCP {}
export class Audit {
  private readonly logger = new Logger('audit');
  private readonly client = new AuditClient({});
}
`,
      errors: [{ messageId: 'unclosedClient', line: 9, data: { prop: 'client' } }],
    },
  ],
});
