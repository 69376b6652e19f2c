/**
 * The handler index is built once per TypeScript program, however many files and rules use it, and it finds
 * handlers in files other than the one being linted.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import plugin from '../src/index';
import { programIndexStats } from '../src/utils/program-index';

const repoRoot = path.join(__dirname, '..');
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
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nestjs-microservices-index-'));
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(workDir, 'node_modules'), 'dir');
    fs.copyFileSync(path.join(repoRoot, 'tests/fixtures/v12/tsconfig.json'), path.join(workDir, 'tsconfig.json'));
    fs.writeFileSync(path.join(workDir, 'topics.ts'), `export enum Topics { Created = 'order.created', Price = 'order.price' }\n`);
    fs.writeFileSync(
      path.join(workDir, 'handlers.ts'),
      `import { Controller } from '@nestjs/common';
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
    );
    for (let index = 0; index < CLIENT_FILES; index++) fs.writeFileSync(path.join(workDir, `client${index}.ts`), clientFile(index));
    const eslint = new ESLint({
      cwd: workDir,
      overrideConfigFile: true,
      overrideConfig: [
        { languageOptions: { parser: tsParser, parserOptions: { projectService: true, tsconfigRootDir: workDir } } },
        plugin.configs.strict,
      ],
    });
    const before = programIndexStats.builds;
    results = await eslint.lintFiles(['*.ts']);
    builds = programIndexStats.builds - before;
  });

  afterAll(() => {
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
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
