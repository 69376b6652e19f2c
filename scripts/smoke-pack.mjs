#!/usr/bin/env node
// Packs the plugin as npm would publish it, installs the tarball into a throw-away NestJS project with the real
// peer dependencies from the registry, lints that project with the ESLint CLI and checks that the findings are
// exactly the ones its `// ❌ <rule>: <why>` markers expect (rule id, file, line).
//
//   npm run build && node scripts/smoke-pack.mjs             ESLint 10, flat config, TypeScript 5.9, NestJS 12
//   node scripts/smoke-pack.mjs --eslint=9                   ESLint 9, flat config (eslint.config.mjs)
//   node scripts/smoke-pack.mjs --legacy                     ESLint 9, .eslintrc.json (ESLINT_USE_FLAT_CONFIG=false)
//   node scripts/smoke-pack.mjs --eslint=8                   ESLint 8.57, .eslintrc.json (ESLint 8 is tested with eslintrc only)
//   node scripts/smoke-pack.mjs --typescript=6.0             TypeScript ~6.0.3 (default ~5.9.3)
//   node scripts/smoke-pack.mjs --nest=11                    @nestjs/common, core, microservices ^11 (CommonJS; default ^12, ESM)
//   node scripts/smoke-pack.mjs --nest=10                    @nestjs/common, core, microservices ^10 (CommonJS)
//   node scripts/smoke-pack.mjs --git                        install from a git+file:// URL of a snapshot of the working tree
//                                                            (as early users install from git: npm runs `prepare`, which builds)
//   node scripts/smoke-pack.mjs --tarball=path/to/x.tgz      install this tarball instead of running `npm pack`
//   node scripts/smoke-pack.mjs --cache=<dir>                npm cache (default: <os tmpdir>/eslint-plugin-nestjs-microservices-npm-cache)
//   node scripts/smoke-pack.mjs --keep                       keep the temporary project and print its path
//
// npm installs with --prefer-offline (cached package metadata is used without revalidation, so a warm cache pins
// the resolved versions until it is deleted), --ignore-scripts (no dependency runs code at install time; not with
// --git, where npm must run the plugin's `prepare` script, as it does for every user who installs from git) and
// --legacy-peer-deps=false (peer ranges are checked as a default npm would, whatever the user's .npmrc says).
//
// Also a module: `import { runSmoke } from './smoke-pack.mjs'` (see runSmoke below; tests/compat.test.ts uses it), and its
// steps for other tests: packPlugin, writeProject, installProject, npmInstallFlags, cleanEnv (tests/pre-commit.test.ts).
// Node built-ins only. Exit code 0 when everything matched, 1 on a finding mismatch, 2 when a step failed.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PLUGIN_PREFIX = 'nestjs-microservices/';

/** The versions the matrix knows, as npm ranges. */
export const ESLINT_RANGES = { 8: '~8.57.0', 9: '^9', 10: '^10' };
export const TYPESCRIPT_RANGES = { '5.9': '~5.9.3', '6.0': '~6.0.3' };
export const NEST_RANGES = { 10: '^10', 11: '^11', 12: '^12' };
/** Shared by every run (and by the tests), so only the first run downloads. */
export const DEFAULT_NPM_CACHE = path.join(os.tmpdir(), 'eslint-plugin-nestjs-microservices-npm-cache');

// ---------------------------------------------------------------------------------------------------------------
// The throw-away project: a NestJS billing service on TCP and Kafka (an ES module project: `type: module`,
// NodeNext), one finding per recommended rule plus correct code. The same source type-checks with NestJS 12
// (ES modules) and NestJS 11 (CommonJS: imported from ESM by name, which NodeNext allows for CommonJS declarations).

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
export const LEDGER_CLIENT = 'LEDGER_CLIENT';

export enum Patterns {
  InvoiceIssued = 'billing.invoice-issued',
  Heartbeat = 'billing.heartbeat',
  ChargeCard = 'payments.charge-card',
  LedgerBalance = 'ledger.balance',
  InvoiceBalance = 'billing.invoice-balance',
  LedgerEntries = 'ledger.entries',
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

  async announceIssued(invoiceId: string): Promise<void> {
    // ❌ prefer-emit-for-events: only an @EventPattern handler (billing.controller.ts) handles it, which never replies
    await lastValueFrom(this.client.send(Patterns.InvoiceIssued, { invoiceId }).pipe(timeout(5000)));
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
import { ClientProxy, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
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

  @EventPattern(Patterns.InvoiceIssued)
  invoiceIssued(@Payload() event: { invoiceId: string }): void {
    console.log('invoice issued', event.invoiceId);
  }
}
`,
  'src/ledger.service.ts': `import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ClientKafka } from '@nestjs/microservices';
import { lastValueFrom, timeout } from 'rxjs';

import { LEDGER_CLIENT, Patterns } from './patterns.js';

@Injectable()
export class LedgerService implements OnModuleInit {
  constructor(@Inject(LEDGER_CLIENT) private readonly kafka: ClientKafka) {}

  onModuleInit(): void {
    this.kafka.subscribeToResponseOf(Patterns.LedgerBalance);
  }

  async balance(accountId: string): Promise<number> {
    // ✅ its reply topic is subscribed in onModuleInit
    return lastValueFrom(this.kafka.send<number>(Patterns.LedgerBalance, { accountId }).pipe(timeout(5000)));
  }

  async entries(accountId: string): Promise<string[]> {
    // ❌ require-kafka-response-subscription: nothing subscribes to ledger.entries.reply, so the call always fails
    return lastValueFrom(this.kafka.send<string[]>(Patterns.LedgerEntries, { accountId }).pipe(timeout(5000)));
  }
}
`,
  'src/app.module.ts': `import { Module } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';

import { BillingController } from './billing.controller.js';
import { InvoicesService } from './invoices.service.js';
import { LedgerService } from './ledger.service.js';
import { BILLING_CLIENT, LEDGER_CLIENT } from './patterns.js';
import { PaymentsService } from './payments.service.js';

@Module({
  imports: [
    ClientsModule.register([
      { name: BILLING_CLIENT, transport: Transport.TCP, options: { port: 4000 } },
      {
        name: LEDGER_CLIENT,
        transport: Transport.KAFKA,
        options: { client: { brokers: ['localhost:9092'] }, consumer: { groupId: 'billing' } },
      },
    ]),
  ],
  controllers: [BillingController],
  providers: [InvoicesService, PaymentsService, LedgerService],
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

export class StepError extends Error {}

/** Runs a command, resolves with its output; rejects with a StepError and the output tail when it fails (unless allowed). */
function run(command, commandArgs, { cwd, env = process.env, allowExitCodes = [0] } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { cwd, env, shell: process.platform === 'win32' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => {
      reject(new StepError(`${command} ${commandArgs.join(' ')}: ${error.message}`));
    });
    child.on('close', (status, signal) => {
      if (allowExitCodes.includes(status ?? -1)) {
        resolve({ stdout, stderr, status });
        return;
      }
      const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-40).join('\n');
      reject(
        new StepError(
          `\`${command} ${commandArgs.join(' ')}\` in ${cwd ?? process.cwd()} exited with ${String(status ?? signal)}\n${tail}`,
        ),
      );
    });
  });
}

/**
 * The environment for npm and the tools it starts, without what an enclosing `npm test` adds about the repository
 * (npm_package_*, npm_lifecycle_*, npm_config_local_prefix, INIT_CWD) and without ESLINT_USE_FLAT_CONFIG. Registry,
 * proxy and certificate settings (npmrc files, npm_config_* variables) are kept; the npm flags below override the
 * settings that change what gets installed.
 */
export function cleanEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_(package|lifecycle)_|^npm_config_local_prefix$|^INIT_CWD$|^ESLINT_USE_FLAT_CONFIG$/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

function installedVersion(projectDir, name) {
  try {
    return JSON.parse(readFileSync(path.join(projectDir, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return '(not installed)';
  }
}

/** `npm pack` of the repository into `destination`; returns the tarball's path. Checks the entry points are in it. */
export async function packPlugin(destination) {
  if (!existsSync(path.join(repoRoot, 'dist', 'index.js'))) {
    throw new StepError('dist/index.js is missing: run `npm run build` first.');
  }
  mkdirSync(destination, { recursive: true });
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', destination], { cwd: repoRoot, env: cleanEnv() });
  const [packed] = JSON.parse(stdout);
  const files = new Set(packed.files.map((file) => file.path));
  for (const required of ['package.json', 'dist/index.js', 'dist/index.d.ts']) {
    if (!files.has(required)) throw new StepError(`the tarball has no ${required}`);
  }
  return path.join(destination, packed.filename);
}

/**
 * A Git repository at `destination` holding the working tree's files as Git sees them (tracked and untracked, not
 * ignored: no dist/, no node_modules/), committed; returns its `git+file://` URL. What a user gets from
 * `npm i -D git+https://…`: sources only, so npm must build the package (`prepare`).
 */
export async function createGitSource(destination) {
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot });
  for (const file of stdout.split('\0').filter(Boolean)) {
    if (!existsSync(path.join(repoRoot, file))) continue; // deleted, not yet committed
    mkdirSync(path.dirname(path.join(destination, file)), { recursive: true });
    writeFileSync(path.join(destination, file), readFileSync(path.join(repoRoot, file)));
  }
  const git = (...args) => run('git', ['-c', 'user.name=smoke', '-c', 'user.email=smoke@example.invalid', ...args], { cwd: destination });
  await git('init', '-q');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'snapshot');
  return `git+file://${destination}`;
}

/** Validates and completes options; throws a StepError for an unknown or impossible combination. */
export function resolveOptions(options = {}) {
  const eslint = String(options.eslint ?? (options.legacy ? '9' : '10'));
  const typescript = String(options.typescript ?? '5.9');
  const nest = String(options.nest ?? '12');
  if (!Object.hasOwn(ESLINT_RANGES, eslint)) throw new StepError(`--eslint must be 8, 9 or 10, not "${eslint}"`);
  if (!Object.hasOwn(TYPESCRIPT_RANGES, typescript)) throw new StepError(`--typescript must be 5.9 or 6.0, not "${typescript}"`);
  if (!Object.hasOwn(NEST_RANGES, nest)) throw new StepError(`--nest must be 10, 11 or 12, not "${nest}"`);
  // ESLint 8 is exercised with eslintrc only (its flat config support is covered by ESLint 9 and 10).
  const legacy = options.legacy ?? eslint === '8';
  if (legacy && eslint === '10') throw new StepError('--legacy needs ESLint 8 or 9: ESLint 10 no longer reads .eslintrc files.');
  if (!legacy && eslint === '8') throw new StepError('--eslint=8 is tested with eslintrc only: pass --legacy or leave it out.');
  const git = options.git ?? false;
  const label = `ESLint ${eslint} ${legacy ? 'eslintrc' : 'flat'} + TypeScript ${typescript} + NestJS ${nest}${git ? ', installed from git' : ''}`;
  return {
    git,
    eslint,
    legacy,
    typescript,
    nest,
    label,
    tarball: options.tarball ? path.resolve(options.tarball) : undefined,
    cache: path.resolve(options.cache ?? DEFAULT_NPM_CACHE),
    keep: options.keep ?? false,
    log: options.log ?? ((line) => console.log(line)),
  };
}

/** Writes the throw-away project (sources, tsconfig.json, and eslint.config.mjs or .eslintrc.json) into projectDir. */
export function writeProject(projectDir, options = {}) {
  const opts = resolveOptions(options);
  for (const [file, text] of Object.entries(PROJECT_FILES)) {
    mkdirSync(path.dirname(path.join(projectDir, file)), { recursive: true });
    writeFileSync(path.join(projectDir, file), text);
  }
  writeFileSync(path.join(projectDir, opts.legacy ? '.eslintrc.json' : 'eslint.config.mjs'), opts.legacy ? LEGACY_CONFIG : FLAT_CONFIG);
}

/** The npm install flags of every smoke run (see the header), with the npm cache of `options`. */
export function npmInstallFlags(options = {}) {
  const opts = resolveOptions(options);
  return ['--no-audit', '--no-fund', '--prefer-offline', ...(opts.git ? [] : ['--ignore-scripts']), '--legacy-peer-deps=false', '--cache', opts.cache];
}

/**
 * `npm install` of the plugin tarball and the project's dependencies (the versions of `options`) into projectDir,
 * which writeProject filled. Resolves with npm's { stdout, stderr, status }; rejects with a StepError.
 */
export function installProject(projectDir, tarball, options = {}) {
  const opts = resolveOptions(options);
  const nestRange = NEST_RANGES[opts.nest];
  const dependencies = [
    tarball,
    `eslint@${ESLINT_RANGES[opts.eslint]}`,
    `typescript@${TYPESCRIPT_RANGES[opts.typescript]}`,
    `@nestjs/common@${nestRange}`,
    `@nestjs/core@${nestRange}`,
    `@nestjs/microservices@${nestRange}`,
    'rxjs@^7.8',
    'reflect-metadata@^0.2',
    '@types/node@^20',
    // A flat config imports typescript-eslint; .eslintrc names the parser by package, so depend on it directly.
    opts.legacy ? '@typescript-eslint/parser@^8.72.0' : 'typescript-eslint@^8.72.0',
  ];
  return run('npm', ['install', ...npmInstallFlags(opts), ...dependencies], { cwd: projectDir, env: cleanEnv() });
}

// ---------------------------------------------------------------------------------------------------------------
// The smoke run

/**
 * One combination, end to end. Options (all optional): eslint '8' | '9' | '10', legacy (eslintrc; the default for
 * ESLint 8), typescript '5.9' | '6.0', nest '11' | '12', tarball (skip `npm pack`), cache (npm cache dir), keep
 * (keep the project), log (line => void). Resolves with { ok, label, findings, expected, missing, unexpected,
 * installed (name → version), installWarnings (npm WARN lines), eslintStderr, timings: { pack?, install, tsc,
 * eslint, total } (ms), projectDir? (with keep) }; rejects with a
 * StepError when a step fails (the message ends with the tail of the failing command's output).
 */
export async function runSmoke(options = {}) {
  const opts = resolveOptions(options);
  const { log } = opts;
  const timings = {};
  const timed = async (key, label, action) => {
    const started = performance.now();
    try {
      return await action();
    } finally {
      timings[key] = performance.now() - started;
      log(`- ${label}: ${(timings[key] / 1000).toFixed(1)} s`);
    }
  };

  log(`Smoke test of the packed plugin: ${opts.label}`);
  const tempDir = mkdtempSync(path.join(os.tmpdir(), 'nestjs-ms-lint-smoke-'));
  const projectDir = path.join(tempDir, 'app');
  const totalStarted = performance.now();
  try {
    // 1. npm pack (or the given tarball)
    let tarball = opts.tarball;
    if (opts.git) {
      tarball = await timed('pack', 'git snapshot', () => createGitSource(path.join(tempDir, 'git')));
    } else if (tarball) {
      if (!existsSync(tarball)) throw new StepError(`--tarball ${tarball} does not exist`);
    } else {
      tarball = await timed('pack', 'npm pack', () => packPlugin(path.join(tempDir, 'pack')));
    }

    // 2. The project
    writeProject(projectDir, opts);

    // 3. npm install
    const install = await timed('install', 'npm install', () => installProject(projectDir, tarball, opts));
    // npm's warnings (deprecated packages, engine or peer mismatches) differ between combinations: report them.
    const installWarnings = `${install.stdout}\n${install.stderr}`.split('\n').filter((line) => /^npm warn/i.test(line.trim()));
    for (const warning of installWarnings) log(`  ${warning.trim()}`);
    const installed = Object.fromEntries(
      [
        'eslint',
        'typescript',
        opts.legacy ? '@typescript-eslint/parser' : 'typescript-eslint',
        '@typescript-eslint/utils',
        '@nestjs/common',
        '@nestjs/core',
        '@nestjs/microservices',
        'rxjs',
        'eslint-plugin-nestjs-microservices',
      ].map((name) => [name, installedVersion(projectDir, name)]),
    );
    log(`  installed: ${Object.entries(installed).map(([name, version]) => `${name} ${version}`).join(', ')}`);

    // 4. The project type-checks (so the fixture is real NestJS code, not just parseable).
    await timed('tsc', 'tsc --noEmit', () => run('npx', ['--no', '--', 'tsc', '-p', 'tsconfig.json'], { cwd: projectDir, env: cleanEnv() }));

    // 5. ESLint CLI
    const env = cleanEnv(opts.legacy ? { ESLINT_USE_FLAT_CONFIG: 'false' } : {});
    const eslintArgs = ['--no', '--', 'eslint', '--format', 'json', ...(opts.legacy ? ['--ext', '.ts'] : []), 'src'];
    // ESLint exits with 1 when it reports errors: that is expected here.
    const { stdout, stderr } = await timed('eslint', `eslint ${eslintArgs.slice(3).join(' ')}`, () =>
      run('npx', eslintArgs, { cwd: projectDir, env, allowExitCodes: [0, 1] }),
    );
    let results;
    try {
      results = JSON.parse(stdout);
    } catch {
      throw new StepError(`ESLint did not print JSON:\n${stdout.slice(0, 2000)}\n${stderr.slice(0, 2000)}`);
    }
    // Deprecation and other warnings ESLint printed besides its report: worth seeing, never silently dropped.
    const eslintStderr = stderr.trim();
    if (eslintStderr) log(`  eslint stderr:\n${eslintStderr.split('\n').map((line) => `    ${line}`).join('\n')}`);

    // 6. Compare
    const findings = results.flatMap((result) =>
      result.messages.map((message) => ({
        ruleId: message.ruleId,
        file: path.relative(projectDir, result.filePath).split(path.sep).join('/'),
        line: message.line,
        column: message.column,
        message: message.message,
      })),
    );
    const expected = Object.entries(PROJECT_FILES)
      .filter(([file]) => file.endsWith('.ts'))
      .flatMap(([file, text]) => readMarkers(file, text));
    const actualKeys = new Set(findings.map(findingKey));
    const expectedKeys = new Set(expected.map(findingKey));
    const missing = expected.filter((finding) => !actualKeys.has(findingKey(finding)));
    const unexpected = findings.filter((finding) => !expectedKeys.has(findingKey(finding)));

    log(`Findings (${String(results.length)} files linted):`);
    for (const finding of findings) {
      const status = expectedKeys.has(findingKey(finding)) ? 'expected  ' : 'UNEXPECTED';
      log(`  ${status} ${finding.file}:${String(finding.line)}  ${finding.ruleId ?? '(fatal)'}  ${finding.message}`);
    }
    for (const finding of missing) {
      log(`  MISSING    ${finding.file}:${String(finding.line)}  ${finding.ruleId}`);
    }
    timings.total = performance.now() - totalStarted;
    log(`Timings: ${Object.entries(timings).map(([key, ms]) => `${key} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);

    const ok = missing.length === 0 && unexpected.length === 0;
    log(
      ok
        ? `OK (${opts.label}): exactly the ${String(expected.length)} expected findings.`
        : `FAILED (${opts.label}): ${String(missing.length)} missing, ${String(unexpected.length)} unexpected finding(s).`,
    );
    return {
      ok,
      label: opts.label,
      findings,
      expected,
      missing,
      unexpected,
      installed,
      installWarnings,
      eslintStderr,
      timings,
      ...(opts.keep ? { projectDir } : {}),
    };
  } finally {
    if (opts.keep) {
      log(`Kept the temporary project: ${projectDir}`);
    } else {
      rmSync(tempDir, { recursive: true, force: true });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// CLI

async function main() {
  const { values: args } = parseArgs({
    options: {
      eslint: { type: 'string' },
      legacy: { type: 'boolean' },
      typescript: { type: 'string' },
      nest: { type: 'string' },
      tarball: { type: 'string' },
      git: { type: 'boolean', default: false },
      cache: { type: 'string' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (args.help) {
    console.log(
      'usage: node scripts/smoke-pack.mjs [--eslint=10|9|8] [--legacy] [--typescript=5.9|6.0] [--nest=12|11|10]\n' +
        '                                   [--git | --tarball=<file.tgz>] [--cache=<dir>] [--keep]',
    );
    return 0;
  }
  let label = 'smoke test';
  try {
    const options = resolveOptions(args);
    label = options.label;
    console.log(`npm cache: ${options.cache}`);
    const result = await runSmoke(options);
    return result.ok ? 0 : 1;
  } catch (error) {
    console.error(error instanceof StepError ? `\nFAILED (${label}): ${error.message}` : error);
    return 2;
  }
}

const invokedAs = process.argv[1] ? realpathSync(path.resolve(process.argv[1])) : '';
if (invokedAs === realpathSync(fileURLToPath(import.meta.url))) {
  process.exitCode = await main();
}
