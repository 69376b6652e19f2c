import rule from '../../src/rules/no-http-exception-in-message-handler';
import { runOnEveryNestVersion } from '../rule-tester';

const HEAD = `import { BadRequestException, Controller, HttpException, HttpStatus, NotFoundException, UseFilters } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter, INestMicroservice } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload, RpcException } from '@nestjs/microservices';
import { Observable, of, throwError } from 'rxjs';`;

const FILTER = `class Filter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost) {
    return [exception, host];
  }
}`;

/** A handler class whose every method throws an HttpException: silent only where the exceptions are mapped. */
const THROWING_HANDLERS = `@Controller()
export class Orders {
  @MessagePattern('order.get')
  get(@Payload() id: string) {
    if (!id) throw new NotFoundException('order');
    return throwError(() => new BadRequestException('bad'));
  }

  @EventPattern('order.created')
  created(order: unknown) {
    throw new HttpException('gone', HttpStatus.GONE);
  }
}`;

const INVALID = `${HEAD}
class OrderNotFound extends NotFoundException {
  constructor(id: string) {
    super(\`order \${id}\`);
  }
}
@Controller()
export class Orders {
  @MessagePattern('order.get')
  get(@Payload() id: string): Observable<never> | string {
    if (!id) throw new BadRequestException('id required');
    if (id === '0') throw new OrderNotFound(id);
    if (id === '1') throw new HttpException({ reason: 'gone' }, HttpStatus.GONE);
    return throwError(() => new NotFoundException(\`order \${id}\`));
  }

  @EventPattern('order.created')
  async created(order: { id?: string }) {
    if (!order.id) throw new NotFoundException();
    const error = new BadRequestException('no id');
    throw error;
  }
}
export const unused = [of, UseFilters, RpcException];
export type Unused = [ArgumentsHost, ExceptionFilter, INestMicroservice];
`;
const suggested = (from: string, to: string): string => INVALID.replace(from, to);


/** Imports of the ValidationPipe cases (issue 28 item 7). */
const PIPES_HEAD = `import { Controller, Get, UseFilters, UsePipes, ValidationPipe } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter, ValidationError } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload, RpcException, Transport } from '@nestjs/microservices';
import { NestFactory } from '@nestjs/core';
export class InvoiceDto { id!: string; }`;

/** The shape: a ValidationPipe without exceptionFactory on a controller with an event handler. */
const CONTROLLER_PIPE = `${PIPES_HEAD}
@Controller()
@UsePipes(new ValidationPipe())
export class BillingController {
  @EventPattern('invoice.created')
  onInvoice(@Payload() dto: InvoiceDto) { return dto; }
}
`;

runOnEveryNestVersion('no-http-exception-in-message-handler', rule, {
  valid: [
    {
      name: '@UseFilters on the method or the class maps the exceptions; RpcException is what handlers throw',
      code: `${HEAD}
${FILTER}
@Controller()
@UseFilters(new Filter())
export class Mapped {
  @MessagePattern('order.get')
  get(id: string) {
    throw new NotFoundException(id);
  }
}
@Controller()
export class PerMethod {
  @UseFilters(Filter)
  @MessagePattern('order.find')
  find(id: string) {
    throw new NotFoundException(id);
  }

  @MessagePattern('order.rpc')
  rpc(id: string): Observable<never> {
    if (!id) throw new RpcException('order not found');
    return throwError(() => new RpcException({ status: 404, message: id }));
  }
}
export const unused = [of, BadRequestException, HttpException, HttpStatus, EventPattern, Payload];
`,
    },
    {
      name: 'throws in callbacks, caught in the handler, in methods that are no handlers, and of other errors',
      code: `${HEAD}
@Controller()
export class Orders {
  @MessagePattern('order.get')
  async get(ids: string[]) {
    ids.forEach((id) => {
      if (!id) throw new NotFoundException(id);
    });
    const lookup = () => throwError(() => new NotFoundException('x'));
    try {
      throw new BadRequestException('retry');
    } catch {
      return of(null);
    }
    function inner() {
      throw new NotFoundException('y');
    }
    if (ids.length === 0) throw new Error('empty');
    return [lookup, inner];
  }

  helper(id: string) {
    throw new NotFoundException(id);
  }
}
export const unused = [HttpException, HttpStatus, UseFilters, EventPattern, Payload, RpcException] as const;
export type Unused = [ArgumentsHost, ExceptionFilter, INestMicroservice];
`,
    },
    {
      name: 'lookalikes: a local HttpException, a local MessagePattern decorator, a local throwError, any-typed errors',
      code: `import { Controller } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
class HttpException extends Error {}
class NotFoundException extends HttpException {}
function MessagePattern(pattern: string): MethodDecorator {
  return () => void pattern;
}
function throwError(factory: () => unknown) {
  return factory;
}
declare const failure: any;
@Controller()
export class Orders {
  @EventPattern('order.created')
  created(id: string) {
    if (!id) throw new NotFoundException('local');
    if (id === '?') throw failure;
    return throwError(() => new NotFoundException('local'));
  }

  @MessagePattern('order.get')
  get(id: string) {
    throw new (require('@nestjs/common').NotFoundException)(id);
  }
}
`,
    },
    {
      name: 'a subclass of a base class (whose @UseFilters it would inherit) is not judged',
      code: `${HEAD}
${FILTER}
@UseFilters(Filter)
class Base {}
@Controller()
export class Orders extends Base {
  @MessagePattern('order.get')
  get(id: string) {
    throw new NotFoundException(id);
  }
}
export const unused = [of, throwError, BadRequestException, HttpException, HttpStatus, EventPattern, Payload, RpcException];
export type Unused = [INestMicroservice, Observable<never>];
`,
    },
    {
      name: 'a decorator of the user’s own on the method or the class may apply filters (applyDecorators)',
      code: `${HEAD}
import { applyDecorators } from '@nestjs/common';
${FILTER}
const Mapped = () => applyDecorators(UseFilters(Filter));
@Controller()
export class PerMethod {
  @Mapped()
  @MessagePattern('order.get')
  get(id: string) {
    throw new NotFoundException(id);
  }
}
@Mapped()
@Controller()
export class PerClass {
  @MessagePattern('order.find')
  find(id: string) {
    throw new NotFoundException(id);
  }
}
export const unused = [of, throwError, BadRequestException, HttpException, HttpStatus, EventPattern, Payload, RpcException];
export type Unused = [INestMicroservice, Observable<never>];
`,
    },
    {
      name: 'a global filter installed with useGlobalFilters() anywhere in the program',
      code: `${HEAD}
${FILTER}
${THROWING_HANDLERS}
export function configure(app: INestMicroservice) {
  app.useGlobalFilters(new Filter());
}
export type Unused = [Observable<never>, typeof of, typeof UseFilters, typeof RpcException];
`,
    },
    {
      name: 'a global filter installed as an APP_FILTER provider (the token from @nestjs/core)',
      code: `${HEAD}
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
${FILTER}
${THROWING_HANDLERS}
@Module({ controllers: [Orders], providers: [{ provide: APP_FILTER, useClass: Filter }] })
export class AppModule {}
export type Unused = [Observable<never>, typeof of, typeof UseFilters, typeof RpcException, INestMicroservice];
`,
    },
    {
      name: 'a ValidationPipe with an exceptionFactory (written inline, shorthand, or in options the rule cannot read)',
      code: `${PIPES_HEAD}
const exceptionFactory = (errors: ValidationError[]) => new RpcException(errors);
const options = { whitelist: true, exceptionFactory };
@Controller()
@UsePipes(new ValidationPipe({ exceptionFactory: (errors) => new RpcException(errors) }))
export class BillingController {
  @UsePipes(new ValidationPipe({ transform: true, exceptionFactory }))
  @EventPattern('invoice.created')
  onInvoice(@Payload(new ValidationPipe(options)) dto: InvoiceDto) { return dto; }

  @MessagePattern('invoice.get')
  get(@Payload(new ValidationPipe({ ...options })) dto: InvoiceDto) { return dto; }
}
export async function bootstrap() {
  const app = await NestFactory.createMicroservice(BillingController, { transport: Transport.TCP });
  app.useGlobalPipes(new ValidationPipe({ exceptionFactory }));
}
export type Unused = [ArgumentsHost, ExceptionFilter, typeof Get, typeof UseFilters];
`,
    },
    {
      name: 'HTTP-only controllers, methods that are no handlers, an HTTP app (its global pipes reach a microservice only with inheritAppConfig)',
      code: `${PIPES_HEAD}
@Controller('invoices')
@UsePipes(new ValidationPipe())
export class InvoicesHttpController {
  @Get()
  list() { return []; }
}
@Controller()
export class BillingController {
  @UsePipes(ValidationPipe)
  @Get('invoice')
  get() { return null; }

  @EventPattern('invoice.created')
  onInvoice(@Payload() dto: InvoiceDto) { return dto; }
}
export async function bootstrap() {
  const app = await NestFactory.create(BillingController);
  app.connectMicroservice({ transport: Transport.TCP });
  app.useGlobalPipes(new ValidationPipe());
  await app.listen(3000);
}
export type Unused = [ArgumentsHost, ExceptionFilter, ValidationError, typeof MessagePattern, typeof UseFilters, typeof RpcException];
`,
    },
    {
      name: 'exceptions mapped by @UseFilters on the class or the handler; a lookalike ValidationPipe; a subclass of its own',
      code: `import { Controller, UseFilters, UsePipes, ValidationPipe } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
${FILTER}
class StrictValidationPipe extends ValidationPipe {}
@Controller()
@UseFilters(new Filter())
@UsePipes(new ValidationPipe())
export class Mapped {
  @EventPattern('a')
  a(@Payload() data: object) { return data; }
}
@Controller()
export class PerMethod {
  @UseFilters(Filter)
  @UsePipes(new ValidationPipe())
  @MessagePattern('b')
  b(@Payload(new ValidationPipe()) data: object) { return data; }

  @UsePipes(new StrictValidationPipe())
  @MessagePattern('c')
  c(data: object) { return data; }
}
`,
    },
    {
      name: 'a local class named ValidationPipe is no ValidationPipe',
      code: `import { Controller, UsePipes } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
class ValidationPipe { transform(value: unknown) { return value; } }
@Controller()
@UsePipes(new ValidationPipe())
export class Billing {
  @EventPattern('a')
  a(data: object) { return data; }
}
`,
    },
    {
      name: 'a global exception filter in the program may map the BadRequestException',
      code: `${CONTROLLER_PIPE}
${FILTER}
export async function bootstrap() {
  const app = await NestFactory.createMicroservice(BillingController, { transport: Transport.TCP });
  app.useGlobalFilters(new Filter());
  app.useGlobalPipes(new ValidationPipe());
}
export type Unused = [ValidationError, typeof Get, typeof UseFilters, typeof MessagePattern, typeof RpcException];
`,
    },
  ],
  invalid: [
    {
      name: 'a ValidationPipe without exceptionFactory on a controller with an event handler (issue 28)',
      code: CONTROLLER_PIPE,
      errors: [{ messageId: 'validationPipe', line: 7, column: 11 }],
    },
    {
      name: 'a ValidationPipe on a message handler, as a class, with options but no exceptionFactory, on the payload, and renamed',
      code: `${PIPES_HEAD}
import { ValidationPipe as Validate } from '@nestjs/common';
@Controller()
export class BillingController {
  @UsePipes(ValidationPipe)
  @MessagePattern('invoice.get')
  get(@Payload() dto: InvoiceDto) { return dto; }

  @UsePipes(new ValidationPipe({ whitelist: true, transform: true }))
  @MessagePattern('invoice.find')
  find(@Payload('id', new Validate()) id: string) { return id; }

  @Get('http')
  http() { return null; }
}
export type Unused = [ArgumentsHost, ExceptionFilter, ValidationError, typeof EventPattern, typeof UseFilters, typeof RpcException, typeof NestFactory, typeof Transport];
`,
      errors: [
        { messageId: 'validationPipe', line: 9, column: 13 },
        { messageId: 'validationPipe', line: 13, column: 13 },
        { messageId: 'validationPipe', line: 15, column: 23 },
      ],
    },
    {
      name: 'useGlobalPipes on an app made by createMicroservice, and on a connected microservice',
      code: `${PIPES_HEAD}
@Controller()
export class BillingController {
  @EventPattern('invoice.created')
  onInvoice(@Payload() dto: InvoiceDto) { return dto; }
}
export async function bootstrap() {
  const app = await NestFactory.createMicroservice(BillingController, { transport: Transport.TCP });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true }));
  await app.listen();
}
export async function hybrid() {
  const app = await NestFactory.create(BillingController);
  const microservice = app.connectMicroservice({ transport: Transport.TCP });
  microservice.useGlobalPipes(new ValidationPipe());
}
export type Unused = [ArgumentsHost, ExceptionFilter, ValidationError, typeof Get, typeof MessagePattern, typeof UseFilters, typeof UsePipes, typeof RpcException];
`,
      errors: [
        { messageId: 'validationPipe', line: 13, column: 22 },
        { messageId: 'validationPipe', line: 19, column: 31 },
      ],
    },
    {
      name: 'HttpException and its subclasses, thrown and returned through throwError, in message and event handlers',
      code: INVALID,
      errors: [
        {
          messageId: 'messageHandler',
          line: 14,
          data: { exception: 'throw new BadRequestException(…)' },
          suggestions: [{ messageId: 'suggestRpcException', data: { argument: "'id required'" }, output: suggested("new BadRequestException('id required')", "new RpcException('id required')") }],
        },
        { messageId: 'messageHandler', line: 15, data: { exception: 'throw new OrderNotFound(…)' }, suggestions: [] },
        {
          messageId: 'messageHandler',
          line: 16,
          suggestions: [{ messageId: 'suggestRpcException', data: { argument: "{ reason: 'gone' }" }, output: suggested("new HttpException({ reason: 'gone' }, HttpStatus.GONE)", "new RpcException({ reason: 'gone' })") }],
        },
        {
          messageId: 'messageHandler',
          line: 17,
          suggestions: [{ messageId: 'suggestRpcException', data: { argument: '`order ${id}`' }, output: suggested('new NotFoundException(`order ${id}`)', 'new RpcException(`order ${id}`)') }],
        },
        { messageId: 'eventHandler', line: 22, data: { exception: 'throw new NotFoundException(…)' }, suggestions: [] },
        { messageId: 'eventHandler', line: 24, data: { exception: 'throw error' }, suggestions: [] },
      ],
    },
      {
      name: 'namespace and renamed decorators; an exception class through a namespace import (no suggestion)',
      code: `import * as common from '@nestjs/common';
import * as ms from '@nestjs/microservices';
import { EventPattern as On } from '@nestjs/microservices';
@common.Controller()
export class Orders {
  @ms.MessagePattern('order.get')
  get(id: string) {
    throw new common.NotFoundException(id);
  }

  @On('order.created')
  created(id: string) {
    throw new common.ConflictException(\`order \${id}\`);
  }
}
`,
      errors: [
        { messageId: 'messageHandler', line: 8, data: { exception: 'throw new common.NotFoundException(id)' }, suggestions: [] },
        { messageId: 'eventHandler', line: 13, suggestions: [] },
      ],
    },
    {
      name: 'a message the suggestion cannot carry over (a variable): no suggestion',
      code: `import { Controller, NotFoundException } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
@Controller()
export class Orders {
  @MessagePattern('order.get')
  get(id: string) {
    throw new NotFoundException(id);
  }
}
`,
      errors: [{ messageId: 'messageHandler', suggestions: [] }],
    },
    {
      name: 'RpcException imported into the existing import; a local RpcException is not shadowed',
      code: `import { Controller, NotFoundException } from '@nestjs/common';
import { EventPattern, MessagePattern } from '@nestjs/microservices';
@Controller()
export class Orders {
  @MessagePattern('order.get')
  get(id: string) {
    throw new NotFoundException('order');
  }
}
@Controller()
export class Events {
  @EventPattern('order.created')
  created() {
    class RpcException {}
    void RpcException;
    throw new NotFoundException(\`order\`);
  }
}
`,
      errors: [
        {
          messageId: 'messageHandler',
          suggestions: [
            {
              messageId: 'suggestRpcException',
              output: `import { Controller, NotFoundException } from '@nestjs/common';
import { EventPattern, MessagePattern, RpcException } from '@nestjs/microservices';
@Controller()
export class Orders {
  @MessagePattern('order.get')
  get(id: string) {
    throw new RpcException('order');
  }
}
@Controller()
export class Events {
  @EventPattern('order.created')
  created() {
    class RpcException {}
    void RpcException;
    throw new NotFoundException(\`order\`);
  }
}
`,
            },
          ],
        },
        {
          messageId: 'eventHandler',
          suggestions: [
            {
              messageId: 'suggestRpcException',
              output: `import { Controller, NotFoundException } from '@nestjs/common';
import { EventPattern, MessagePattern, RpcException as NestjsMicroservicesRpcException } from '@nestjs/microservices';
@Controller()
export class Orders {
  @MessagePattern('order.get')
  get(id: string) {
    throw new NotFoundException('order');
  }
}
@Controller()
export class Events {
  @EventPattern('order.created')
  created() {
    class RpcException {}
    void RpcException;
    throw new NestjsMicroservicesRpcException(\`order\`);
  }
}
`,
            },
          ],
        },
      ],
    },
  ],
});
