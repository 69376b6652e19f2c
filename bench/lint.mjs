// The measured run: lints a generated code base with ESLint's Node API and `stats: true`, the way users run
// the plugin (typed linting through @typescript-eslint/parser's project service), with all of this plugin's
// rules (its `strict` config) and, in the same run, the two reference rules. Used by bench/worker.mjs (one
// child process per size) and by tests/bench-smoke.test.ts.
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import rxjsX from 'eslint-plugin-rxjs-x';
import tseslint from 'typescript-eslint';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const REFERENCE_RULES = ['@typescript-eslint/no-floating-promises', 'rxjs-x/no-floating-observables'];
const PROGRAM_COUNTER_RULE = 'bench/count-programs';
/**
 * Calibration: a rule that listens to every CallExpression (as each of our rules does) and does nothing. Its
 * time is what ESLint's per-listener timing costs by itself: the floor under each of our rules' numbers.
 */
export const NOOP_RULE = 'bench/noop-call-listener';

/**
 * The plugin and its instrumentation counters, all from dist/ through one `require`, so that the counters are
 * the module instances the rules increment.
 */
export function loadPlugin(distDir = path.join(repoRoot, 'dist')) {
  const require = createRequire(import.meta.url);
  const plugin = require(path.join(distDir, 'index.js'));
  const { programIndexStats } = require(path.join(distDir, 'type-engine/checker/program-index.js'));
  const { typeQueryCounts } = require(path.join(distDir, 'type-engine/index.js'));
  if (!plugin?.configs?.strict || !programIndexStats || !(typeQueryCounts instanceof Map)) {
    throw new Error(`${distDir} does not look like this plugin's build: run \`npm run build\` first`);
  }
  return { plugin, programIndexStats, typeQueryCounts };
}

/** Bench-only rules: one counts the distinct `ts.Program`s the files were linted with, one calibrates. */
function createBenchPlugin() {
  const seen = new WeakSet();
  const counter = { programs: 0, filesWithoutProgram: 0 };
  const plugin = {
    meta: { name: 'bench' },
    rules: {
      'count-programs': {
        meta: { type: 'problem', schema: [] },
        create(context) {
          const program = context.sourceCode.parserServices?.program;
          if (!program) counter.filesWithoutProgram++;
          else if (!seen.has(program)) {
            seen.add(program);
            counter.programs++;
          }
          return {};
        },
      },
      'noop-call-listener': {
        meta: { type: 'problem', schema: [] },
        create() {
          return { CallExpression() {} };
        },
      },
    },
  };
  return { plugin, counter };
}

const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Lints `<dir>/src` and returns the aggregated ESLint stats (milliseconds), the findings per rule, and the
 * instrumentation counts. Counters are reset first, so the numbers are this run's.
 */
export async function lintCodeBase(dir, { distDir, ruleSet = 'all' } = {}) {
  if (!['all', 'ours', 'references'].includes(ruleSet)) throw new Error(`ruleSet must be all, ours or references, got ${ruleSet}`);
  const { plugin, programIndexStats, typeQueryCounts } = loadPlugin(distDir);
  const programCounter = createBenchPlugin();
  const ourRules = Object.keys(plugin.configs.strict.rules);

  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: {
          parser: tsParser,
          parserOptions: { projectService: true, tsconfigRootDir: dir },
        },
      },
      ...(ruleSet === 'references' ? [] : [plugin.configs.strict]),
      {
        files: ['**/*.ts'],
        plugins: {
          '@typescript-eslint': tseslint.plugin,
          'rxjs-x': rxjsX,
          bench: programCounter.plugin,
        },
        rules: {
          ...(ruleSet === 'ours' ? {} : Object.fromEntries(REFERENCE_RULES.map((ruleId) => [ruleId, 'error']))),
          [PROGRAM_COUNTER_RULE]: 'error',
          [NOOP_RULE]: 'error',
        },
      },
    ],
    stats: true,
    cache: false,
  });

  programIndexStats.builds = 0;
  programIndexStats.buildMs = 0;
  typeQueryCounts.clear();
  const started = process.hrtime.bigint();
  const results = await eslint.lintFiles(['src']);
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;

  const ruleMs = {};
  const findings = {};
  let parseMs = 0;
  let lintMs = 0;
  let fixMs = 0;
  const fatal = [];
  for (const result of results) {
    for (const message of result.messages) {
      if (message.fatal || !message.ruleId) fatal.push(`${path.relative(dir, result.filePath)}:${message.line}: ${message.message}`);
      else findings[message.ruleId] = (findings[message.ruleId] ?? 0) + 1;
    }
    for (const pass of result.stats?.times.passes ?? []) {
      parseMs += pass.parse?.total ?? 0;
      lintMs += pass.total ?? 0;
      fixMs += pass.fix?.total ?? 0;
      for (const [ruleId, time] of Object.entries(pass.rules ?? {})) ruleMs[ruleId] = (ruleMs[ruleId] ?? 0) + time.total;
    }
  }

  const files = results.length;
  const oursMs = ourRules.reduce((sum, ruleId) => sum + (ruleMs[ruleId] ?? 0), 0);
  const perThousand = (count) => round((count / files) * 1000);
  const typeQueries = Object.fromEntries(ourRules.map((ruleId) => [ruleId, typeQueryCounts.get(ruleId) ?? 0]));
  return {
    ruleSet,
    files,
    wallMs: round(wallMs),
    parseMs: round(parseMs),
    lintMs: round(lintMs),
    fixMs: round(fixMs),
    rulesMs: Object.fromEntries(Object.entries(ruleMs).map(([ruleId, ms]) => [ruleId, round(ms, 2)])),
    ourRules,
    referenceRules: REFERENCE_RULES,
    oursMs: round(oursMs, 2),
    /** ESLint's timing overhead for one rule with a CallExpression listener (the calibration rule's time). */
    timingFloorMs: round(ruleMs[NOOP_RULE] ?? 0, 2),
    ourShareOfLint: lintMs > 0 ? oursMs / lintMs : 0,
    ourMsPerFile: files > 0 ? oursMs / files : 0,
    findings,
    fatal,
    instrumentation: {
      programs: programCounter.counter.programs,
      filesWithoutProgram: programCounter.counter.filesWithoutProgram,
      indexBuilds: programIndexStats.builds,
      /** The index builds' own time: part of the time of whichever rule asked for the index first. */
      indexBuildMs: round(programIndexStats.buildMs ?? 0),
      indexBuildsPerProgram: programCounter.counter.programs > 0 ? programIndexStats.builds / programCounter.counter.programs : null,
      typeQueries,
      typeQueriesPer1000Files: Object.fromEntries(Object.entries(typeQueries).map(([ruleId, count]) => [ruleId, perThousand(count)])),
    },
  };
}
