/**
 * The handler index is built once per TypeScript program, however many files and rules use it, and it finds
 * handlers in files other than the one being linted.
 */
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
