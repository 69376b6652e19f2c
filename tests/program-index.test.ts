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
    await save(topics('fulfil.order-v2'));
    const afterTopics = await reads(() => lint('service.ts'));
    expect(afterTopics.reports).toEqual([]);
    expect(afterTopics.fileReads).toBe(3); // topics.ts, handlers.ts (depends on it) and service.ts (edited back)
    expect(afterTopics.fullBuilds).toBe(0);
    // (A pattern that does not read as an event: with no handler left, nothing reports it.)

    await save(topics('fulfil.order'));
    expect((await reads(() => lint('service.ts'))).reports).toEqual(['nestjs-microservices/prefer-emit-for-events:7']);
  }, 60_000);
});

/**
 * Modules' `controllers` are program-wide facts too: a module that spreads a constant imported from another file
 * depends on that file, and an edit there changes which handlers are registered.
 */
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
