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


/** Imports of the factory-provider cases: the shared tokens and their injecting classes are in the program. */
const PROVIDERS_HEAD = `import { Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { ClientKafka, ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { AUDIT_CLIENT, ClientTokens, LEDGER_CLIENT } from '../shared/client-tokens';
declare const config: { get(key: string): string };`;

/** A module with one `useFactory` provider for `token`, and `extra` code after it. */
function factoryModule(token: string, factory: string, extra = '', moduleExtra = ''): string {
  return `${PROVIDERS_HEAD}
@Module({
  providers: [
    {
      provide: ${token},
      useFactory: ${factory},
    },
  ],${moduleExtra}
})
export class ClientsHostModule {}
${extra}`;
}

const TCP_FACTORY = `() => ClientProxyFactory.create({ transport: Transport.TCP, options: { port: 4000 } })`;

/** A class that injects `token`'s client and uses it, without closing it. */
function userOf(token: string, name = 'PaymentsUser'): string {
  return `@Injectable()
export class ${name} {
  constructor(@Inject(${token}) private readonly client: ClientProxy) {}
  ping() { return this.client.emit('ping', {}); }
}
`;
}

/** The report on the `provide` property (line 8 of {@link factoryModule}). */
function factoryError(token: string) {
  return { messageId: 'unclosedFactoryClient' as const, line: 8, data: { token } };
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
    {
      name: 'factory providers whose client a class of the program closes: in onApplicationShutdown, through a stored constructor parameter, in this file in beforeApplicationShutdown',
      code: `${factoryModule('AUDIT_CLIENT', TCP_FACTORY)}
export const reports = { provide: ClientTokens.REPORTS, useFactory: ${TCP_FACTORY} };
export const local = { provide: 'LOCAL_CLIENT', useFactory: ${TCP_FACTORY} };
@Injectable()
export class LocalCloser {
  constructor(@Inject('LOCAL_CLIENT') private readonly client: ClientProxy) {}
  beforeApplicationShutdown() { return this.client.close(); }
}
`,
    },
    {
      name: 'factory providers the program cannot tell about: a client handed on to a wrapper, to another factory (inject), or looked up and closed at run time',
      code: `${factoryModule('ClientTokens.ARCHIVE', TCP_FACTORY)}
export const injected = [
  { provide: 'PAYMENTS', useFactory: ${TCP_FACTORY} },
  { provide: 'PAYMENTS_FACADE', useFactory: (client: ClientProxy) => ({ client }), inject: ['PAYMENTS'] },
];
${userOf(`'PAYMENTS'`)}
export const lookedUp = { provide: 'LOOKED_UP', useFactory: ${TCP_FACTORY} };
${userOf(`'LOOKED_UP'`, 'LookedUpUser')}
export async function shutdown(app: { get(token: string): ClientProxy }) {
  const client = app.get('LOOKED_UP');
  await client.close();
}
`,
    },
    {
      name: 'a closer whose token is not known before run time may close any factory client',
      code: `${factoryModule('LEDGER_CLIENT', TCP_FACTORY)}
export async function closeClient(moduleRef: { get(token: string | symbol): ClientProxy }, token: string | symbol) {
  await moduleRef.get(token).close();
}
`,
    },
    {
      name: 'a library (no NestFactory bootstrap) that exports the token: code outside the program may inject and close it',
      code: factoryModule(`'PAYMENTS'`, TCP_FACTORY, userOf(`'PAYMENTS'`), `\n  exports: ['PAYMENTS'],`),
    },
    {
      name: 'a factory provider whose token no class injects: its client is never used, and never connects',
      code: factoryModule(`'PAYMENTS'`, TCP_FACTORY),
    },
    {
      name: 'tokens not known before run time, class tokens (injected by type), factories that make no client, lookalike factories, ClientsModule.registerAsync options',
      code: `${PROVIDERS_HEAD}
import { ClientsModule, Logger } from '@nestjs/common';
declare const token: string;
abstract class PaymentsClient {}
const ClientProxyFactoryLike = { create: (options: object) => ({ options }) };
export function providers(dynamicToken: string) {
  return [
    { provide: dynamicToken, useFactory: ${TCP_FACTORY} },
    { provide: token, useFactory: ${TCP_FACTORY} },
    { provide: PaymentsClient, useFactory: ${TCP_FACTORY} },
    { provide: ClientProxy, useFactory: ${TCP_FACTORY} },
    { provide: 'LOGGER', useFactory: () => new Logger('payments') },
    { provide: 'LIKE', useFactory: () => ClientProxyFactoryLike.create({}) },
    { provide: 'MOCK', useValue: { emit: () => undefined } },
  ];
}
export const clients = ClientsModule.registerAsync([{ name: 'ASYNC', useFactory: () => ({ transport: Transport.TCP }) }]);
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
      name: 'a factory provider whose client a class injects and uses, and nothing closes (issue 28): reported on its `provide`',
      code: factoryModule(`'PAYMENTS'`, TCP_FACTORY, userOf(`'PAYMENTS'`)),
      errors: [factoryError(`'PAYMENTS'`)],
    },
    {
      name: 'a symbol token whose only injecting class (another file) keeps the client and never closes it',
      code: factoryModule('LEDGER_CLIENT', TCP_FACTORY),
      errors: [factoryError('LEDGER_CLIENT')],
    },
    {
      name: 'factories written as an async block returning a const, a method, a named function, a conditional; a class that injects the token without closing it, one closing another member',
      code: `${factoryModule(`'PAYMENTS'`, `async (cfg = config) => {
        const client = ClientProxyFactory.create({ transport: Transport.TCP, options: { host: cfg.get('HOST') } });
        return client;
      }`)}
function createKafka() {
  return new ClientKafka({ client: { brokers: ['kafka:9092'] } });
}
export const more = [
  { provide: 'KAFKA', useFactory() { return new ClientKafka({}); } },
  { provide: 'NAMED', useFactory: createKafka },
  { provide: 'EITHER', useFactory: (local: boolean) => (local ? ClientProxyFactory.create({ transport: Transport.TCP }) : new ClientKafka({})) },
];
@Injectable()
export class PaymentsService implements OnApplicationShutdown {
  private readonly other = new ClientKafka({});
  constructor(
    @Inject('PAYMENTS') private readonly client: ClientProxy,
    @Inject('KAFKA') private readonly kafka: ClientKafka,
    @Inject('NAMED') named: ClientKafka,
    @Inject('EITHER') either: ClientProxy,
  ) {}
  pay(order: object) { return this.client.emit('pay', order); }
  async onApplicationShutdown() { await this.kafka.connect(); await this.other.close(); }
}
`,
      errors: [
        factoryError(`'PAYMENTS'`),
        { messageId: 'unclosedFactoryClient', line: 22, data: { token: `'KAFKA'` } },
        { messageId: 'unclosedFactoryClient', line: 23, data: { token: `'NAMED'` } },
        { messageId: 'unclosedFactoryClient', line: 24, data: { token: `'EITHER'` } },
      ],
    },
    {
      name: 'a useValue provider holding a hand-made client',
      code: `${PROVIDERS_HEAD}
export const value = {
  provide: 'VALUE',
  useValue: ClientProxyFactory.create({ transport: Transport.TCP }),
};
${userOf(`'VALUE'`)}`,
      errors: [{ messageId: 'unclosedFactoryClient', line: 6, data: { token: `'VALUE'` } }],
    },
    {
      name: 'an exported token in an application (the program boots it with NestFactory): every injection is in the program',
      code: factoryModule(`'PAYMENTS'`, TCP_FACTORY, `import { NestFactory } from '@nestjs/core';
${userOf(`'PAYMENTS'`)}
export async function bootstrap() {
  const app = await NestFactory.create(ClientsHostModule);
  await app.listen(3000);
}
`, `\n  exports: ['PAYMENTS'],`),
      errors: [factoryError(`'PAYMENTS'`)],
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
