/**
 * The handler index is built once per TypeScript program, however many files and rules use it, and it finds
 * handlers in files other than the one being linted.
 */
import * as path from 'node:path';

import type { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import plugin from '../src/index';
import { programIndexStats } from '../src/utils/program-index';
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
