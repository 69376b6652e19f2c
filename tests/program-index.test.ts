/**
 * The handler index is built once per TypeScript program, however many files and rules use it, and it finds
 * handlers in files other than the one being linted.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { ESLint } from 'eslint';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import plugin from '../src/index';
import { getProgramIndex, programIndexStats } from '../src/type-engine/checker/program-index';
import { createTypedEslint, createTypedProject, removeTypedProject } from './typed-project';

const CLIENT_FILES = 8;

function clientFile(index: number): string {
  return `import { ClientKafka } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { Topics } from './topics';

export class Client${index} {
  constructor(private readonly client: ClientKafka) {}
  async run() {
    await lastValueFrom(this.client.send(Topics.Created, ${index}));
    return lastValueFrom(this.client.send(Topics.Price, ${index}));
  }
}
`;
}

describe('program index', () => {
  let workDir = '';
  let results: ESLint.LintResult[] = [];
  let builds = 0;

  beforeAll(async () => {
    const files: Record<string, string> = {
      'topics.ts': `export enum Topics { Created = 'order.created', Price = 'order.price' }\n`,
      'handlers.ts': `import { Controller } from '@nestjs/common';
import { EventPattern, MessagePattern } from '@nestjs/microservices';
import { Topics } from './topics';

@Controller()
export class Handlers {
  @EventPattern(Topics.Created)
  created(data: unknown) { return data; }

  @MessagePattern(Topics.Price)
  price(data: unknown) { return data; }
}
`,
    };
    for (let index = 0; index < CLIENT_FILES; index++) files[`client${index}.ts`] = clientFile(index);
    workDir = createTypedProject('index', files);
    const eslint = createTypedEslint(workDir, plugin.configs.strict);
    const before = programIndexStats.builds;
    results = await eslint.lintFiles(['*.ts']);
    builds = programIndexStats.builds - before;
  });

  afterAll(() => {
    removeTypedProject(workDir);
  });

  it('finds the @EventPattern handler in another file for every client file', () => {
    const findings = results.flatMap((result) =>
      result.messages.filter((message) => message.ruleId === 'nestjs-microservices/prefer-emit-for-events').map(() => path.basename(result.filePath)),
    );
    expect(findings.sort()).toEqual(Array.from({ length: CLIENT_FILES }, (_, index) => `client${index}.ts`).sort());
  });

  it('is built once for the whole run', () => {
    expect(builds).toBe(1);
  });
});

describe('program index: however a handler decorator is written', () => {
  let workDir = '';
  let handlers: [string, string[]][] = [];

  beforeAll(() => {
    workDir = createTypedProject('decorators', {
      'nest.ts': `export { EventPattern as On } from '@nestjs/microservices';\n`,
      'lookalike.ts': `export function EventPattern(pattern: string): MethodDecorator {\n  return () => void pattern;\n}\n`,
      'handlers.ts': `import { Controller, Payload } from '@nestjs/common';
import * as ms from '@nestjs/microservices';
import { EventPattern as Listen, MessagePattern } from '@nestjs/microservices';
import { On as Handle } from './nest';
import * as nest from './nest';
import { EventPattern as Fake } from './lookalike';
import Ask = ms.MessagePattern;

@Controller()
export class Handlers {
  @ms.EventPattern('by.namespace')
  a(@Payload() data: unknown) { return data; }

  @Listen('by.alias')
  b(data: unknown) { return data; }

  @Handle('by.renamed.reexport')
  c(data: unknown) { return data; }

  @nest.On('by.reexport.namespace')
  d(data: unknown) { return data; }

  @Ask('by.import.equals')
  e(data: unknown) { return data; }

  @/* the route */ MessagePattern('after.comment')
  f(data: unknown) { return data; }

  @Fake('not.nest')
  g(data: unknown) { return data; }
}
`,
    });
    const configFile = ts.getParsedCommandLineOfConfigFile(path.join(workDir, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    if (!configFile) throw new Error('unreadable tsconfig');
    const program = ts.createProgram({ rootNames: configFile.fileNames.filter((name) => name.startsWith(workDir)), options: configFile.options });
    handlers = [...getProgramIndex(program).handlers].map(([route, list]) => [route, list.map((handler) => `${handler.kind}:${handler.line}`)]);
  });

  afterAll(() => {
    removeTypedProject(workDir);
  });

  it('indexes namespace, aliased, re-exported and import-equals decorators, and none that is not NestJS’s', () => {
    expect(Object.fromEntries(handlers)).toEqual({
      'by.namespace': ['event:11'],
      'by.alias': ['event:14'],
      'by.renamed.reexport': ['event:17'],
      'by.reexport.namespace': ['event:20'],
      'by.import.equals': ['message:23'],
      'after.comment': ['message:26'],
    });
  });
});

/**
 * An editor session: one ESLint instance with `projectService` re-lints files through `lintText`, so every edit
 * makes a new program version. The index keeps each unchanged file's facts and reads again only the files that
 * changed or whose answers depend on one, and the reports follow edits made in other files.
 */
describe('program index across program versions (an editor session)', () => {
  const topics = (shipped: string): string => `export const Topics = { Shipped: '${shipped}', Audited: 'order.audited' } as const;\n`;
  const files: Record<string, string> = {
    'topics.ts': topics('fulfil.order'),
    'handlers.ts': `import { Controller } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { Topics } from './topics';

@Controller()
export class Handlers {
  @EventPattern(Topics.Shipped)
  shipped(data: unknown) { return data; }
}
`,
    'other-handlers.ts': `import { Controller } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';

@Controller()
export class OtherHandlers {
  @EventPattern('order.audited')
  audited(data: unknown) { return data; }
}
`,
    'service.ts': `import { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom, timeout } from 'rxjs';

export class Shipping {
  constructor(private readonly client: ClientProxy) {}
  async ship() {
    await lastValueFrom(this.client.send('fulfil.order', {}).pipe(timeout(5000)));
  }
}
`,
  };
  const dir = createTypedProject('index-versions', files);
  afterAll(() => {
    removeTypedProject(dir);
  });

  it('reads again only what an edit touches, and follows a constant edited in another file', async () => {
    const eslint = createTypedEslint(dir, plugin.configs.strict);
    const lint = async (file: string, text = files[file] ?? ''): Promise<string[]> => {
      const [result] = await eslint.lintText(text, { filePath: path.join(dir, file) });
      return (result?.messages ?? []).map((message) => `${message.ruleId ?? ''}:${String(message.line)}`);
    };
    const reads = async (run: () => Promise<string[]>): Promise<{ reports: string[]; fileReads: number; builds: number; fullBuilds: number }> => {
      const before = { ...programIndexStats };
      const reports = await run();
      const delta = (key: keyof typeof programIndexStats): number => programIndexStats[key] - before[key];
      return { reports, fileReads: delta('fileReads'), builds: delta('builds'), fullBuilds: delta('fullBuilds') };
    };

    const first = await reads(() => lint('service.ts'));
    expect(first.reports).toEqual(['nestjs-microservices/prefer-emit-for-events:7']);
    expect(first.builds).toBe(1);
    expect(first.fileReads).toBe(4);

    // A keystroke in the service file: a new program, in which only service.ts is a new SourceFile.
    const edited = await reads(() => lint('service.ts', `${files['service.ts'] ?? ''}// a comment\n`));
    expect(edited).toEqual({ reports: ['nestjs-microservices/prefer-emit-for-events:7'], fileReads: 1, builds: 1, fullBuilds: 0 });

    // The constant the handler's pattern names changes in topics.ts (edited and saved): handlers.ts depends on it,
    // other-handlers.ts does not.
    const save = async (text: string): Promise<void> => {
      fs.writeFileSync(path.join(dir, 'topics.ts'), text);
      await lint('topics.ts', text);
    };
    // Linting topics.ts builds that version's index too (its text names no client call, but it might call a client
    // wrapper): the reads are counted over the save and the next lint of the service.
    const afterTopics = await reads(async () => {
      await save(topics('fulfil.order-v2'));
      return lint('service.ts');
    });
    expect(afterTopics.reports).toEqual([]);
    expect(afterTopics.fileReads).toBe(3); // topics.ts, handlers.ts (depends on it) and service.ts (edited back)
    expect(afterTopics.fullBuilds).toBe(0);
    // (A pattern that does not read as an event: with no handler left, nothing reports it.)

    await save(topics('fulfil.order'));
    expect((await reads(() => lint('service.ts'))).reports).toEqual(['nestjs-microservices/prefer-emit-for-events:7']);
  }, 60_000);
});

/**
 * The global exception filter fact (`useGlobalFilters(...)`, an `APP_FILTER` provider) is program-wide: an edit of
 * the bootstrap file re-reads that one file, and the handler file's reports follow.
 */
describe('program index: a global exception filter, across program versions', () => {
  const main = (filter: string): string => `import type { INestMicroservice } from '@nestjs/common';
import { Catch } from '@nestjs/common';

@Catch()
export class AllExceptions {
  catch(exception: unknown) { return exception; }
}

export function configure(app: INestMicroservice) {
  ${filter}
  return app;
}
`;
  const files: Record<string, string> = {
    'main.ts': main('void AllExceptions;'),
    // Names APP_FILTER, but provides a guard: no filter. Its token resolves from @nestjs/core's declarations, so its
    // facts hold across versions (an edit of main.ts does not read it again).
    'app.module.ts': `import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';

class AllowAll {
  canActivate() { return true; }
}

export const tokens = [APP_FILTER];

@Module({ providers: [{ provide: APP_GUARD, useClass: AllowAll }] })
export class AppModule {}
`,
    'handlers.ts': `import { Controller, NotFoundException } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';

@Controller()
export class Handlers {
  @MessagePattern('order.get')
  get(id: string) {
    throw new NotFoundException(id);
  }
}
`,
  };
  const dir = createTypedProject('index-filters', files);
  afterAll(() => {
    removeTypedProject(dir);
  });

  it('re-reads only the edited file and follows the filter in and out; an APP_GUARD provider is no filter', async () => {
    const eslint = createTypedEslint(dir, plugin.configs.recommended);
    const lint = async (file: string, text = files[file] ?? ''): Promise<string[]> => {
      const [result] = await eslint.lintText(text, { filePath: path.join(dir, file) });
      // Only this fact's rule: the fixture's other handler facts are other tests' business.
      return (result?.messages ?? []).filter((message) => message.ruleId === 'nestjs-microservices/no-http-exception-in-message-handler').map((message) => `${message.ruleId ?? ''}:${String(message.line)}`);
    };
    /**
     * Saves and lints main.ts, then lints handlers.ts: the reads are counted over both (main.ts's lint may build the
     * index already, to look for calls of client wrappers).
     */
    const edit = async (text: string): Promise<{ reports: string[]; fileReads: number; fullBuilds: number }> => {
      const before = { ...programIndexStats };
      fs.writeFileSync(path.join(dir, 'main.ts'), text);
      await lint('main.ts', text);
      const reports = await lint('handlers.ts');
      return { reports, fileReads: programIndexStats.fileReads - before.fileReads, fullBuilds: programIndexStats.fullBuilds - before.fullBuilds };
    };
    const reported = ['nestjs-microservices/no-http-exception-in-message-handler:8'];

    expect(await lint('handlers.ts')).toEqual(reported);
    expect(await edit(main('app.useGlobalFilters(new AllExceptions());'))).toEqual({ reports: [], fileReads: 1, fullBuilds: 0 });
    expect(await edit(main('void AllExceptions;'))).toEqual({ reports: reported, fileReads: 1, fullBuilds: 0 });
  }, 60_000);
});

describe('program index: server configurations', () => {
  const rmqConfig = (noAck: boolean): string => `export const RMQ_OPTIONS = { urls: ['amqp://localhost:5672'], queue: 'orders', noAck: ${String(noAck)} };\n`;
  const files: Record<string, string> = {
    'rmq.config.ts': rmqConfig(false),
    'main.ts': `import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport } from '@nestjs/microservices';
import { RMQ_OPTIONS } from './rmq.config';
@Module({})
class AppModule {}
export async function bootstrap() {
  await NestFactory.createMicroservice(AppModule, { transport: Transport.RMQ, options: RMQ_OPTIONS });
}
`,
    'orders.controller.ts': `import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
@Controller()
export class OrdersController {
  @EventPattern('order.created')
  created(@Payload() data: unknown) { return data; }
}
`,
    'other.ts': `export const unrelated = 1;\n`,
  };
  let dir = '';
  beforeAll(() => {
    dir = createTypedProject('servers', files);
  });
  afterAll(() => {
    removeTypedProject(dir);
  });

  it('follows the server options into another file, and an edit there re-reads that file and its dependent only', async () => {
    const eslint = createTypedEslint(dir, plugin.configs.recommended);
    const lint = async (file: string, text = files[file] ?? ''): Promise<string[]> => {
      const [result] = await eslint.lintText(text, { filePath: path.join(dir, file) });
      // Only this fact's rule: the fixture's other handler facts are other tests' business.
      return (result?.messages ?? []).filter((message) => message.ruleId === 'nestjs-microservices/require-rmq-ack').map((message) => `${message.ruleId ?? ''}:${String(message.line)}`);
    };
    const reads = async (run: () => Promise<string[]>): Promise<{ reports: string[]; fileReads: number }> => {
      const before = programIndexStats.fileReads;
      const reports = await run();
      return { reports, fileReads: programIndexStats.fileReads - before };
    };
    expect((await reads(() => lint('orders.controller.ts'))).reports).toEqual(['nestjs-microservices/require-rmq-ack:6']);
    // A keystroke in the controller: only that file is read again (not main.ts), and the server fact stays.
    expect(await reads(() => lint('orders.controller.ts', `${files['orders.controller.ts'] ?? ''}// edit\n`))).toEqual({
      reports: ['nestjs-microservices/require-rmq-ack:6'],
      fileReads: 1,
    });
    // The server's options change in rmq.config.ts (saved): it and main.ts (which depends on it) are read again.
    // Counted over the save and the next lint: rmq.config.ts's own lint may build the index already.
    // rmq.config.ts, main.ts (its dependent) and orders.controller.ts (edited back): not other.ts.
    expect(
      await reads(async () => {
        fs.writeFileSync(path.join(dir, 'rmq.config.ts'), rmqConfig(true));
        await lint('rmq.config.ts', rmqConfig(true));
        return lint('orders.controller.ts');
      }),
    ).toEqual({ reports: [], fileReads: 3 });
  }, 60_000);
});

describe('program index: Kafka reply subscriptions by client, across program versions', () => {
  const tokens = (orders: string): string => `export const ORDERS_CLIENT = '${orders}';\n`;
  const files: Record<string, string> = {
    'tokens.ts': tokens('ORDERS'),
    'setup.ts': `import { Inject, OnModuleInit } from '@nestjs/common';
import { ClientKafka } from '@nestjs/microservices';
import { ORDERS_CLIENT } from './tokens';

export class Setup implements OnModuleInit {
  constructor(@Inject(ORDERS_CLIENT) private readonly kafka: ClientKafka) {}
  onModuleInit() {
    this.kafka.subscribeToResponseOf('order.get');
  }
}
`,
    'caller.ts': `import { Inject } from '@nestjs/common';
import { ClientKafka } from '@nestjs/microservices';
import { lastValueFrom, timeout } from 'rxjs';

export class Caller {
  constructor(@Inject('ORDERS') private readonly kafka: ClientKafka) {}
  async run() {
    return lastValueFrom(this.kafka.send('order.get', {}).pipe(timeout(5000)));
  }
}
`,
  };
  const dir = createTypedProject('index-kafka-clients', files);
  afterAll(() => {
    removeTypedProject(dir);
  });

  it('follows a token constant edited in another file', async () => {
    const eslint = createTypedEslint(dir, plugin.configs.strict);
    const lint = async (file: string, text = files[file] ?? ''): Promise<string[]> => {
      const [result] = await eslint.lintText(text, { filePath: path.join(dir, file) });
      return (result?.messages ?? []).map((message) => `${message.ruleId ?? ''}:${message.messageId ?? ''}:${String(message.line)}`);
    };
    const save = async (text: string): Promise<void> => {
      fs.writeFileSync(path.join(dir, 'tokens.ts'), text);
      await lint('tokens.ts', text);
    };
    expect(await lint('caller.ts')).toEqual([]);

    const before = programIndexStats.fileReads; // counted over the save (tokens.ts's lint may build the index)
    await save(tokens('BILLING'));
    expect(await lint('caller.ts')).toEqual(['nestjs-microservices/require-kafka-response-subscription:otherClientSubscription:8']);
    expect(programIndexStats.fileReads - before).toBeLessThanOrEqual(3);

    await save(tokens('ORDERS'));
    expect(await lint('caller.ts')).toEqual([]);
  }, 60_000);
});

describe('program index: controllers across program versions', () => {
  const controllers = (list: string): string => `import { OrdersHandlers } from './handlers';\nexport const CONTROLLERS = [${list}] as const;\n`;
  const files: Record<string, string> = {
    'controllers.ts': controllers('OrdersHandlers'),
    'app.module.ts': `import { Module } from '@nestjs/common';
import { CONTROLLERS } from './controllers';

@Module({ controllers: [...CONTROLLERS] })
export class AppModule {}
`,
    'handlers.ts': `import { MessagePattern } from '@nestjs/microservices';

export class OrdersHandlers {
  @MessagePattern('order.get')
  get(id: string) { return id; }
}
`,
    'unrelated.ts': `export class Unrelated extends Error {}\n`,
  };
  const dir = createTypedProject('index-controllers', files);
  afterAll(() => {
    removeTypedProject(dir);
  });

  it('reads again the module that spreads an edited constant, and the handler is reported', async () => {
    const eslint = createTypedEslint(dir, plugin.configs.recommended);
    const lint = async (file: string, text = files[file] ?? ''): Promise<string[]> => {
      const [result] = await eslint.lintText(text, { filePath: path.join(dir, file) });
      return (result?.messages ?? []).filter((message) => message.ruleId === 'nestjs-microservices/no-handler-outside-controller').map((message) => String(message.line));
    };
    const reads = async (run: () => Promise<string[]>): Promise<{ reports: string[]; fileReads: number; fullBuilds: number }> => {
      const before = { ...programIndexStats };
      const reports = await run();
      return { reports, fileReads: programIndexStats.fileReads - before.fileReads, fullBuilds: programIndexStats.fullBuilds - before.fullBuilds };
    };
    expect((await reads(() => lint('handlers.ts'))).reports).toEqual([]);
    // A keystroke in handlers.ts: it is read again, and so is app.module.ts, whose list names its class.
    expect(await reads(() => lint('handlers.ts', `${files['handlers.ts'] ?? ''}// a comment\n`))).toEqual({ reports: [], fileReads: 2, fullBuilds: 0 });

    const save = async (text: string): Promise<void> => {
      fs.writeFileSync(path.join(dir, 'controllers.ts'), text);
      await lint('controllers.ts', text);
    };
    await save(controllers(''));
    const removed = await reads(() => lint('handlers.ts'));
    // handlers.ts (edited back), app.module.ts (depends on both) and controllers.ts; never the unrelated file.
    expect(removed.reports).toEqual(['4']);
    expect(removed.fullBuilds).toBe(0);
    expect(removed.fileReads).toBeLessThanOrEqual(3);

    await save(controllers('OrdersHandlers'));
    expect((await reads(() => lint('handlers.ts'))).reports).toEqual([]);
  }, 60_000);
});

describe('program index: who closes the clients of factory providers, across program versions', () => {
  const tokens = (value: string): string => `export const PAYMENTS = '${value}';\n`;
  const gateway = (shutdown: string): string => `import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { PAYMENTS } from './tokens';

@Injectable()
export class PaymentsGateway {
  constructor(@Inject(PAYMENTS) private readonly client: ClientProxy) {}
  async onApplicationShutdown() { ${shutdown} }
}
`;
  const files: Record<string, string> = {
    'tokens.ts': tokens('PAYMENTS'),
    'gateway.ts': gateway('await this.client.close();'),
    // Injects the same client by the literal, and never closes it.
    'payments.ts': `import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';

@Injectable()
export class Payments {
  constructor(@Inject('PAYMENTS') private readonly client: ClientProxy) {}
  pay(order: object) { return this.client.emit('pay', order); }
}
`,
    'clients.module.ts': `import { Module } from '@nestjs/common';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';

@Module({
  providers: [{ provide: 'PAYMENTS', useFactory: () => ClientProxyFactory.create({ transport: Transport.TCP }) }],
})
export class ClientsHostModule {}
`,
    'unrelated.ts': `export const unrelated = 1;\n`,
  };
  const dir = createTypedProject('index-client-tokens', files);
  afterAll(() => {
    removeTypedProject(dir);
  });

  it('reads again the edited closer, and the file whose constant names the token, and no other', async () => {
    const eslint = createTypedEslint(dir, plugin.configs.strict);
    const lint = async (file: string, text = files[file] ?? ''): Promise<string[]> => {
      const [result] = await eslint.lintText(text, { filePath: path.join(dir, file) });
      return (result?.messages ?? []).filter((message) => message.ruleId === 'nestjs-microservices/require-client-close').map((message) => String(message.line));
    };
    const save = async (file: string, text: string): Promise<number> => {
      const before = programIndexStats.fileReads;
      fs.writeFileSync(path.join(dir, file), text);
      await lint(file, text);
      return programIndexStats.fileReads - before;
    };
    expect(await lint('clients.module.ts')).toEqual([]);
    // The closer forgets the client: only gateway.ts is read again.
    expect(await save('gateway.ts', gateway('return;'))).toBe(1);
    expect(await lint('clients.module.ts')).toEqual(['5']);
    expect(await save('gateway.ts', gateway('await this.client.close();'))).toBe(1);
    expect(await lint('clients.module.ts')).toEqual([]);
    // The constant the closer injects by now names another token: tokens.ts and gateway.ts (which depends on it), not
    // payments.ts, which still injects PAYMENTS and does not close it.
    expect(await save('tokens.ts', tokens('BILLING'))).toBe(2);
    expect(await lint('clients.module.ts')).toEqual(['5']);
  }, 60_000);
});
