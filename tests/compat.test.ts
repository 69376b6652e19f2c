/**
 * Compatibility matrix: the packed plugin (`npm pack`, as published) installed into a throw-away NestJS project with
 * real peers from the registry and run by the ESLint CLI, across ESLint, TypeScript and NestJS versions. Every
 * combination must report exactly the findings the project's `// ❌` markers expect, and all of them the very same
 * findings (rule, file, line, column and message). The project and the run are scripts/smoke-pack.mjs (`runSmoke`).
 *
 * Needs a built dist/ (`npm test` builds first) and the npm registry, unless the shared npm cache
 * (DEFAULT_NPM_CACHE, under os.tmpdir(), kept between runs) already holds every package: installs use
 * --prefer-offline, so a warm cache also pins the resolved versions until it is deleted.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Finding {
  ruleId: string | null;
  file: string;
  line: number;
  column?: number;
  message?: string;
}

interface SmokeOptions {
  linter?: 'eslint' | 'oxlint';
  eslint?: '8' | '9' | '10';
  legacy?: boolean;
  /** typescript-eslint's backend: classic TypeScript, or the experimental tsgo one (TypeScript 7.1 as @typescript/native). */
  backend?: 'classic' | 'tsgo';
  typescript: '5.9' | '6.0' | '7.0' | '7.1';
  nest: '10' | '11' | '12';
  /** Also lint the example app (examples/orders-service, strict config): every rule, across files. */
  example?: boolean;
  /** Also compare what the fixes write. */
  fix?: boolean;
  /** oxlint on TypeScript 7: lint once more with @typescript/typescript6 hidden. */
  checkWithoutTypescript6?: boolean;
  /** Install from a `git+file://` URL of a snapshot of the working tree: npm runs `prepare` (the build). */
  git?: boolean;
  tarball?: string;
  cache?: string;
  log?: (line: string) => void;
}

interface SmokeResult {
  ok: boolean;
  label: string;
  findings: Finding[];
  expected: Finding[];
  missing: Finding[];
  unexpected: Finding[];
  installed: Record<string, string>;
  installWarnings: string[];
  peerProblems: string[];
  lintStderr: string;
  withoutTypescript6?: { findings: Finding[]; status: number };
  fixedOutputs?: Record<string, string>;
  timings: Record<'install' | 'tsc' | 'lint' | 'total', number>;
}

/** The parts of scripts/smoke-pack.mjs used here (a plain .mjs file without type declarations). */
interface SmokeModule {
  runSmoke: (options: SmokeOptions) => Promise<SmokeResult>;
  packPlugin: (destination: string) => Promise<string>;
  DEFAULT_NPM_CACHE: string;
}

interface Outcome {
  result?: SmokeResult;
  error?: unknown;
  wallMs: number;
  log: string[];
}

const repoRoot = path.join(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };

const COMBINATIONS: readonly SmokeOptions[] = [
  // The reference: every other combination must report exactly its findings, and write exactly its fixes.
  { eslint: '10', legacy: false, typescript: '5.9', nest: '12', example: true, fix: true },
  // typescript-eslint's experimental tsgo backend (TypeScript 6.0 parses, TypeScript 7.1 answers type questions).
  { eslint: '10', backend: 'tsgo', typescript: '6.0', nest: '12', example: true, fix: true },
  // oxlint on TypeScript 7, no ESLint installed: 7.1 with the 6.0 API package beside it; 7.0 with it, then without.
  { linter: 'oxlint', typescript: '7.1', nest: '12', example: true, fix: true },
  { linter: 'oxlint', typescript: '7.0', nest: '12', checkWithoutTypescript6: true },
  { eslint: '9', legacy: false, typescript: '6.0', nest: '11' },
  { eslint: '9', legacy: true, typescript: '5.9', nest: '12' },
  { eslint: '8', legacy: true, typescript: '6.0', nest: '11' },
  { eslint: '8', legacy: true, typescript: '5.9', nest: '10' },
  { eslint: '10', legacy: false, typescript: '6.0', nest: '12', git: true },
];

/**
 * Two combinations at a time: faster than one at a time on a 2-core machine, because npm install (the longest step)
 * waits on disk and network, while tsc and ESLint use one core each. Measured with a warm npm cache on a busy 2-core
 * machine (load average 6-9): one at a time 70 s for the four, two at a time 53-61 s; with a cold cache 70 s.
 */
const CONCURRENCY = 2;

const label = (combination: SmokeOptions): string =>
  [
    combination.linter === 'oxlint' ? 'oxlint' : `ESLint ${combination.eslint ?? '10'} ${combination.legacy ? 'eslintrc' : 'flat'}`,
    combination.backend === 'tsgo' ? ' (tsgo backend)' : '',
    ` + TypeScript ${combination.typescript} + NestJS ${combination.nest}`,
    combination.example ? ' + example app' : '',
    combination.git ? ', installed from git' : '',
  ].join('');

/** Source files newer than their build output (or without one): linting the tarball would test old code. */
function staleBuildOutputs(): string[] {
  const srcDir = path.join(repoRoot, 'src');
  const stale: string[] = [];
  for (const entry of fs.readdirSync(srcDir, { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.ts') || entry.endsWith('.d.ts')) continue;
    const output = path.join(repoRoot, 'dist', entry.replace(/\.ts$/, '.js'));
    if (!fs.existsSync(output)) stale.push(`${entry} (no dist output)`);
    else if (fs.statSync(path.join(srcDir, entry)).mtimeMs > fs.statSync(output).mtimeMs) stale.push(entry);
  }
  return stale;
}

async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** What must not differ between combinations: everything ESLint reports about each finding. */
const comparable = (findings: readonly Finding[]): Finding[] =>
  findings
    .map(({ ruleId, file, line, column, message }) => ({ ruleId, file, line, column, message }))
    .sort((a, b) => `${a.file}:${String(a.line).padStart(5)}`.localeCompare(`${b.file}:${String(b.line).padStart(5)}`));

describe('compatibility matrix (packed plugin, ESLint CLI, real peers)', () => {
  let workDir = '';
  let packMs = 0;
  let matrixMs = 0;
  const outcomes = new Map<string, Outcome>();

  beforeAll(async () => {
    if (!fs.existsSync(path.join(repoRoot, 'dist', 'index.js'))) {
      throw new Error('dist/index.js is missing: run `npm run build` (or `npm test`, which builds first).');
    }
    const stale = staleBuildOutputs();
    if (stale.length > 0) {
      throw new Error(`dist/ is older than src/ (${stale.join(', ')}): run \`npm run build\` first.`);
    }

    const smoke = (await import(pathToFileURL(path.join(repoRoot, 'scripts', 'smoke-pack.mjs')).href)) as SmokeModule;
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nestjs-ms-lint-compat-'));
    const packStarted = performance.now();
    const tarball = await smoke.packPlugin(workDir);
    packMs = performance.now() - packStarted;

    const matrixStarted = performance.now();
    await mapWithConcurrency(COMBINATIONS, CONCURRENCY, async (combination) => {
      const log: string[] = [];
      const started = performance.now();
      try {
        const result = await smoke.runSmoke({
          ...combination,
          tarball,
          cache: smoke.DEFAULT_NPM_CACHE,
          log: (line) => log.push(line),
        });
        outcomes.set(label(combination), { result, wallMs: performance.now() - started, log });
      } catch (error) {
        outcomes.set(label(combination), { error, wallMs: performance.now() - started, log });
      }
    });
    matrixMs = performance.now() - matrixStarted;
  }, 600_000);

  afterAll(() => {
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
    if (outcomes.size === 0) return;
    const rows = [...outcomes].map(([name, outcome]) => {
      const steps = outcome.result
        ? ` (install ${(outcome.result.timings.install / 1000).toFixed(1)} s, tsc ${(outcome.result.timings.tsc / 1000).toFixed(1)} s, lint ${(outcome.result.timings.lint / 1000).toFixed(1)} s)`
        : ' (failed)';
      const notes = outcome.result
        ? [
            Object.entries(outcome.result.installed)
              .map(([pkg, version]) => `${pkg} ${version}`)
              .join(', '),
            ...outcome.result.installWarnings,
            ...(outcome.result.lintStderr ? [`linter stderr: ${outcome.result.lintStderr.split('\n')[0] ?? ''}`] : []),
          ]
        : [];
      return [`  ${name}: ${(outcome.wallMs / 1000).toFixed(1)} s${steps}`, ...notes.map((note) => `      ${note}`)].join('\n');
    });
    console.log(
      `Compatibility matrix, ${String(CONCURRENCY)} at a time: npm pack ${(packMs / 1000).toFixed(1)} s, ` +
        `combinations ${(matrixMs / 1000).toFixed(1)} s\n${rows.join('\n')}`,
    );
  });

  describe.each(COMBINATIONS.map((combination) => [label(combination), combination] as const))('%s', (name, combination) => {
    const outcomeOf = (): Outcome & { result: SmokeResult } => {
      const outcome = outcomes.get(name);
      if (!outcome) throw new Error(`${name} did not run`);
      if (outcome.error !== undefined || !outcome.result) {
        const reason = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
        throw new Error(`${name} failed:\n${reason}\n\nLog:\n${outcome.log.join('\n')}`);
      }
      return { ...outcome, result: outcome.result };
    };

    it('installed the requested versions', () => {
      const { installed } = outcomeOf().result;
      if (combination.linter === 'oxlint') {
        // The oxlint path needs no ESLint: nothing installs it.
        expect(installed.eslint).toBe('(not installed)');
        expect(installed.oxlint).toMatch(/^1\./);
      } else {
        expect(installed.eslint).toMatch(combination.eslint === '8' ? /^8\.57\./ : new RegExp(`^${combination.eslint ?? '10'}\\.`));
      }
      expect(installed.typescript).toMatch(new RegExp(`^${combination.typescript.replace('.', '\\.')}\\.`));
      if (combination.typescript.startsWith('7.')) expect(installed['@typescript/typescript6']).toMatch(/^6\.0\./);
      if (combination.backend === 'tsgo') expect(installed['@typescript/native']).toBe('7.1.0-beta');
      for (const nestPackage of ['@nestjs/common', '@nestjs/core', '@nestjs/microservices']) {
        expect(installed[nestPackage], nestPackage).toMatch(new RegExp(`^${combination.nest}\\.`));
      }
      expect(installed['eslint-plugin-nestjs-microservices']).toBe(manifest.version);
    });

    if (combination.linter === 'oxlint' || combination.backend === 'tsgo') {
      it('installs with plain `npm install`: `npm ls --all` finds no invalid or missing peer', () => {
        expect(outcomeOf().result.peerProblems).toEqual([]);
      });
    }

    if (combination.checkWithoutTypescript6) {
      it('without @typescript/typescript6: one message for the whole run, saying what to install, and no crash', () => {
        const run = outcomeOf().result.withoutTypescript6;
        if (!run) throw new Error('the run without @typescript/typescript6 did not happen');
        expect(run.status).toBe(1);
        expect(run.findings.map(({ line, message }) => ({ line, message }))).toEqual([
          {
            line: 1,
            message:
              "eslint-plugin-nestjs-microservices needs TypeScript's classic compiler API, and the project's `typescript` is " +
              `${combination.typescript === '7.0' ? '7.0.2' : '7.1.0-beta'}, which has none. Install TypeScript's official 6.0 API package ` +
              'beside it (`npm i -D @typescript/typescript6@6`), which the plugin finds by itself; or keep `typescript` on 6.0 and ' +
              'install TypeScript 7 under an alias (`npm i -D @typescript/native@npm:typescript@7`).',
          },
        ]);
      });
    }

    it('reports exactly the expected findings', () => {
      const { result, log } = outcomeOf();
      expect(result.expected.length).toBeGreaterThan(0);
      expect({ missing: result.missing, unexpected: result.unexpected }, log.join('\n')).toEqual({ missing: [], unexpected: [] });
      expect(result.ok).toBe(true);
    });
  });

  it('every combination reports the same findings, to the column and message', () => {
    const reference = COMBINATIONS[0];
    if (!reference) throw new Error('no combinations');
    const referenceFindings = outcomes.get(label(reference))?.result?.findings;
    if (!referenceFindings) throw new Error(`${label(reference)} produced no result`);
    expect(referenceFindings.some((finding) => finding.file.startsWith('example/'))).toBe(true);
    for (const combination of COMBINATIONS.slice(1)) {
      const findings = outcomes.get(label(combination))?.result?.findings;
      if (!findings) throw new Error(`${label(combination)} produced no result`);
      // Combinations without the example app lint the project's src/ only.
      const expected = combination.example ? referenceFindings : referenceFindings.filter((finding) => finding.file.startsWith('src/'));
      expect(comparable(findings), `${label(combination)} vs ${label(reference)}`).toEqual(comparable(expected));
    }
  });

  it('the tsgo backend and oxlint on TypeScript 7 write exactly the fixes of the classic backend', () => {
    const reference = COMBINATIONS[0];
    if (!reference) throw new Error('no combinations');
    const referenceOutputs = outcomes.get(label(reference))?.result?.fixedOutputs;
    if (!referenceOutputs) throw new Error(`${label(reference)} produced no fixes`);
    expect(Object.keys(referenceOutputs).length).toBeGreaterThan(0);
    for (const combination of COMBINATIONS.slice(1).filter((candidate) => candidate.fix)) {
      expect(outcomes.get(label(combination))?.result?.fixedOutputs, label(combination)).toEqual(referenceOutputs);
    }
  });
});
