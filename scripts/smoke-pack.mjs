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
//   node scripts/smoke-pack.mjs --backend=tsgo --typescript=6.0
//                                                            typescript-eslint's experimental tsgo backend: TypeScript 6.0
//                                                            for its parse, TypeScript 7.1 as @typescript/native for types
//   node scripts/smoke-pack.mjs --linter=oxlint --typescript=7.1
//                                                            oxlint (no ESLint installed) on a TypeScript 7 project, with
//                                                            TypeScript's official 6.0 API package beside it (7.0 or 7.1;
//                                                            --no-typescript6 leaves it out: one message says what to install)
//   node scripts/smoke-pack.mjs --example                    also lint examples/orders-service (as example/, strict config)
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
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PLUGIN_PREFIX = 'nestjs-microservices/';

/** The versions the matrix knows, as npm ranges. */
export const ESLINT_RANGES = { 8: '~8.57.0', 9: '^9', 10: '^10' };
// TypeScript 7 prereleases are pinned exactly: 7.0 has no compiler API, 7.1.0-beta the first one.
export const TYPESCRIPT_RANGES = { '5.9': '~5.9.3', '6.0': '~6.0.3', '7.0': '7.0.2', '7.1': '7.1.0-beta' };
/** TypeScript 7 as typescript-eslint's tsgo backend loads it (`@typescript/native`), and the typescript-eslint it needs. */
export const TSGO = { native: '7.1.0-beta', typescriptEslint: '8.74.0' };
/** TypeScript's official package of the 6.0 API, installed beside TypeScript 7 (TypeScript 7.0's side-by-side guide). */
export const TYPESCRIPT6 = '@typescript/typescript6@6.0.2';
/** oxlint as `nest new` 12 installs it, with tsgolint for `--type-aware`. */
export const OXLINT = { oxlint: '1.96.0', tsgolint: '7.0.2009' };
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

/** The flat config: recommended for the project's src/, strict for the example app; on the tsgo backend if asked. */
function flatConfig({ backend, example }) {
  const projectService = backend === 'tsgo' ? "{ EXPERIMENTAL_backend: 'tsgo' }" : 'true';
  return `import nestjsMicroservices from 'eslint-plugin-nestjs-microservices';
import tseslint from 'typescript-eslint';

export default [
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: ${projectService}, tsconfigRootDir: import.meta.dirname },
    },
  },
  { ...nestjsMicroservices.configs.recommended, files: ['src/**/*.ts'] },${example ? "\n  { ...nestjsMicroservices.configs.strict, files: ['example/**/*.ts'] }," : ''}
];
`;
}

/** The same for oxlint: the plugin's shipped presets' rules, recommended for src/, strict for the example app. */
function oxlintConfig({ example }) {
  const rulesOf = (preset) => JSON.parse(readFileSync(path.join(repoRoot, 'oxlint', `${preset}.json`), 'utf8')).overrides[0].rules;
  return `${JSON.stringify(
    {
      jsPlugins: ['eslint-plugin-nestjs-microservices'],
      overrides: [
        { files: ['src/**/*.ts'], rules: rulesOf('recommended') },
        ...(example ? [{ files: ['example/**/*.ts'], rules: rulesOf('strict') }] : []),
      ],
    },
    null,
    2,
  )}\n`;
}

/** examples/orders-service as example/ of the throw-away project: its tsconfig and sources, with their markers. */
function exampleFiles() {
  const exampleDir = path.join(repoRoot, 'examples', 'orders-service');
  const files = { 'example/tsconfig.json': readFileSync(path.join(exampleDir, 'tsconfig.json'), 'utf8') };
  for (const entry of readdirSync(path.join(exampleDir, 'src'))) {
    if (entry.endsWith('.ts')) files[`example/src/${entry}`] = readFileSync(path.join(exampleDir, 'src', entry), 'utf8');
  }
  return files;
}

/** Every source file of the project (the marked ones included), by path. */
function projectFiles(opts) {
  return { ...PROJECT_FILES, ...(opts.example ? exampleFiles() : {}) };
}

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
  const linter = String(options.linter ?? 'eslint');
  const eslint = String(options.eslint ?? (options.legacy ? '9' : '10'));
  const typescript = String(options.typescript ?? '5.9');
  const nest = String(options.nest ?? '12');
  const backend = String(options.backend ?? 'classic');
  const typescript7 = typescript.startsWith('7.');
  // TypeScript 7 projects get the official 6.0 API package beside it unless told otherwise.
  const typescript6 = typescript7 && (options.typescript6 ?? true);
  const example = options.example ?? false;
  if (!['eslint', 'oxlint'].includes(linter)) throw new StepError(`--linter must be eslint or oxlint, not "${linter}"`);
  if (!Object.hasOwn(ESLINT_RANGES, eslint)) throw new StepError(`--eslint must be 8, 9 or 10, not "${eslint}"`);
  if (!Object.hasOwn(TYPESCRIPT_RANGES, typescript)) throw new StepError(`--typescript must be 5.9, 6.0, 7.0 or 7.1, not "${typescript}"`);
  if (!Object.hasOwn(NEST_RANGES, nest)) throw new StepError(`--nest must be 10, 11 or 12, not "${nest}"`);
  if (!['classic', 'tsgo'].includes(backend)) throw new StepError(`--backend must be classic or tsgo, not "${backend}"`);
  if (linter === 'eslint' && typescript7) {
    throw new StepError('typescript-eslint needs classic TypeScript (<6.1) as `typescript`: TypeScript 7 is tested with --linter=oxlint, or as --backend=tsgo');
  }
  if (backend === 'tsgo' && (linter !== 'eslint' || typescript !== '6.0' || eslint !== '10')) {
    throw new StepError('--backend=tsgo needs ESLint 10 with a flat config and --typescript=6.0 (typescript-eslint parses with classic TypeScript 6.0)');
  }
  if (example && nest !== '12') throw new StepError('--example needs --nest=12 (the example app is a NestJS 12 app)');
  // ESLint 8 is exercised with eslintrc only (its flat config support is covered by ESLint 9 and 10).
  const legacy = options.legacy ?? eslint === '8';
  if (legacy && eslint === '10') throw new StepError('--legacy needs ESLint 8 or 9: ESLint 10 no longer reads .eslintrc files.');
  if (!legacy && eslint === '8') throw new StepError('--eslint=8 is tested with eslintrc only: pass --legacy or leave it out.');
  const git = options.git ?? false;
  const typescriptLabel = `TypeScript ${typescript}${typescript6 ? ' + @typescript/typescript6' : ''}`;
  const linterLabel =
    linter === 'oxlint'
      ? `oxlint ${OXLINT.oxlint} (no ESLint)`
      : `ESLint ${eslint} ${legacy ? 'eslintrc' : 'flat'}${backend === 'tsgo' ? `, tsgo backend (@typescript/native ${TSGO.native})` : ''}`;
  const label = `${linterLabel} + ${typescriptLabel} + NestJS ${nest}${example ? ' + example app' : ''}${git ? ', installed from git' : ''}`;
  return {
    linter,
    backend,
    typescript6,
    checkWithoutTypescript6: options.checkWithoutTypescript6 ?? false,
    fix: options.fix ?? false,
    example,
    git,
    eslint,
    legacy: linter === 'eslint' && legacy,
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
  for (const [file, text] of Object.entries(projectFiles(opts))) {
    mkdirSync(path.dirname(path.join(projectDir, file)), { recursive: true });
    writeFileSync(path.join(projectDir, file), text);
  }
  if (opts.linter === 'oxlint') writeFileSync(path.join(projectDir, '.oxlintrc.json'), oxlintConfig(opts));
  else writeFileSync(path.join(projectDir, opts.legacy ? '.eslintrc.json' : 'eslint.config.mjs'), opts.legacy ? LEGACY_CONFIG : flatConfig(opts));
}

/** The npm install flags of every smoke run (see the header), with the npm cache of `options`. */
export function npmInstallFlags(options = {}) {
  const opts = resolveOptions(options);
  // A Git install must build the plugin (`prepare`): it runs under npm 11's strict install-script policy, approved
  // in the project's package.json the way the README says (installProject writes the `allowScripts` entry).
  return ['--no-audit', '--no-fund', '--prefer-offline', ...(opts.git ? ['--strict-allow-scripts'] : ['--ignore-scripts']), '--legacy-peer-deps=false', '--cache', opts.cache];
}

/**
 * `npm install` of the plugin tarball and the project's dependencies (the versions of `options`) into projectDir,
 * which writeProject filled. Resolves with npm's { stdout, stderr, status }; rejects with a StepError.
 */
export function installProject(projectDir, tarball, options = {}) {
  const opts = resolveOptions(options);
  const nestRange = NEST_RANGES[opts.nest];
  const linterDependencies =
    opts.linter === 'oxlint'
      ? [`oxlint@${OXLINT.oxlint}`, `oxlint-tsgolint@${OXLINT.tsgolint}`]
      : [
          `eslint@${ESLINT_RANGES[opts.eslint]}`,
          // A flat config imports typescript-eslint; .eslintrc names the parser by package, so depend on it directly.
          opts.legacy ? '@typescript-eslint/parser@^8.72.0' : `typescript-eslint@${opts.backend === 'tsgo' ? TSGO.typescriptEslint : '^8.72.0'}`,
          ...(opts.backend === 'tsgo' ? [`@typescript/native@npm:typescript@${TSGO.native}`] : []),
        ];
  const dependencies = [
    tarball,
    `typescript@${TYPESCRIPT_RANGES[opts.typescript]}`,
    ...(opts.typescript6 ? [TYPESCRIPT6] : []),
    ...linterDependencies,
    `@nestjs/common@${nestRange}`,
    `@nestjs/core@${nestRange}`,
    `@nestjs/microservices@${nestRange}`,
    'rxjs@^7.8',
    'reflect-metadata@^0.2',
    '@types/node@^20',
  ];
  if (opts.git) {
    // npm matches a Git dependency's install-script approval by its URL (README, "Install").
    const manifestPath = path.join(projectDir, 'package.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    writeFileSync(manifestPath, `${JSON.stringify({ ...manifest, allowScripts: { [tarball]: true } }, null, 2)}\n`);
  }
  return run('npm', ['install', ...npmInstallFlags(opts), ...dependencies], { cwd: projectDir, env: cleanEnv() });
}

/** ESLint's CLI on `targets`; ESLint exits with 1 when it reports errors, which is expected here. */
async function runEslintCli(projectDir, targets, opts) {
  const env = cleanEnv(opts.legacy ? { ESLINT_USE_FLAT_CONFIG: 'false' } : {});
  const eslintArgs = ['--no', '--', 'eslint', '--format', 'json', ...(opts.legacy ? ['--ext', '.ts'] : []), ...targets];
  const { stdout, stderr } = await run('npx', eslintArgs, { cwd: projectDir, env, allowExitCodes: [0, 1] });
  let results;
  try {
    results = JSON.parse(stdout);
  } catch {
    throw new StepError(`ESLint did not print JSON:\n${stdout.slice(0, 2000)}\n${stderr.slice(0, 2000)}`);
  }
  const findings = results.flatMap((result) =>
    result.messages.map((message) => ({
      ruleId: message.ruleId,
      file: path.relative(projectDir, result.filePath).split(path.sep).join('/'),
      line: message.line,
      column: message.column,
      message: message.message,
    })),
  );
  return { findings, filesLinted: results.length, stderr: stderr.trim() };
}

/** The text `eslint --fix` would write, by file, for the files it would change. */
async function fixWithEslint(projectDir, targets, opts) {
  const env = cleanEnv(opts.legacy ? { ESLINT_USE_FLAT_CONFIG: 'false' } : {});
  const args = ['--no', '--', 'eslint', '--fix-dry-run', '--format', 'json', ...(opts.legacy ? ['--ext', '.ts'] : []), ...targets];
  const { stdout } = await run('npx', args, { cwd: projectDir, env, allowExitCodes: [0, 1] });
  const outputs = {};
  for (const result of JSON.parse(stdout)) {
    if (result.output !== undefined) outputs[path.relative(projectDir, result.filePath).split(path.sep).join('/')] = result.output;
  }
  return outputs;
}

/** The text `oxlint --fix` writes, by file, for the files it changed; the project's sources are restored after. */
async function fixWithOxlint(projectDir, targets, sources) {
  await run('npx', ['--no', '--', 'oxlint', '--fix', '--type-aware', ...targets], { cwd: projectDir, env: cleanEnv(), allowExitCodes: [0, 1] });
  const outputs = {};
  for (const [file, original] of Object.entries(sources)) {
    if (!file.endsWith('.ts')) continue;
    const fixed = readFileSync(path.join(projectDir, file), 'utf8');
    if (fixed !== original) {
      outputs[file] = fixed;
      writeFileSync(path.join(projectDir, file), original);
    }
  }
  return outputs;
}

/** 1-based line and column (UTF-16, as ESLint counts) of a UTF-8 byte offset, as oxlint reports spans. */
function positionOfByte(bytes, offset) {
  const before = bytes.subarray(0, offset).toString('utf8');
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: before.length - lineStart + 1 };
}

/** `oxlint -f json --type-aware` on `targets`, its findings in ESLint's shape (`plugin(rule)` → `plugin/rule`). */
async function runOxlintCli(projectDir, targets) {
  const { stdout, stderr, status } = await run('npx', ['--no', '--', 'oxlint', '-f', 'json', '--type-aware', ...targets], {
    cwd: projectDir,
    env: cleanEnv(),
    allowExitCodes: [0, 1],
  });
  let report;
  try {
    report = JSON.parse(stdout.slice(stdout.indexOf('{')));
  } catch {
    throw new StepError(`oxlint did not print JSON:\n${stdout.slice(0, 2000)}\n${stderr.slice(0, 2000)}`);
  }
  const findings = report.diagnostics.map((diagnostic) => {
    const file = path.relative(projectDir, path.resolve(projectDir, diagnostic.filename)).split(path.sep).join('/');
    const { line, column } = positionOfByte(readFileSync(path.join(projectDir, file)), diagnostic.labels?.[0]?.span.offset ?? 0);
    return { ruleId: (diagnostic.code ?? '').replace(/^(.*)\((.*)\)$/, '$1/$2'), file, line, column, message: diagnostic.message };
  });
  // tsgolint's own rules (`--type-aware` turns on its default ones, e.g. typescript/await-thenable) are not the
  // plugin's: the ESLint runs lint with the plugin's rules only.
  const others = findings.filter((finding) => !finding.ruleId.startsWith(PLUGIN_PREFIX));
  findings.splice(0, findings.length, ...findings.filter((finding) => finding.ruleId.startsWith(PLUGIN_PREFIX)));
  findings.sort((a, b) => `${a.file}:${String(a.line).padStart(5)}:${String(a.column).padStart(4)}`.localeCompare(`${b.file}:${String(b.line).padStart(5)}:${String(b.column).padStart(4)}`));
  return { findings, others, filesLinted: report.number_of_files ?? new Set(findings.map((finding) => finding.file)).size, stderr: stderr.trim(), status };
}

// ---------------------------------------------------------------------------------------------------------------
// The smoke run

/**
 * One combination, end to end. Options (all optional): eslint '8' | '9' | '10', legacy (eslintrc; the default for
 * ESLint 8), typescript '5.9' | '6.0', nest '11' | '12', tarball (skip `npm pack`), cache (npm cache dir), keep
 * (keep the project), log (line => void); linter 'eslint' | 'oxlint', backend 'classic' | 'tsgo', typescript6 (install
 * @typescript/typescript6 beside TypeScript 7), checkWithoutTypescript6 (oxlint: lint again with it hidden), example
 * (also lint the example app). Resolves with { ok, label, findings, expected, missing, unexpected, installed
 * (name → version), installWarnings (npm WARN lines), peerProblems (what `npm ls --all` flags), lintStderr,
 * withoutTypescript6? ({ findings, status }), timings: { pack?, install, tsc, lint, total } (ms), projectDir? (with
 * keep) }; rejects with a
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
        ...(opts.linter === 'oxlint'
          ? ['oxlint', 'oxlint-tsgolint', 'eslint']
          : ['eslint', opts.legacy ? '@typescript-eslint/parser' : 'typescript-eslint', '@typescript-eslint/utils']),
        'typescript',
        ...(opts.typescript6 ? ['@typescript/typescript6'] : []),
        ...(opts.backend === 'tsgo' ? ['@typescript/native'] : []),
        '@nestjs/common',
        '@nestjs/core',
        '@nestjs/microservices',
        'rxjs',
        'eslint-plugin-nestjs-microservices',
      ].map((name) => [name, installedVersion(projectDir, name)]),
    );
    log(`  installed: ${Object.entries(installed).map(([name, version]) => `${name} ${version}`).join(', ')}`);
    // npm's own check of the installed tree: every peer dependency present and in range.
    const npmLs = await run('npm', ['ls', '--all'], { cwd: projectDir, env: cleanEnv(), allowExitCodes: [0, 1] });
    const peerProblems = `${npmLs.stdout}\n${npmLs.stderr}`
      .split('\n')
      .filter((line) => /invalid|UNMET|missing|ERR!/i.test(line) && !/UNMET OPTIONAL DEPENDENCY/.test(line))
      .map((line) => line.trim());
    if (npmLs.status !== 0 && peerProblems.length === 0) peerProblems.push(`npm ls exited with ${String(npmLs.status)}`);
    for (const problem of peerProblems) log(`  npm ls: ${problem}`);

    // 4. The project type-checks (so the fixture is real NestJS code, not just parseable), with the project's tsc.
    await timed('tsc', 'tsc --noEmit', async () => {
      await run('npx', ['--no', '--', 'tsc', '-p', 'tsconfig.json'], { cwd: projectDir, env: cleanEnv() });
      if (opts.example) await run('npx', ['--no', '--', 'tsc', '-p', 'example/tsconfig.json'], { cwd: projectDir, env: cleanEnv() });
    });

    // 5. The linter's CLI
    const lintTargets = ['src', ...(opts.example ? ['example'] : [])];
    const { findings, filesLinted, stderr: lintStderr } =
      opts.linter === 'oxlint'
        ? await timed('lint', `oxlint --type-aware ${lintTargets.join(' ')}`, () => runOxlintCli(projectDir, lintTargets))
        : await timed('lint', `eslint ${lintTargets.join(' ')}`, () => runEslintCli(projectDir, lintTargets, opts));
    // Deprecation and other warnings the linter printed besides its report: worth seeing, never silently dropped.
    if (lintStderr) log(`  ${opts.linter} stderr:\n${lintStderr.split('\n').map((line) => `    ${line}`).join('\n')}`);

    // 5a. What the fixes write (`eslint --fix-dry-run`; `oxlint --fix`, then the sources are put back).
    let fixedOutputs;
    if (opts.fix) {
      fixedOutputs = await timed('fix', `${opts.linter} --fix`, () =>
        opts.linter === 'oxlint' ? fixWithOxlint(projectDir, lintTargets, projectFiles(opts)) : fixWithEslint(projectDir, lintTargets, opts),
      );
    }

    // 5b. Without the classic API (TypeScript 7 alone), the same run, to see what the user is told.
    let withoutTypescript6;
    if (opts.typescript6 && opts.linter === 'oxlint' && opts.checkWithoutTypescript6) {
      const compatibilityDir = path.join(projectDir, 'node_modules', '@typescript', 'typescript6');
      const hidden = `${compatibilityDir}.hidden`;
      renameSync(compatibilityDir, hidden);
      try {
        withoutTypescript6 = await timed('lintWithoutTypescript6', 'oxlint without @typescript/typescript6', () => runOxlintCli(projectDir, lintTargets));
      } finally {
        renameSync(hidden, compatibilityDir);
      }
    }

    // 6. Compare
    const expected = Object.entries(projectFiles(opts))
      .filter(([file]) => file.endsWith('.ts'))
      .flatMap(([file, text]) => readMarkers(file, text));
    const actualKeys = new Set(findings.map(findingKey));
    const expectedKeys = new Set(expected.map(findingKey));
    const missing = expected.filter((finding) => !actualKeys.has(findingKey(finding)));
    const unexpected = findings.filter((finding) => !expectedKeys.has(findingKey(finding)));

    log(`Findings (${String(filesLinted)} files linted):`);
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
      peerProblems,
      lintStderr,
      withoutTypescript6,
      fixedOutputs,
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
      linter: { type: 'string' },
      backend: { type: 'string' },
      'no-typescript6': { type: 'boolean', default: false },
      example: { type: 'boolean', default: false },
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
      'usage: node scripts/smoke-pack.mjs [--linter=eslint|oxlint] [--eslint=10|9|8] [--legacy] [--backend=classic|tsgo]\n' +
        '                                   [--typescript=5.9|6.0|7.0|7.1] [--no-typescript6] [--nest=12|11|10] [--example]\n' +
        '                                   [--git | --tarball=<file.tgz>] [--cache=<dir>] [--keep]',
    );
    return 0;
  }
  let label = 'smoke test';
  try {
    const options = resolveOptions({ ...args, typescript6: args['no-typescript6'] ? false : undefined });
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
