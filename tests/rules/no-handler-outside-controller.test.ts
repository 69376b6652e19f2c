import rule from '../../src/rules/no-handler-outside-controller';
import { runOnEveryNestVersion } from '../rule-tester';

const HEAD = `import { Controller, Injectable, Module } from '@nestjs/common';
import * as ms from '@nestjs/microservices';
import { EventPattern, MessagePattern, MessagePattern as On, Payload } from '@nestjs/microservices';`;

/** A service with handlers, a controller, and a module listing `controllers`. */
function program(controllers: string, extra = ''): string {
  return `${HEAD}
@Injectable()
export class OrdersService {
  @MessagePattern('order.get')
  get(@Payload() id: string) { return id; }

  @EventPattern('order.created')
  created(@Payload() data: unknown) { return data; }
}

@Controller()
export class OrdersController {
  @MessagePattern('order.list')
  list() { return []; }
}
${extra}
@Module({ controllers: ${controllers}, providers: [OrdersService] })
export class OrdersModule {}
`;
}

runOnEveryNestVersion('no-handler-outside-controller', rule, {
  valid: [
    {
      name: 'every handler class is listed: directly, through a const array and through a spread',
      code: program('[...MORE, OrdersController]', 'const LISTED = [OrdersService] as const;\nconst MORE = [...LISTED];\n'),
    },
    {
      name: 'a base class whose handlers a listed subclass inherits (Nest walks the prototype chain)',
      code: `${HEAD}
export abstract class BaseHandlers {
  @MessagePattern('health')
  health() { return 'ok'; }
}
export class Middle extends BaseHandlers {}
@Controller()
export class HealthController extends Middle {}
@Module({ controllers: [HealthController] })
export class HealthModule {}
`,
    },
    {
      name: 'a non-literal controllers value: any class may be listed',
      code: program('loadControllers()', 'declare function loadControllers(): any[];\n'),
    },
    {
      name: 'a dynamic module that returns controllers',
      code: program('[OrdersController]', `export class DynamicOrders {
  static forRoot() {
    return { module: DynamicOrders, controllers: [OrdersService] };
  }
}
`),
    },
    {
      name: 'a listed class whose base is a mixin call: its chain is unknown',
      code: program('[Mixed]', `declare function mixin(): new () => object;
export class Mixed extends mixin() {}
`),
    },
    {
      name: 'no @Module in the program (a library): nothing is known about its users',
      code: `${HEAD.replace('Module }', '}')}
@Injectable()
export class LibraryHandlers {
  @MessagePattern('lib.ping')
  ping() { return 'pong'; }
}
`,
    },
    {
      name: 'lookalikes: a local MessagePattern decorator, and a local Module that is not Nest’s',
      code: `import { Injectable } from '@nestjs/common';
function MessagePattern(pattern: string): MethodDecorator { return () => undefined; }
function Module(metadata: object): ClassDecorator { return () => undefined; }
@Injectable()
export class NotHandlers {
  @MessagePattern('x')
  x() { return 1; }
}
@Module({ providers: [NotHandlers] })
export class LocalModule {}
`,
    },
    {
      name: 'a local MessagePattern decorator on an unlisted class of a real application',
      code: program('[OrdersController, OrdersService]', `function MessagePattern(pattern: string): MethodDecorator { return () => undefined; }
export class Other {
  @MessagePattern('local')
  local() { return 1; }
}
`).replace('EventPattern, MessagePattern, ', 'EventPattern, '),
    },
  ],
  invalid: [
    {
      name: 'handlers on an @Injectable provider: message and event',
      code: program('[OrdersController]'),
      errors: [
        { messageId: 'outsideControllers', line: 6, data: { className: 'OrdersService', decorator: 'MessagePattern' } },
        { messageId: 'outsideControllers', line: 9, data: { className: 'OrdersService', decorator: 'EventPattern' } },
      ],
    },
    {
      name: 'a module without controllers; a renamed import and a namespace import',
      code: `${HEAD}
@Controller()
export class Listed {}
export class Forgotten {
  @On('a')
  a() { return 1; }
  @ms.EventPattern('b')
  b() { return 2; }
}
@Module({ controllers: [Listed] })
export class AppModule {}
@Module({ providers: [] })
export class OtherModule {}
`,
      errors: [
        { messageId: 'outsideControllers', line: 7, data: { className: 'Forgotten', decorator: 'MessagePattern' } },
        { messageId: 'outsideControllers', line: 9, data: { className: 'Forgotten', decorator: 'EventPattern' } },
      ],
    },
    {
      name: 'a base class whose only subclass is unlisted; a listed sibling does not help',
      code: `${HEAD}
export abstract class BaseHandlers {
  @MessagePattern('health')
  health() { return 'ok'; }
}
export class Unlisted extends BaseHandlers {}
@Controller()
export class Listed {}
@Module({ controllers: [Listed] })
export class AppModule {}
`,
      errors: [
        { messageId: 'outsideControllers', line: 5, data: { className: 'BaseHandlers', decorator: 'MessagePattern' } },
      ],
    },
  ],
});
