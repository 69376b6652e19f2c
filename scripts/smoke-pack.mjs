#!/usr/bin/env node
// Packs the plugin as npm would publish it, installs the tarball into a throw-away NestJS project with the real
// peer dependencies from the registry, lints that project with the ESLint CLI and checks that the findings are
// exactly the ones its `// ❌ <rule>: <why>` markers expect (rule id, file, line).
//
//   npm run build && node scripts/smoke-pack.mjs             ESLint 10, flat config (eslint.config.mjs)
//   node scripts/smoke-pack.mjs --eslint=9                   ESLint 9, flat config
//   node scripts/smoke-pack.mjs --legacy                     ESLint 9, .eslintrc.json (ESLINT_USE_FLAT_CONFIG=false)
//   node scripts/smoke-pack.mjs --keep                       keep the temporary project and print its path
//
// Node built-ins only. Exit code 0 when everything matched, 1 on a finding mismatch, 2 when a step failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PLUGIN_PREFIX = 'nestjs-microservices/';

// ---------------------------------------------------------------------------------------------------------------
// Options

const { values: args } = parseArgs({
  options: {
    eslint: { type: 'string' },
    legacy: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});

if (args.help) {
  console.log('usage: node scripts/smoke-pack.mjs [--eslint=10|9] [--legacy] [--keep]');
  process.exit(0);
}

const eslintMajor = args.eslint ?? (args.legacy ? '9' : '10');
if (eslintMajor !== '9' && eslintMajor !== '10') {
  console.error(`--eslint must be 9 or 10, not "${eslintMajor}"`);
  process.exit(2);
}
if (args.legacy && eslintMajor !== '9') {
  console.error('--legacy needs ESLint 9: ESLint 10 no longer reads .eslintrc files.');
  process.exit(2);
}
const mode = args.legacy ? `ESLint ${eslintMajor}, legacy .eslintrc.json` : `ESLint ${eslintMajor}, flat config`;

// ---------------------------------------------------------------------------------------------------------------
// The throw-away project: a NestJS v12 (ESM) billing service on TCP, one finding per rule plus correct code.

const PROJECT_FILES = {
  'package.json': `${JSON.stringify(
    { name: 'nestjs-microservices-lint-smoke', version: '0.0.0', private: true, type: 'module' },
    null,
    2,
  )}\n`,
  'tsconfig.json': `${JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2022'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        types: ['node'],
        strict: true,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        skipLibCheck: true,
        noEmit: true,
      },
      include: ['src'],
    },
    null,
    2,
  )}\n`,
  'src/patterns.ts': `export const BILLING_CLIENT = 'BILLING_CLIENT';

export enum Patterns {
  InvoiceIssued = 'billing.invoice-issued',
  Heartbeat = 'billing.heartbeat',
  ChargeCard = 'payments.charge-card',
  LedgerBalance = 'ledger.balance',
  InvoiceBalance = 'billing.invoice-balance',
}
`,
  'src/invoices.service.ts': `import { EventEmitter } from 'node:events';

import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';

import { BILLING_CLIENT, Patterns } from './patterns.js';

export interface Invoice {
  id: string;
  amountCents: number;
  status: 'draft' | 'issued';
}

/** In-process audit trail: Node's EventEmitter, not a NestJS client. */
export class AuditTrail extends EventEmitter {}

@Injectable()
export class InvoicesService {
  readonly audit = new AuditTrail();

  constructor(@Inject(BILLING_CLIENT) private readonly client: ClientProxy) {}

  issue(invoice: Invoice): void {
    // ❌ no-unawaited-emit: a failed delivery is dropped, but the invoice is marked issued anyway
    this.client.emit(Patterns.InvoiceIssued, invoice);
    invoice.status = 'issued';
  }

  async issueAndWait(invoice: Invoice): Promise<void> {
    // ✅ waits for delivery before changing state
    await lastValueFrom(this.client.emit(Patterns.InvoiceIssued, invoice));
    invoice.status = 'issued';
  }

  heartbeat(): void {
    // ✅ deliberate fire-and-forget
    void this.client.emit(Patterns.Heartbeat, { at: Date.now() });
  }

  recordAudit(invoice: Invoice): void {
    // ✅ EventEmitter.emit: synchronous, not a NestJS client call
    this.audit.emit('issued', invoice.id);
    invoice.status = 'issued';
  }
}
`,
  'src/payments.service.ts': `import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom, timeout } from 'rxjs';

import { BILLING_CLIENT, Patterns } from './patterns.js';

export interface ChargeResult {
  readonly approved: boolean;
}

@Injectable()
export class PaymentsService {
  constructor(@Inject(BILLING_CLIENT) private readonly client: ClientProxy) {}

  async charge(invoiceId: string, amountCents: number): Promise<void> {
    // ❌ no-unsubscribed-send: awaiting the cold Observable sends nothing; the card is never charged
    await this.client.send<ChargeResult>(Patterns.ChargeCard, { invoiceId, amountCents });
  }

  async chargeAndWait(invoiceId: string, amountCents: number): Promise<ChargeResult> {
    // ✅ subscribed by lastValueFrom, with a timeout
    return lastValueFrom(
      this.client.send<ChargeResult>(Patterns.ChargeCard, { invoiceId, amountCents }).pipe(timeout(5000)),
    );
  }
}
`,
  'src/billing.controller.ts': `import { Controller, Inject } from '@nestjs/common';
import { ClientProxy, MessagePattern, Payload } from '@nestjs/microservices';
import type { Observable } from 'rxjs';

import { BILLING_CLIENT, Patterns } from './patterns.js';

@Controller()
export class BillingController {
  constructor(@Inject(BILLING_CLIENT) private readonly client: ClientProxy) {}

  @MessagePattern(Patterns.InvoiceBalance)
  balance(@Payload() request: { invoiceId: string }): Observable<number> {
    // ✅ returned from a @MessagePattern handler: Nest subscribes to it
    return this.client.send<number>(Patterns.LedgerBalance, request);
  }
}
`,
  'src/app.module.ts': `import { Module } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';

import { BillingController } from './billing.controller.js';
import { InvoicesService } from './invoices.service.js';
import { BILLING_CLIENT } from './patterns.js';
import { PaymentsService } from './payments.service.js';

@Module({
  imports: [ClientsModule.register([{ name: BILLING_CLIENT, transport: Transport.TCP, options: { port: 4000 } }])],
  controllers: [BillingController],
  providers: [InvoicesService, PaymentsService],
})
export class AppModule {}
`,
};

const FLAT_CONFIG = `import nestjsMicroservices from 'eslint-plugin-nestjs-microservices';
import tseslint from 'typescript-eslint';

export default [
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  { files: ['**/*.ts'], ...nestjsMicroservices.configs.recommended },
];
`;

const LEGACY_CONFIG = `${JSON.stringify(
  {
    root: true,
    parser: '@typescript-eslint/parser',
    parserOptions: { projectService: true },
    extends: ['plugin:nestjs-microservices/legacy-recommended'],
  },
  null,
  2,
)}\n`;

// ---------------------------------------------------------------------------------------------------------------
// Helpers

/** Findings the `// ❌ <rule>: <why>` markers of one file expect: end of line → that line, own line → next code line. */
function readMarkers(relativeFile, text) {
  const lines = text.split(/\r?\n/);
  const expected = [];
  lines.forEach((line, index) => {
    const marker = /\/\/\s*❌\s*((?:[\w@-]+\/)?[\w-]+)/.exec(line);
    if (!marker?.[1]) return;
    let target = index;
    if (/^\s*\/\//.test(line)) {
      target = index + 1;
      while (target < lines.length && /^\s*(\/\/.*)?$/.test(lines[target] ?? '')) target++;
    }
    const ruleId = marker[1].includes('/') ? marker[1] : PLUGIN_PREFIX + marker[1];
    expected.push({ ruleId, file: relativeFile, line: target + 1 });
  });
  return expected;
}

const findingKey = (finding) => `${finding.ruleId ?? '(fatal)'} ${finding.file}:${String(finding.line)}`;

class StepError extends Error {}

/** Runs a command, returns its output; throws a StepError with the output tail when it fails (unless allowed). */
function run(command, commandArgs, { cwd, env = process.env, allowExitCodes = [0] } = {}) {
  const result = spawnSync(command, commandArgs, {
    cwd,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    shell: process.platform === 'win32',
  });
  if (result.error) throw new StepError(`${command} ${commandArgs.join(' ')}: ${result.error.message}`);
  if (!allowExitCodes.includes(result.status ?? -1)) {
    const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-40).join('\n');
    throw new StepError(
      `\`${command} ${commandArgs.join(' ')}\` in ${cwd ?? process.cwd()} exited with ${String(result.status ?? result.signal)}\n${tail}`,
    );
  }
  return result;
}

const timings = [];
function timed(label, action, short = label) {
  const started = performance.now();
  process.stdout.write(`- ${label} ... `);
  try {
    const value = action();
    const ms = performance.now() - started;
    timings.push({ label: short, ms });
    console.log(`${(ms / 1000).toFixed(1)} s`);
    return value;
  } catch (error) {
    console.log('failed');
    throw error;
  }
}

function installedVersion(projectDir, name) {
  try {
    return JSON.parse(readFileSync(path.join(projectDir, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return '(not installed)';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Main

function main() {
  if (!existsSync(path.join(repoRoot, 'dist', 'index.js'))) {
    throw new StepError('dist/index.js is missing: run `npm run build` first.');
  }

  console.log(`Smoke test of the packed plugin: ${mode}\n`);
  const tempDir = mkdtempSync(path.join(os.tmpdir(), 'nestjs-ms-lint-smoke-'));
  const projectDir = path.join(tempDir, 'app');
  const totalStarted = performance.now();
  try {
    // 1. npm pack
    const tarball = timed('npm pack', () => {
      const packDir = path.join(tempDir, 'pack');
      mkdirSync(packDir);
      const { stdout } = run('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: repoRoot });
      const [packed] = JSON.parse(stdout);
      const files = new Set(packed.files.map((file) => file.path));
      for (const required of ['package.json', 'dist/index.js', 'dist/index.d.ts']) {
        if (!files.has(required)) throw new StepError(`the tarball has no ${required}`);
      }
      return path.join(packDir, packed.filename);
    });

    // 2. The project
    for (const [file, text] of Object.entries(PROJECT_FILES)) {
      mkdirSync(path.dirname(path.join(projectDir, file)), { recursive: true });
      writeFileSync(path.join(projectDir, file), text);
    }
    writeFileSync(path.join(projectDir, args.legacy ? '.eslintrc.json' : 'eslint.config.mjs'), args.legacy ? LEGACY_CONFIG : FLAT_CONFIG);

    // 3. npm install
    const dependencies = [
      tarball,
      `eslint@^${eslintMajor}`,
      'typescript@~5.9.3',
      'typescript-eslint@^8.72.0',
      '@nestjs/common@^12',
      '@nestjs/core@^12',
      '@nestjs/microservices@^12',
      'rxjs@^7.8',
      'reflect-metadata',
      '@types/node@^20',
      // .eslintrc names the parser by package; depend on it instead of relying on hoisting.
      ...(args.legacy ? ['@typescript-eslint/parser@^8.72.0'] : []),
    ];
    timed('npm install', () => run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...dependencies], { cwd: projectDir }));
    console.log(
      `  installed: eslint ${installedVersion(projectDir, 'eslint')}, typescript ${installedVersion(projectDir, 'typescript')}, ` +
        `typescript-eslint ${installedVersion(projectDir, 'typescript-eslint')}, @nestjs/microservices ${installedVersion(projectDir, '@nestjs/microservices')}, ` +
        `eslint-plugin-nestjs-microservices ${installedVersion(projectDir, 'eslint-plugin-nestjs-microservices')}`,
    );

    // 4. The project type-checks (so the fixture is real NestJS code, not just parseable).
    timed('tsc --noEmit', () => run('npx', ['--no', '--', 'tsc', '-p', 'tsconfig.json'], { cwd: projectDir }), 'tsc');

    // 5. ESLint CLI
    const env = { ...process.env };
    delete env.ESLINT_USE_FLAT_CONFIG;
    if (args.legacy) env.ESLINT_USE_FLAT_CONFIG = 'false';
    const eslintArgs = ['--no', '--', 'eslint', '--format', 'json', ...(args.legacy ? ['--ext', '.ts'] : []), 'src'];
    // ESLint exits with 1 when it reports errors: that is expected here.
    const { stdout } = timed(`eslint ${eslintArgs.slice(3).join(' ')}`, () =>
      run('npx', eslintArgs, { cwd: projectDir, env, allowExitCodes: [0, 1] }),
    'eslint');
    let results;
    try {
      results = JSON.parse(stdout);
    } catch {
      throw new StepError(`ESLint did not print JSON:\n${stdout.slice(0, 2000)}`);
    }

    // 6. Compare
    const actual = results.flatMap((result) =>
      result.messages.map((message) => ({
        ruleId: message.ruleId,
        file: path.relative(projectDir, result.filePath).split(path.sep).join('/'),
        line: message.line,
        message: message.message,
      })),
    );
    const expected = Object.entries(PROJECT_FILES)
      .filter(([file]) => file.endsWith('.ts'))
      .flatMap(([file, text]) => readMarkers(file, text));
    const actualKeys = new Set(actual.map(findingKey));
    const expectedKeys = new Set(expected.map(findingKey));
    const missing = expected.filter((finding) => !actualKeys.has(findingKey(finding)));
    const unexpected = actual.filter((finding) => !expectedKeys.has(findingKey(finding)));

    console.log(`\nFindings (${String(results.length)} files linted):`);
    for (const finding of actual) {
      const status = expectedKeys.has(findingKey(finding)) ? 'expected  ' : 'UNEXPECTED';
      console.log(`  ${status} ${finding.file}:${String(finding.line)}  ${finding.ruleId ?? '(fatal)'}  ${finding.message}`);
    }
    for (const finding of missing) {
      console.log(`  MISSING    ${finding.file}:${String(finding.line)}  ${finding.ruleId}`);
    }
    const totalMs = performance.now() - totalStarted;
    console.log(`\nTimings: ${timings.map(({ label, ms }) => `${label} ${(ms / 1000).toFixed(1)} s`).join(', ')}; total ${(totalMs / 1000).toFixed(1)} s`);

    if (missing.length > 0 || unexpected.length > 0) {
      console.error(`\nFAILED (${mode}): ${String(missing.length)} missing, ${String(unexpected.length)} unexpected finding(s).`);
      return 1;
    }
    console.log(`\nOK (${mode}): exactly the ${String(expected.length)} expected findings.`);
    return 0;
  } finally {
    if (args.keep) {
      console.log(`Kept the temporary project: ${projectDir}`);
    } else {
      rmSync(tempDir, { recursive: true, force: true });
    }
  }
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error instanceof StepError ? `\nFAILED (${mode}): ${error.message}` : error);
  process.exitCode = 2;
}
