/**
 * `eslint --fix` with every rule on must leave code that type-checks, and a second run must find nothing left
 * to fix. The sources below cover each import situation and each shape of call the fixer rewrites.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import * as ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import plugin from '../src/index';
import { createTypedEslint, createTypedProject } from './typed-project';

const repoRoot = path.join(__dirname, '..');

const SOURCES: Record<string, string> = {
  'no-import.ts': `import { Injectable } from '@nestjs/common';
import { ClientKafka } from '@nestjs/microservices';

@Injectable()
export class OrdersService {
  constructor(private readonly client: ClientKafka) {}

  async create(order: { id: string; setPublished(): void }) {
    this.client.emit('order.created', order);
    order.setPublished();
  }

  async cancel(order: { id: string }) {
    await this.client.emit('order.cancelled', { id: order.id });
  }
}
`,
  'merge-import.ts': `import { ClientProxy } from '@nestjs/microservices';
import { map, timeout } from 'rxjs';

export async function publish(client: ClientProxy, order: { status: string }) {
  client
    .emit('order.paid', order) // the payment event
    .pipe(
      map((result: unknown) => result),
      timeout(5000),
    );
  order.status = 'paid';
}
`,
  'alias-import.ts': `import { ClientRMQ } from '@nestjs/microservices';
import { lastValueFrom as toPromise } from 'rxjs';

export async function publish(client: ClientRMQ, order: { status: string }) {
  await client.emit('order.shipped', order);
  order.status = 'shipped';
  return toPromise(client.send<number>('order.count', {}));
}
`,
  'namespace-import.ts': `import type { ClientKafkaProxy } from '@nestjs/microservices';
import * as rx from 'rxjs';

export async function publish(client: ClientKafkaProxy, order: { count: number }) {
  (client.emit('order.counted', order));
  order.count++;
  return rx.EMPTY;
}
`,
  'type-only-import.ts': `import { ClientNats } from '@nestjs/microservices';
import type { Observable } from 'rxjs';

export class Publisher {
  constructor(private readonly client: ClientNats, private readonly spare?: ClientNats) {}

  async publish(order: { published?: boolean }): Promise<Observable<unknown> | undefined> {
    this.client?.emit('order.created', order);
    this.spare?.emit('order.created', order);
    delete order.published;
    return undefined;
  }
}
`,
  'use-strict.ts': `'use strict';
declare const client: import('@nestjs/microservices').ClientTCP;

export async function publish(order: { save(): Promise<void> }) {
  client.emit('order.created', order);
  await order.save();
}
`,
};

describe('eslint --fix output', () => {
  let workDir = '';
  let results: ESLint.LintResult[] = [];

  const createEslint = (fix: boolean): ESLint => createTypedEslint(workDir, plugin.configs.strict, { fix });

  beforeAll(async () => {
    workDir = createTypedProject('fix', SOURCES);
    results = await createEslint(true).lintFiles(['*.ts']);
    await ESLint.outputFixes(results);
  });

  afterAll(() => {
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('fixes every file', () => {
    const fixed = results.filter((result) => result.output !== undefined).map((result) => path.basename(result.filePath));
    expect(fixed.sort()).toEqual(Object.keys(SOURCES).sort());
  });

  it('leaves code that type-checks', () => {
    expect(typeCheck(workDir)).toEqual([]);
  });

  it('imports lastValueFrom once per file, where the file already imports from rxjs', () => {
    for (const name of Object.keys(SOURCES)) {
      const code = fs.readFileSync(path.join(workDir, name), 'utf8');
      const valueImports = code.match(/^import (?!type)[^;]*from 'rxjs'/gm) ?? [];
      expect(valueImports, name).toHaveLength(1);
    }
    expect(fs.readFileSync(path.join(workDir, 'merge-import.ts'), 'utf8')).toContain(`import { map, timeout, lastValueFrom } from 'rxjs';`);
    expect(fs.readFileSync(path.join(workDir, 'alias-import.ts'), 'utf8')).toContain(`await toPromise(client.emit('order.shipped', order));`);
    expect(fs.readFileSync(path.join(workDir, 'namespace-import.ts'), 'utf8')).toContain(`(await rx.lastValueFrom(client.emit('order.counted', order)));`);
    expect(fs.readFileSync(path.join(workDir, 'use-strict.ts'), 'utf8')).toMatch(/^'use strict';\nimport \{ lastValueFrom \} from 'rxjs';\n/);
  });

  it('keeps comments and line breaks inside the rewritten call', () => {
    expect(fs.readFileSync(path.join(workDir, 'merge-import.ts'), 'utf8')).toContain(`  await lastValueFrom(client
    .emit('order.paid', order) // the payment event
    .pipe(
      map((result: unknown) => result),
      timeout(5000),
    ));
`);
  });

  it('is idempotent: a second run has nothing left to fix', async () => {
    const second = await createEslint(false).lintFiles(['*.ts']);
    const fixable = second.flatMap((result) => result.messages.filter((message) => message.fix));
    expect(fixable).toEqual([]);
    // The only finding left is the optional client that may be missing, which has no safe rewrite.
    const remaining = second.flatMap((result) => result.messages.map((message) => `${path.basename(result.filePath)}:${message.line} ${message.ruleId ?? ''}`));
    // (Line 10 of the fixed file: the fix added an import line above it.)
    expect(remaining).toEqual(['type-only-import.ts:10 nestjs-microservices/no-unawaited-emit']);
  });
});

describe('eslint --fix over the example app', () => {
  let workDir = '';
  let fixedFiles = 0;

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nestjs-microservices-example-fix-'));
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(workDir, 'node_modules'), 'dir');
    fs.cpSync(path.join(repoRoot, 'examples/orders-service/src'), path.join(workDir, 'src'), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, 'examples/orders-service/tsconfig.json'), path.join(workDir, 'tsconfig.json'));
    const results = await createExampleEslint(workDir, true).lintFiles(['src/**/*.ts']);
    await ESLint.outputFixes(results);
    fixedFiles = results.filter((result) => result.output !== undefined).length;
  });

  afterAll(() => {
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('fixes something, and the result type-checks', () => {
    expect(fixedFiles).toBeGreaterThan(0);
    expect(typeCheck(workDir)).toEqual([]);
  });

  it('is idempotent and never duplicates an import', async () => {
    const second = await createExampleEslint(workDir, false).lintFiles(['src/**/*.ts']);
    expect(second.flatMap((result) => result.messages.filter((message) => message.fix))).toEqual([]);
    for (const file of fs.readdirSync(path.join(workDir, 'src'))) {
      const imports = fs.readFileSync(path.join(workDir, 'src', file), 'utf8').match(/^import (?!type)[^;]*from '([^']+)'/gm) ?? [];
      expect(new Set(imports).size, file).toBe(imports.length);
    }
  });
});

function createExampleEslint(cwd: string, fix: boolean): ESLint {
  return new ESLint({
    cwd,
    fix,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parser: tsParser, parserOptions: { projectService: true, tsconfigRootDir: cwd } } },
      plugin.configs.strict,
    ],
  });
}

/** `tsc --noEmit` on a folder's tsconfig.json, as messages. */
function typeCheck(dir: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(dir, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (!config) throw new Error(`${dir}/tsconfig.json could not be read`);
  const program = ts.createProgram(config.fileNames, config.options);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where = diagnostic.file
      ? `${path.basename(diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}`
      : '';
    return `${where} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  });
}
