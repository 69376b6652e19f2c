#!/usr/bin/env node
// The editor benchmark (`npm run bench:editor`, which builds dist/ first):
//   node bench/editor.mjs [--sizes=500,2000,8000] [--relints=12] [--out=bench/out/editor-results.json]
// What an editor's ESLint integration does on every keystroke: one ESLint instance (Node API, typed linting with
// `projectService`) re-lints one open service file through `lintText`, with a small edit each time (a comment line
// that changes), so that every re-lint sees a new program version. Rules: this plugin's strict config and
// typescript-eslint's no-floating-promises, with ESLint's `stats`. For each size, after two warm-up re-lints, it
// reports the median ms per re-lint of each rule, of our rules together and of no-floating-promises, how many
// times the handler index was built and how many files it read, per re-lint. BENCH_DIST=<dir> measures another
// build of the plugin (an earlier commit's, say).
import * as fs from 'node:fs';
import * as path from 'node:path';

import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

import { generate, repoRoot } from './generate.mjs';
import { finish } from './report.mjs';
import { loadPlugin } from './lint.mjs';

const NFP = '@typescript-eslint/no-floating-promises';
const WARM_UP = 2;
const TARGETS = { maxRatioToNfpAt2000: 0.25, maxGrowth8000Over500: 1.3 };

function parseArgs(argv) {
  const options = { sizes: [500, 2000, 8000], relints: 12, out: path.join(repoRoot, 'bench/out/editor-results.json') };
  for (const arg of argv) {
    if (arg.startsWith('--sizes=')) options.sizes = arg.slice('--sizes='.length).split(',').map(Number);
    else if (arg.startsWith('--relints=')) options.relints = Number(arg.slice('--relints='.length));
    else if (arg.startsWith('--out=')) options.out = path.resolve(arg.slice('--out='.length));
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(options.relints) || options.relints <= WARM_UP) throw new Error(`--relints takes an integer > ${WARM_UP}`);
  return options;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.floor((sorted.length - 1) / 2)];
};
const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The first service file of the code base: a file with client calls, as a user would have open. */
function representativeFile(dir) {
  const services = fs
    .readdirSync(path.join(dir, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.service.ts'))
    .sort();
  if (services.length === 0) throw new Error(`no service file in ${dir}`);
  return path.join(dir, 'src', services[0]);
}

async function measureSize(size, options) {
  const dir = path.join(repoRoot, 'bench/out', `cb-${size}`);
  generate(size, dir);
  const { plugin, programIndexStats } = loadPlugin(process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : undefined);
  const ourRules = Object.keys(plugin.configs.strict.rules);
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parser: tsParser, parserOptions: { projectService: true, tsconfigRootDir: dir } } },
      plugin.configs.strict,
      { files: ['**/*.ts'], plugins: { '@typescript-eslint': tseslint.plugin }, rules: { [NFP]: 'error' } },
    ],
    stats: true,
    cache: false,
  });
  const file = representativeFile(dir);
  const original = fs.readFileSync(file, 'utf8');
  const runs = [];
  for (let relint = 0; relint < options.relints; relint++) {
    const before = { builds: programIndexStats.builds, fileReads: programIndexStats.fileReads ?? 0, buildMs: programIndexStats.buildMs ?? 0 };
    const started = process.hrtime.bigint();
    const [result] = await eslint.lintText(`${original}\n// edit ${relint}\n`, { filePath: file });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const rules = {};
    for (const pass of result.stats?.times.passes ?? []) {
      for (const [ruleId, time] of Object.entries(pass.rules ?? {})) rules[ruleId] = (rules[ruleId] ?? 0) + time.total;
    }
    runs.push({
      wallMs,
      rules,
      ours: ourRules.reduce((sum, ruleId) => sum + (rules[ruleId] ?? 0), 0),
      nfp: rules[NFP] ?? 0,
      indexBuilds: programIndexStats.builds - before.builds,
      indexFileReads: (programIndexStats.fileReads ?? 0) - before.fileReads,
      indexMs: (programIndexStats.buildMs ?? 0) - before.buildMs,
      findings: result.messages.length,
    });
  }
  const warm = runs.slice(WARM_UP);
  const perRule = Object.fromEntries([...ourRules, NFP].map((ruleId) => [ruleId, round(median(warm.map((run) => run.rules[ruleId] ?? 0)))]));
  const ours = round(median(warm.map((run) => run.ours)));
  const nfp = round(median(warm.map((run) => run.nfp)));
  return {
    size,
    file: path.relative(dir, file),
    relints: options.relints,
    warmRelints: warm.length,
    medianMs: { ours, nfp, wall: round(median(warm.map((run) => run.wallMs)), 1), perRule },
    ratioToNfp: nfp > 0 ? round(ours / nfp, 3) : null,
    indexBuildsPerRelint: median(warm.map((run) => run.indexBuilds)),
    indexFileReadsPerRelint: median(warm.map((run) => run.indexFileReads)),
    indexMsPerRelint: round(median(warm.map((run) => run.indexMs)), 2),
    findings: warm[0]?.findings,
    runs,
  };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const results = [];
  for (const size of options.sizes) {
    results.push(await measureSize(size, options));
    const result = results.at(-1);
    console.error(`  ${size} files: ours ${result.medianMs.ours} ms, no-floating-promises ${result.medianMs.nfp} ms per re-lint`);
  }
  console.log(`\nEditor re-lint of one service file, ${options.relints} re-lints (${options.relints - WARM_UP} warm), medians per re-lint\n`);
  console.log('| program | our rules | no-floating-promises | ours / nfp | costliest of ours | index builds | files the index read | index ms | wall |');
  console.log('|---|---:|---:|---:|---|---:|---:|---:|---:|');
  for (const result of results) {
    const m = result.medianMs;
    const [costliest, costliestMs] = Object.entries(m.perRule)
      .filter(([ruleId]) => ruleId !== NFP)
      .sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    console.log(
      `| ${result.size} files | ${m.ours} ms | ${m.nfp} ms | ${result.ratioToNfp}x | ${costliest.replace('nestjs-microservices/', '')} ${costliestMs} ms | ${result.indexBuildsPerRelint} | ${result.indexFileReadsPerRelint} | ${result.indexMsPerRelint} | ${m.wall} ms |`,
    );
  }
  console.log('\nOur rules, median ms per re-lint:\n');
  console.log(`| rule | ${results.map((result) => `${result.size} files`).join(' | ')} |`);
  console.log(`|---|${results.map(() => '---:').join('|')}|`);
  for (const ruleId of Object.keys(results[0]?.medianMs.perRule ?? {}).filter((id) => id !== NFP)) {
    console.log(`| ${ruleId.replace('nestjs-microservices/', '')} | ${results.map((result) => result.medianMs.perRule[ruleId]).join(' | ')} |`);
  }
  const checks = [];
  const at = (size) => results.find((result) => result.size === size);
  if (at(2000)) checks.push({ target: `ours / nfp at 2000 files <= ${TARGETS.maxRatioToNfpAt2000}`, value: at(2000).ratioToNfp, pass: at(2000).ratioToNfp <= TARGETS.maxRatioToNfpAt2000 });
  if (at(500) && at(8000)) {
    const growth = round(at(8000).medianMs.ours / at(500).medianMs.ours);
    checks.push({ target: `ours at 8000 / ours at 500 <= ${TARGETS.maxGrowth8000Over500}`, value: growth, pass: growth <= TARGETS.maxGrowth8000Over500 });
  }
  finish(options.out, { options, results }, checks);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 2;
});
