/**
 * The plugin under oxlint, NestJS 12's default linter: the real `oxlint` binary loads it as a JS plugin, the
 * plugin answers its type questions from a program of its own (oxlint hands JS plugins no type information), and
 * the findings and fixes must be exactly ESLint's with typescript-eslint's program.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import plugin from '../src/index';
import type { Finding } from './oxlint-runner';
import { createInstalledProject, eslintFindings, runOxlint } from './oxlint-runner';
import { createTypedEslint, removeTypedProject } from './typed-project';

const repoRoot = path.join(__dirname, '..');
const PLUGIN_RULE = /^nestjs-microservices\//;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) removeTypedProject(dir);
});

function project(prefix: string, sourceDir: string, oxlintrc?: object, typescript: 'repo' | 'v6' = 'repo'): string {
  const dir = createInstalledProject(prefix, sourceDir, { typescript });
  dirs.push(dir);
  if (oxlintrc) fs.writeFileSync(path.join(dir, '.oxlintrc.json'), JSON.stringify(oxlintrc, null, 2));
  return dir;
}

const ours = (findings: readonly Finding[]): Finding[] => findings.filter((finding) => PLUGIN_RULE.test(finding.ruleId));

function readTree(dir: string, folders: readonly string[]): Record<string, string> {
  const files: Record<string, string> = {};
  for (const folder of folders) {
    for (const entry of fs.readdirSync(path.join(dir, folder), { recursive: true, encoding: 'utf8' })) {
      if (entry.endsWith('.ts')) files[`${folder}/${entry}`] = fs.readFileSync(path.join(dir, folder, entry), 'utf8');
    }
  }
  return files;
}

function typeCheck(dir: string, typescript = 'node_modules/typescript'): string {
  const tsc = path.join(repoRoot, typescript, 'bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', dir, '--noEmit'], { encoding: 'utf8' });
  return `${result.stdout}${result.stderr}`.trim();
}

describe('oxlint: the example app', () => {
  const exampleDir = path.join(repoRoot, 'examples/orders-service');
  const strict = { extends: ['./node_modules/eslint-plugin-nestjs-microservices/oxlint/strict.json'] };

  it('reports what ESLint reports: rule, line, column, end and message', async () => {
    const oxDir = project('oxlint-example', exampleDir, strict);
    const oxlint = runOxlint(oxDir, ['src/']);
    expect(oxlint.stderr).toBe('');
    const eslintDir = project('eslint-example', exampleDir);
    const eslint = eslintFindings(await createTypedEslint(eslintDir, plugin.configs.strict).lintFiles(['src/**/*.ts']));
    const relative = (findings: readonly Finding[], dir: string): Finding[] => findings.map((finding) => ({ ...finding, file: path.relative(dir, finding.file) }));
    expect(relative(oxlint.findings, oxDir)).toEqual(relative(eslint, eslintDir));
    expect(oxlint.findings.length).toBeGreaterThanOrEqual(15);
    // The example app shows every rule of the plugin.
    expect(new Set(oxlint.findings.map((finding) => finding.ruleId)).size).toBe(Object.keys(plugin.rules).length);
    expect(oxlint.status).toBe(1);
  }, 120_000);

  it('`oxlint --fix` writes what `eslint --fix` writes; the result type-checks and a second run changes nothing', async () => {
    const oxDir = project('oxlint-example-fix', exampleDir, strict);
    runOxlint(oxDir, ['--fix', 'src/']);
    const eslintDir = project('eslint-example-fix', exampleDir);
    const eslint = createTypedEslint(eslintDir, plugin.configs.strict, { fix: true });
    const { ESLint } = await import('eslint');
    await ESLint.outputFixes(await eslint.lintFiles(['src/**/*.ts']));
    const fixed = readTree(oxDir, ['src']);
    expect(fixed).toEqual(readTree(eslintDir, ['src']));
    expect(fixed).not.toEqual(readTree(exampleDir, ['src']));
    expect(typeCheck(oxDir)).toBe('');
    runOxlint(oxDir, ['--fix', 'src/']);
    expect(readTree(oxDir, ['src'])).toEqual(fixed);
  }, 120_000);
});

describe('oxlint: a project laid out like `nest new` 12 (ESM, NodeNext, TypeScript 6.0, `oxlint --type-aware src/ test/`)', () => {
  const fixtureDir = path.join(__dirname, 'fixtures/nest12-oxlint');

  it('type-checks with TypeScript 6.0, so the comparison is on real NestJS 12 code', () => {
    const dir = project('nest12-tsc', fixtureDir, undefined, 'v6');
    expect(typeCheck(dir, 'node_modules/typescript-v6')).toBe('');
  }, 60_000);

  it('reports every rule, across files (handlers, Kafka reply subscriptions), exactly as ESLint does', async () => {
    // The plugin's own program under oxlint is TypeScript 6.0's (the project's); ESLint's is typescript-eslint's.
    const dir = project('nest12-oxlint', fixtureDir, undefined, 'v6');
    const pluginDist = path.join(dir, 'node_modules/eslint-plugin-nestjs-microservices/dist');
    const typescriptManifest = require.resolve('typescript/package.json', { paths: [pluginDist] });
    expect((JSON.parse(fs.readFileSync(typescriptManifest, 'utf8')) as { version: string }).version).toMatch(/^6\.0\./);
    const oxlint = runOxlint(dir, ['--type-aware', 'src/', 'test/']);
    expect(oxlint.stderr).toBe('');
    const eslint = eslintFindings(await createTypedEslint(dir, plugin.configs.strict).lintFiles(['src/**/*.ts', 'test/**/*.ts']));
    expect(ours(oxlint.findings)).toEqual(eslint);
    const byRule = (findings: readonly Finding[]): Record<string, number> =>
      Object.fromEntries([...new Set(findings.map((finding) => finding.ruleId))].sort().map((rule) => [rule, findings.filter((finding) => finding.ruleId === rule).length]));
    expect(byRule(ours(oxlint.findings))).toEqual({
      'nestjs-microservices/no-unawaited-emit': 3,
      'nestjs-microservices/no-unsubscribed-send': 1,
      'nestjs-microservices/prefer-emit-for-events': 1,
      // One missing reply subscription, and the send to `order.shipped`, which only an @EventPattern handles.
      'nestjs-microservices/require-kafka-response-subscription': 2,
      'nestjs-microservices/require-send-timeout': 1,
    });
    // tsgolint's own type-aware rule still runs beside the plugin: `bootstrap();` in main.ts.
    expect(oxlint.findings.filter((finding) => finding.ruleId === 'typescript/no-floating-promises').map((finding) => path.basename(finding.file))).toEqual(['main.ts']);
  }, 120_000);

  it('a file no tsconfig includes gets one clear error saying what to add, not a crash of every rule', () => {
    const dir = project('nest12-no-project', fixtureDir, undefined, 'v6');
    const tsconfig = JSON.parse(fs.readFileSync(path.join(dir, 'tsconfig.json'), 'utf8')) as object;
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ ...tsconfig, include: ['src', 'test'] }));
    fs.mkdirSync(path.join(dir, 'scripts'));
    fs.copyFileSync(path.join(dir, 'test/orders.e2e-spec.ts'), path.join(dir, 'scripts/publish.ts'));
    fs.writeFileSync(path.join(dir, 'scripts/plain.ts'), 'export const answer = 42;\n');
    // JavaScript has no types to miss: not reported, even with the rules on for every file (the presets are for
    // TypeScript files only).
    fs.writeFileSync(path.join(dir, 'scripts/legacy.js'), 'export function handler(req, res) { res.send("ok"); }\n');
    const rules = { 'nestjs-microservices/no-unawaited-emit': 'error', 'nestjs-microservices/no-unsubscribed-send': 'error' };
    fs.writeFileSync(path.join(dir, '.oxlintrc.json'), JSON.stringify({ jsPlugins: ['eslint-plugin-nestjs-microservices'], rules }));
    const oxlint = runOxlint(dir, ['scripts/']);
    expect(oxlint.stderr).toBe('');
    expect(oxlint.status).toBe(1);
    expect(oxlint.findings.map((finding) => [path.basename(finding.file), finding.line, finding.message])).toEqual([
      [
        'publish.ts',
        1,
        `eslint-plugin-nestjs-microservices: no TypeScript project includes this file: add it to "include" (or "files") of ${path.join(dir, 'tsconfig.json')}, or of a tsconfig.json it references, so that its types are known.`,
      ],
    ]);
  }, 60_000);
});
