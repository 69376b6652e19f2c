/**
 * Keeps the benchmark (`npm run bench`, bench/) from rotting: generates a tiny code base with the benchmark's
 * generator and lints it with the benchmark's own lint function (the plugin from dist/, which `npm test` builds
 * first). No timing assertions: only that every rule ran and reported stats, and that the instrumentation counts.
 * The clean variant (`--clean`) writes every planted finding the way the rules ask: there, no rule may report.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import plugin from '../src/index';

interface CodeBaseSummary {
  files: number;
  modules: number;
  clientCalls: number;
}

interface BenchLintResult {
  files: number;
  parseMs: number;
  lintMs: number;
  rulesMs: Record<string, number>;
  ourRules: string[];
  referenceRules: string[];
  findings: Record<string, number>;
  fatal: string[];
  instrumentation: {
    programs: number;
    filesWithoutProgram: number;
    indexBuilds: number;
    indexBuildsPerProgram: number | null;
    indexBuildMs: number;
    typeQueries: Record<string, number>;
    typeQueriesPer1000Files: Record<string, number>;
  };
}

interface GenerateModule {
  generate: (count: number, outDir: string, options?: { clean?: boolean }) => CodeBaseSummary;
}

interface LintModule {
  lintCodeBase: (dir: string) => Promise<BenchLintResult>;
}

const repoRoot = path.join(__dirname, '..');
const FILES = 20;

async function importBench<T>(file: string): Promise<T> {
  // A computed specifier: the .mjs files have no type declarations, the interfaces above describe them.
  const url = pathToFileURL(path.join(repoRoot, 'bench', file)).href;
  return (await import(url)) as T;
}

/**
 * Generates a code base of FILES files with the benchmark's generator in a temporary folder and lints it with the
 * benchmark's lint function, once for the enclosing `describe`.
 */
function useSmokeRun(options: { clean: boolean }): () => { summary?: CodeBaseSummary; result?: BenchLintResult } {
  const run: { summary?: CodeBaseSummary; result?: BenchLintResult } = {};
  let workDir = '';
  beforeAll(async () => {
    const { generate } = await importBench<GenerateModule>('generate.mjs');
    const { lintCodeBase } = await importBench<LintModule>('lint.mjs');
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), `nestjs-microservices-bench-${options.clean ? 'clean-' : ''}`));
    run.summary = generate(FILES, workDir, options);
    run.result = await lintCodeBase(workDir);
  });
  afterAll(() => {
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });
  return () => run;
}

describe('benchmark smoke run', () => {
  const smokeRun = useSmokeRun({ clean: false });

  it('generates the requested number of files', () => {
    const { summary } = smokeRun();
    expect(summary?.files).toBe(FILES);
    expect(summary?.modules).toBeGreaterThanOrEqual(1);
  });

  it('lints every file without parse errors', () => {
    const { result } = smokeRun();
    expect(result?.files).toBe(FILES);
    expect(result?.fatal).toEqual([]);
    expect(result?.instrumentation.filesWithoutProgram).toBe(0);
  });

  it('reports stats for every rule of the plugin and both reference rules', () => {
    const { result } = smokeRun();
    expect(result?.ourRules).toHaveLength(Object.keys(plugin.rules).length);
    expect(result?.referenceRules).toEqual(['@typescript-eslint/no-floating-promises', 'rxjs-x/no-floating-observables']);
    for (const ruleId of [...(result?.ourRules ?? []), ...(result?.referenceRules ?? [])]) {
      expect(result?.rulesMs[ruleId], ruleId).toBeTypeOf('number');
    }
    expect(result?.parseMs).toBeGreaterThan(0);
    expect(result?.lintMs).toBeGreaterThan(0);
  });

  it('finds what the generated code plants for every rule', () => {
    const { result } = smokeRun();
    // Module 0 of the generated code has a finding for every rule, so every rule's reporting path is measured.
    // When a rule changes what it reports, update the planted code in bench/generate.mjs.
    for (const ruleId of [...(result?.ourRules ?? []), ...(result?.referenceRules ?? [])]) {
      expect(result?.findings[ruleId] ?? 0, `no ${ruleId} finding in the generated code (bench/generate.mjs)`).toBeGreaterThan(0);
    }
  });

  it('builds the handler index once for the one program and counts type queries per rule', () => {
    const { result } = smokeRun();
    expect(result?.instrumentation.programs).toBe(1);
    expect(result?.instrumentation.indexBuilds).toBe(1);
    expect(result?.instrumentation.indexBuildsPerProgram).toBe(1);
    // The build's own time is reported (no bound on it: timing is the benchmark's, not a test's).
    expect(result?.instrumentation.indexBuildMs).toBeGreaterThan(0);
    // A call's analysis (and its pattern route) is shared by all rules and counted for the rule that asked first,
    // so a rule may ask nothing of its own; the rules that classify calls first always ask.
    const queries = result?.instrumentation.typeQueries ?? {};
    expect(queries['nestjs-microservices/no-unawaited-emit'] ?? 0).toBeGreaterThan(0);
    expect(queries['nestjs-microservices/no-unsubscribed-send'] ?? 0).toBeGreaterThan(0);
  });
});

describe('benchmark smoke run, clean code base (`--clean`)', () => {
  const smokeRun = useSmokeRun({ clean: true });

  it('has client calls, every one written the way the rules ask: no rule reports anything', () => {
    const { summary, result } = smokeRun();
    expect(summary?.files).toBe(FILES);
    expect(summary?.clientCalls).toBeGreaterThan(0);
    expect(result?.fatal).toEqual([]);
    const ruleIds = [...(result?.ourRules ?? []), ...(result?.referenceRules ?? [])];
    expect(ruleIds).toHaveLength(Object.keys(plugin.rules).length + 2);
    expect(Object.fromEntries(ruleIds.map((ruleId) => [ruleId, result?.findings[ruleId] ?? 0]))).toEqual(
      Object.fromEntries(ruleIds.map((ruleId) => [ruleId, 0])),
    );
  });
});

describe('benchmark smoke runs of the oxlint and editor benchmarks', () => {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nestjs-microservices-bench-out-'));
  afterAll(() => {
    fs.rmSync(outDir, { recursive: true, force: true });
  });
  const run = (script: string, args: string[]): { status: number | null; stdout: string; stderr: string } =>
    spawnSync(process.execPath, [path.join(repoRoot, 'bench', script), ...args], { encoding: 'utf8', timeout: 120_000 });

  it('bench/oxlint.mjs: the real oxlint binary and ESLint find the same on a generated code base, every rule included', () => {
    const out = path.join(outDir, 'oxlint.json');
    const result = run('oxlint.mjs', [`--sizes=${String(FILES)}`, '--repeat=1', `--out=${out}`]);
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.stdout).toContain('(identical)');
    expect(result.status).toBe(0);
    const [size] = (JSON.parse(fs.readFileSync(out, 'utf8')) as { results: { findings: { oxlint: number; eslint: number } }[] }).results;
    expect(size?.findings.oxlint).toBeGreaterThanOrEqual(5);
    expect(size?.findings.oxlint).toBe(size?.findings.eslint);
  }, 120_000);

  it('bench/editor.mjs: re-lints one file with edits; the index is built once per re-lint and reads one file', () => {
    const out = path.join(outDir, 'editor.json');
    const result = run('editor.mjs', [`--sizes=${String(FILES)}`, '--relints=4', `--out=${out}`]);
    expect(result.status).toBe(0);
    const [size] = (
      JSON.parse(fs.readFileSync(out, 'utf8')) as { results: { indexBuildsPerRelint: number; indexFileReadsPerRelint: number; indexMsPerRelint: number }[] }
    ).results;
    expect(size?.indexBuildsPerRelint).toBe(1);
    expect(size?.indexFileReadsPerRelint).toBe(1);
    expect(typeof size?.indexMsPerRelint).toBe('number');
  }, 120_000);
});
