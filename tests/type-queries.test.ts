/**
 * The type checker is asked only where a rule could report: files that cannot contain a client call get no
 * listeners, and an `emit` whose result is already handled is never type-checked. Counted with the plugin's own
 * instrumentation (`typeQueryCounts`), which the benchmark reports per 1000 files.
 */
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import plugin from '../src/index';
import { typeQueryCounts } from '../src/type-engine';
import { createTypedEslint, createTypedProject, removeTypedProject } from './typed-project';

/** Rules whose listeners are not `CallExpression`: a file they listen to, and one listener they register for it. */
const USUAL_LISTENERS: Readonly<Record<string, readonly [string, string]>> = {
  'no-handler-outside-controller': ["import { MessagePattern } from '@nestjs/microservices';\n", 'MethodDefinition > Decorator'],
  'require-client-close': ['export class A { b = new Map(); }\n', 'ThisExpression'],
};

const FILES: Record<string, string> = {
  'entity.ts': `export class Order {
  id = '';
  published = false;
  setPublished(): void {
    this.published = true;
  }
}
`,
  'handled.ts': `import { Injectable, Logger } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom, type Observable } from 'rxjs';
import { Order } from './entity';

@Injectable()
export class HandledPublisher {
  private readonly logger = new Logger('x');
  constructor(private readonly client: ClientProxy) {}

  async publish(order: Order): Promise<void> {
    await lastValueFrom(this.client.emit('order.created', order));
    order.setPublished();
  }

  forward(order: Order): Observable<unknown> {
    return this.client.emit('order.forwarded', order);
  }

  watch(order: Order): void {
    this.client.emit('order.watched', order).subscribe({ error: (error: unknown) => this.logger.warn(String(error)) });
  }

  metric(): void {
    void this.client.emit('metrics.tick', 1);
  }
}
`,
  'requests.ts': `import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ClientKafka } from '@nestjs/microservices';
import { lastValueFrom, timeout, type Observable } from 'rxjs';

@Injectable()
export class OrderRequests implements OnModuleInit {
  constructor(private readonly client: ClientKafka) {}

  onModuleInit(): void {
    this.client.subscribeToResponseOf('order.total');
  }

  total(id: string): Promise<number> {
    return lastValueFrom(this.client.send<number>('order.total', id).pipe(timeout(5000)));
  }

  watchTotal(id: string): Observable<number> {
    return this.client.send<number>('order.total', id).pipe(timeout(5000));
  }
}
`,
  'unsubscribed.ts': `import { Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';

@Injectable()
export class OrderRequests {
  constructor(private readonly client: ClientProxy) {}

  total(id: string): void {
    this.client.send('order.total', id);
  }
}
`,
  'redis-requests.ts': `import { Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom, timeout } from 'rxjs';

@Injectable()
export class StockRequests {
  constructor(private readonly client: ClientProxy) {}

  stock(id: string): Promise<number> {
    return lastValueFrom(this.client.send<number>('stock.get', id).pipe(timeout(5000)));
  }
}
`,
  'unhandled.ts': `import { Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { Order } from './entity';

@Injectable()
export class UnhandledPublisher {
  constructor(private readonly client: ClientProxy) {}

  publish(order: Order): void {
    this.client.emit('order.created', order);
    order.setPublished();
  }
}
`,
  'handlers.ts': `import { Controller, NotFoundException } from '@nestjs/common';
import { MessagePattern, RpcException } from '@nestjs/microservices';

@Controller()
export class Orders {
  @MessagePattern('order.get')
  get(id: string): string {
    if (id === '') throw new RpcException('id is required');
    return id;
  }

  @MessagePattern('order.find')
  find(id: string): string {
    throw new NotFoundException(id);
  }
}
`,
};

/**
 * The text a handler-side rule (no-http-exception-in-message-handler) looks for: a handler decorator and a `throw`.
 * Its listeners are for statements, not calls.
 */
const HANDLER_TEXT = `import { Controller, NotFoundException } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
@Controller()
export class Orders {
  @MessagePattern('order.get')
  get(id: string) {
    throw new NotFoundException(id);
  }
}
`;
const LISTENED: Readonly<Record<string, { readonly text: string; readonly listener: string }>> = {
  'no-http-exception-in-message-handler': { text: HANDLER_TEXT, listener: 'ThrowStatement' },
};

/** no-nullish-payload's subject is the data's type: one question per call whose data is not written as a value. */
const NULLISH_PAYLOAD = 'nestjs-microservices/no-nullish-payload';

describe('type queries', () => {
  let workDir = '';
  const queries: Record<string, Record<string, number>> = {};
  const findings: Record<string, string[]> = {};

  beforeAll(async () => {
    workDir = createTypedProject('queries', FILES);
    const eslint = createTypedEslint(workDir, plugin.configs.strict);
    for (const name of Object.keys(FILES)) {
      const before = new Map(typeQueryCounts);
      const [result] = await eslint.lintFiles([name]);
      const asked: Record<string, number> = {};
      for (const [rule, count] of typeQueryCounts) {
        const delta = count - (before.get(rule) ?? 0);
        if (delta !== 0) asked[rule] = delta;
      }
      queries[name] = asked;
      findings[name] = (result?.messages ?? []).map((message) => `${message.ruleId ?? ''}:${String(message.line)}`);
    }
  });

  afterAll(() => {
    removeTypedProject(workDir);
  });

  it('asks nothing about a file whose text cannot contain a client call', () => {
    expect(findings['entity.ts']).toEqual([]);
    expect(queries['entity.ts']).toEqual({});
  });

  it('registers no listeners for such a file, and the usual ones otherwise', () => {
    const program = ts.createProgram({ rootNames: [], options: {} });
    const contextFor = (text: string): unknown => ({
      id: 'nestjs-microservices/rule',
      filename: 'file.ts',
      cwd: workDir,
      options: [],
      sourceCode: { text, ast: { body: [] }, parserServices: { program, esTreeNodeToTSNodeMap: new WeakMap() } },
      report: () => undefined,
    });
    // The transport configuration rules look at configuring calls, and require-rmq-ack at handlers only when the
    // program's servers call for it (this empty program has none): each has its own usual file.
    const USUAL: Readonly<Record<string, { readonly text: string; readonly listeners: readonly string[] }>> = {
      'no-rmq-client-manual-ack': { text: 'ClientsModule.register([]);', listeners: ['CallExpression'] },
      'require-nats-queue-group': { text: 'app.connectMicroservice({});', listeners: ['CallExpression'] },
      'require-rmq-ack': { text: "@EventPattern('x')", listeners: [] },
      'require-rmq-persistent': { text: 'ClientsModule.register([]);', listeners: ['CallExpression'] },
    };
    for (const [name, rule] of Object.entries(plugin.rules)) {
      const create = (context: unknown): Record<string, unknown> => rule.create(context as Parameters<typeof rule.create>[0]);
      expect(Object.keys(create(contextFor(FILES['entity.ts'] ?? ''))), name).toEqual([]);
      // Each rule's usual file: the handler and client-lifetime rules listen for decorators and `this.<prop>`.
      const usual = USUAL[name];
      const [usualText, usualListener] = USUAL_LISTENERS[name] ?? [undefined, undefined];
      const { text, listener } = LISTENED[name] ?? { text: usualText ?? FILES['unhandled.ts'] ?? '', listener: usualListener ?? 'CallExpression' };
      if (usual) expect(Object.keys(create(contextFor(usual.text))), name).toEqual(usual.listeners);
      else expect(Object.keys(create(contextFor(text))), name).toContain(listener);
    }
  });

  it('asks nothing about emits whose result is handled (awaited, returned, subscribed, voided)', () => {
    expect(findings['handled.ts']).toEqual([]);
    // Only the payload rule asks, once for each `order` (the literal `1` needs no question).
    expect(queries['handled.ts']).toEqual({ [NULLISH_PAYLOAD]: 3 });
  });

  it('asks nothing about sends that are subscribed, with a timeout, on a route the Kafka client subscribed to', () => {
    expect(findings['requests.ts']).toEqual([]);
    expect(queries['requests.ts']).toEqual({ [NULLISH_PAYLOAD]: 2 });
  });

  it('asks one question, the receiver’s type, about a send on another transport’s client on a route no Kafka client subscribed to', () => {
    expect(findings['redis-requests.ts']).toEqual([]);
    // Not a Kafka client: the client check (shared with other rules) is not needed.
    expect(queries['redis-requests.ts']).toEqual({ 'nestjs-microservices/require-kafka-response-subscription': 1, [NULLISH_PAYLOAD]: 1 });
  });

  it('asks, and reports, where a send is never subscribed', () => {
    expect(findings['unsubscribed.ts']).toEqual(['nestjs-microservices/no-unsubscribed-send:9']);
    expect(queries['unsubscribed.ts']).toEqual({ 'nestjs-microservices/no-unsubscribed-send': 1, [NULLISH_PAYLOAD]: 1 });
  });

  it('asks nothing about the type of an exception of @nestjs/microservices (RpcException) that a handler throws', () => {
    expect(findings['handlers.ts']).toEqual(['nestjs-microservices/no-http-exception-in-message-handler:14']);
    // One question per handler decorator, and one about the type of the NotFoundException only.
    expect(queries['handlers.ts']?.['nestjs-microservices/no-http-exception-in-message-handler']).toBe(3);
  });

  it('asks, and reports, where an emit is left unhandled before a state change', () => {
    expect(findings['unhandled.ts']).toEqual(['nestjs-microservices/no-unawaited-emit:10']);
    expect(queries['unhandled.ts']?.['nestjs-microservices/no-unawaited-emit']).toBeGreaterThan(0);
  });
});
