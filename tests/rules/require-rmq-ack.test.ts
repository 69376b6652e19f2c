import rule from '../../src/rules/require-rmq-ack';
import { runOnEveryNestVersion } from '../rule-tester';

// Each case configures its own servers: the program index reads them from the linted file (and
// tests/fixtures/shared/transport-options.ts, which configures none, for MANUAL_ACK_OPTIONS).
const HEAD = `import { Controller, Injectable, Module, UseInterceptors } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, MessagePattern, Payload, RmqContext, Transport } from '@nestjs/microservices';
import { MANUAL_ACK_OPTIONS, RMQ_URLS } from '../shared/transport-options';
declare const config: { get<T>(key: string): T };
declare function settleLater(context: RmqContext): void;
@Module({})
class AppModule {}
`;

/** Handlers that acknowledge: directly, through a variable in a nested callback, by handing the context on. */
const ACKING = `@Controller()
export class AckingController {
  @EventPattern('a')
  onA(@Payload() data: unknown, @Ctx() context: RmqContext) {
    context.getChannelRef().ack(context.getMessage());
    return data;
  }
  @MessagePattern('b', Transport.RMQ)
  onB(@Ctx() context: RmqContext) {
    const channel = context.getChannelRef();
    const message = context.getMessage();
    setTimeout(() => channel.nack(message, false, false), 10);
  }
  @EventPattern('c')
  onC(@Ctx() context: RmqContext) {
    settleLater(context);
  }
}`;

/** Handlers that never acknowledge. */
const SILENT = `@Controller()
export class SilentController {
  @EventPattern('x')
  onX(@Payload() data: unknown) {
    return data;
  }
  @MessagePattern('y', Transport.RMQ)
  onY(@Payload() data: unknown, @Ctx() context: RmqContext) {
    const channel = context.getChannelRef();
    channel.prefetch(1);
    return [data, context.getPattern()];
  }
}`;

/** The end of the message for the servers' `prefetchCount`. */
const UNLIMITED = ' with no `prefetchCount` limit (0, the default): every message stays unacked and is redelivered on each reconnect.';
const UNKNOWN_PREFETCH = ': the consumer stalls at `prefetchCount` unacked messages (unless it is 0), and they are redelivered on reconnect.';

const server = (options: string, extra = ''): string => `async function bootstrap() {
  await NestFactory.createMicroservice(AppModule, { transport: Transport.RMQ, options: ${options} });${extra}
}
void bootstrap;`;

const DECORATORS = `import { SetMetadata, UsePipes } from '@nestjs/common';
import { Acked, AckedByInterceptor, Audited, Logged, Registered, Traced, Validated } from '../shared/method-decorators';
`;

runOnEveryNestVersion('require-rmq-ack', rule, {
  valid: [
    { name: 'handlers that ack, nack or hand the context on', code: `${HEAD}${server('MANUAL_ACK_OPTIONS')}\n${ACKING}` },
    { name: 'the server acknowledges automatically (noAck unset)', code: `${HEAD}${server('{ urls: RMQ_URLS, queue: "q" }')}\n${SILENT}` },
    { name: 'noAck known only at run time', code: `${HEAD}${server('{ urls: RMQ_URLS, noAck: config.get<boolean>("NO_ACK") }')}\n${SILENT}` },
    {
      name: 'RMQ servers disagree',
      code: `${HEAD}${server('MANUAL_ACK_OPTIONS', `\n  const app = await NestFactory.create(AppModule);\n  app.connectMicroservice({ transport: Transport.RMQ, options: { urls: RMQ_URLS, noAck: true } });`)}\n${SILENT}`,
    },
    { name: 'no server in the program', code: `${HEAD}${SILENT}` },
    {
      name: 'a server of unknown transport, a global interceptor',
      code: `${HEAD}${server('MANUAL_ACK_OPTIONS', `\n  const app = await NestFactory.create(AppModule);\n  app.connectMicroservice({ transport: config.get<Transport>('T') });\n  app.useGlobalInterceptors();`)}\n${SILENT}`,
    },
    {
      name: 'not a controller, interceptors, other transports, and handlers without transport when a NATS server exists too',
      code: `${HEAD}${server('MANUAL_ACK_OPTIONS', `\n  const app = await NestFactory.create(AppModule);\n  app.connectMicroservice({ transport: Transport.NATS, options: { queue: 'q' } });`)}
@Injectable()
export class NotAController {
  @EventPattern('x', Transport.RMQ)
  onX(@Payload() data: unknown) { return data; }
}
@Controller()
@UseInterceptors()
export class Intercepted {
  @EventPattern('x', Transport.RMQ)
  onX(@Payload() data: unknown) { return data; }
}
@Controller()
export class Positional {
  @EventPattern('x', Transport.RMQ)
  onX(data: unknown, context: unknown) { return [data, context]; }
  @EventPattern('y', Transport.RMQ)
  onY(@Payload() data: unknown, @Ctx() context: any) { return [data, context]; }
  @EventPattern('z', Transport.RMQ)
  onZ(@Payload() data: unknown, ...rest: unknown[]) { return [data, rest]; }
}
@Controller()
export class Mixed {
  @EventPattern('x')
  onX(@Payload() data: unknown) { return data; }
  @EventPattern('z', Transport.NATS)
  onZ(@Payload() data: unknown) { return data; }
}`,
    },
    {
      name: 'a method decorator of the program that replaces the handler and acks (issue 31), in another file or this one, with or without a context parameter',
      code: `${HEAD}${DECORATORS}${server('MANUAL_ACK_OPTIONS')}
function LocalAcked(): MethodDecorator {
  return (_target, _key, descriptor: PropertyDescriptor) => {
    const original = descriptor.value as (...args: unknown[]) => unknown;
    descriptor.value = function (this: unknown, ...args: unknown[]) {
      const context = args[1] as RmqContext;
      const result = original.apply(this, args);
      context.getChannelRef().ack(context.getMessage());
      return result;
    };
  };
}
@Controller()
export class WorkController {
  @EventPattern('work.done')
  @Acked()
  async onWork(@Payload() p: unknown, @Ctx() ctx: RmqContext) {
    return [p, ctx.getPattern()];
  }
  @EventPattern('work.local')
  @LocalAcked()
  onLocal(@Payload() p: unknown, @Ctx() ctx: RmqContext) {
    return [p, ctx.getPattern()];
  }
  @Acked()
  @MessagePattern('work.get')
  onGet(@Payload() p: unknown) {
    return p;
  }
}`,
    },
    {
      name: 'decorators the rule cannot read: an import through a path alias that does not resolve, another package, a new descriptor, an interceptor composed in, the prototype handed on',
      code: `${HEAD}${DECORATORS}import { Acked as AliasAcked } from '@app/common/decorators';
import { AfterLoad } from 'typeorm';
${server('MANUAL_ACK_OPTIONS')}
@Controller()
export class WorkController {
  @EventPattern('work.alias')
  @AliasAcked()
  onAlias(@Payload() p: unknown, @Ctx() ctx: RmqContext) {
    return [p, ctx.getPattern()];
  }
  @EventPattern('work.package')
  @AfterLoad()
  onPackage(@Payload() p: unknown) {
    return p;
  }
  @EventPattern('work.logged')
  @Logged
  onLogged(@Payload() p: unknown, @Ctx() ctx: RmqContext) {
    return [p, ctx.getPattern()];
  }
  @EventPattern('work.intercepted')
  @AckedByInterceptor()
  onIntercepted(@Payload() p: unknown) {
    return p;
  }
  @EventPattern('work.registered')
  @Registered()
  onRegistered(@Payload() p: unknown, @Ctx() ctx: RmqContext) {
    return [p, ctx.getPattern()];
  }
}`,
    },
  ],
  invalid: [
    {
      name: 'every server is RMQ with noAck: false (an imported constant): handlers that never ack',
      code: `${HEAD}${server('MANUAL_ACK_OPTIONS')}\n${SILENT}`,
      errors: [
        { messageId: 'noContext', data: { server: 'file.ts:10', effect: UNLIMITED }, line: 16, column: 3, endColumn: 6 },
        { messageId: 'neverAcked', data: { server: 'file.ts:10', effect: UNLIMITED }, line: 20 },
      ],
    },
    {
      name: 'an RMQ server with noAck: false (spread, as const) and a NATS server: only handlers naming Transport.RMQ are bound',
      code: `${HEAD}const DEFAULTS = { urls: RMQ_URLS, noAck: true } as const;
${server('{ ...DEFAULTS, noAck: false }', `\n  const app = await NestFactory.create(AppModule);\n  app.connectMicroservice({ transport: Transport.NATS, options: { queue: 'q' } });`)}
${SILENT}`,
      errors: [{ messageId: 'neverAcked', data: { server: 'file.ts:11', effect: UNLIMITED }, line: 23 }],
    },
    {
      name: 'method decorators that only record metadata: Nest\'s own, and the program\'s (SetMetadata, reflect-metadata, applyDecorators of metadata)',
      code: `${HEAD}${DECORATORS}${server('MANUAL_ACK_OPTIONS')}
const Local = (name: string): MethodDecorator => (target, key) => Reflect.defineMetadata('local', name, target, key);
@Controller()
export class WorkController {
  @EventPattern('a')
  @SetMetadata('k', 1)
  @UsePipes()
  onA(@Payload() p: unknown, @Ctx() ctx: RmqContext) {
    return [p, ctx.getPattern()];
  }
  @EventPattern('b')
  @Audited()
  @Traced('b')
  onB(@Payload() p: unknown) {
    return p;
  }
  @EventPattern('c')
  @Validated()
  @Local('c')
  onC(@Payload() p: unknown, @Ctx() ctx: RmqContext) {
    return [p, ctx.getMessage()];
  }
}`,
      errors: [
        { messageId: 'neverAcked', line: 21 },
        { messageId: 'noContext', line: 27 },
        { messageId: 'neverAcked', line: 33 },
      ],
    },
    {
      name: 'the message says what the server\'s prefetchCount does: one message, several, a run-time value, servers that disagree',
      code: `${HEAD}${server('{ ...MANUAL_ACK_OPTIONS, prefetchCount: 1 }')}\n${SILENT}`,
      errors: [
        {
          messageId: 'noContext',
          data: { server: 'file.ts:10', effect: ' with `prefetchCount: 1`: the consumer stalls at the first unacked message, which is redelivered on reconnect.' },
        },
        { messageId: 'neverAcked' },
      ],
    },
    {
      name: 'prefetchCount: 10 (an as const constant)',
      code: `${HEAD}const PREFETCH = 10 as const;\n${server('{ urls: RMQ_URLS, noAck: false, prefetchCount: PREFETCH }')}\n${SILENT}`,
      errors: [
        {
          messageId: 'noContext',
          data: { server: 'file.ts:11', effect: ' with `prefetchCount: 10`: the consumer stalls at 10 unacked messages, which are redelivered on reconnect.' },
        },
        { messageId: 'neverAcked' },
      ],
    },
    {
      name: 'prefetchCount known only at run time, and two RMQ servers with different prefetch counts',
      code: `${HEAD}${server('{ urls: RMQ_URLS, noAck: false, prefetchCount: config.get<number>("PREFETCH") }')}
async function second() {
  const app = await NestFactory.create(AppModule);
  app.connectMicroservice({ transport: Transport.RMQ, options: { urls: RMQ_URLS, noAck: false, prefetchCount: 5 } });
}
void second;
${SILENT}`,
      errors: [
        { messageId: 'noContext', data: { server: 'file.ts:10 and 1 more', effect: UNKNOWN_PREFETCH } },
        { messageId: 'neverAcked', data: { server: 'file.ts:10 and 1 more', effect: UNKNOWN_PREFETCH } },
      ],
    },
  ],
});
