#!/usr/bin/env node
// The benchmark (`npm run bench`, which builds dist/ first):
//   node bench/run.mjs [--sizes=500,2000,8000] [--repeat=1] [--marginal] [--clean] [--no-typecheck] [--cpu-prof] [--out=bench/out/results.json]
// For each size: generates the code base into bench/out/cb-<size> (bench/generate.mjs), type-checks it with
// tsc (skip with --no-typecheck), lints it in a child process (bench/worker.mjs: ESLint Node API, `stats: true`,
// this plugin's strict config plus @typescript-eslint/no-floating-promises and rxjs-x/no-floating-observables),
// prints a table, and checks the targets. Writes every number to bench/out/results.json. Exit code 1 when a
// target is missed, 2 when the benchmark could not run. --repeat=N lints each size N times (N processes) and
// reports the least disturbed run, the one with the lowest total lint time (all runs are kept in the JSON): on
// a shared machine other processes only ever add time, to whatever rule happens to be running. --cpu-prof writes V8 CPU profiles of the lint runs to
// bench/out/profiles (summarize one with `node bench/profile-summary.mjs <file>`). BENCH_DIST=<dir> measures
// another build of the plugin (a patched copy, say) instead of this repository's dist/. --marginal also lints each
// size without this plugin's rules, once per repeat and alternating with the measured runs, and reports what the
// rules add to the total lint time and CPU time (type information is computed lazily: a rule's own time includes
// checker work that the other type-aware rules would otherwise have done). --clean measures the clean variant of
// each code base (bench/out/cb-<size>-clean): the same files and client calls with every planted finding written
// the way the rules ask, as in a repository whose CI lint gate passes; it also checks that our rules report nothing.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { generate, repoRoot } from './generate.mjs';

const TARGETS = {
  /** All our rules together, relative to @typescript-eslint/no-floating-promises in the same run (2000 files). */
  maxRatioToNoFloatingPromises: 0.25,
  /** All our rules together, as a share of the total lint time (2000 files). */
  maxShareOfLint: 0.02,
  /** Our time per file at the largest size over our time per file at the smallest (no super-linear work). */
  maxPerFileGrowth: 1.5,
};
const TARGET_SIZE = 2000;

function parseArgs(argv) {
  const options = { sizes: [500, 2000, 8000], repeat: 1, marginal: false, clean: false, typecheck: true, cpuProf: false, out: path.join(repoRoot, 'bench/out/results.json') };
  for (const arg of argv) {
    if (arg.startsWith('--sizes=')) options.sizes = arg.slice('--sizes='.length).split(',').map(Number);
    else if (arg.startsWith('--repeat=')) options.repeat = Number(arg.slice('--repeat='.length));
    else if (arg === '--no-typecheck') options.typecheck = false;
    else if (arg === '--typecheck') options.typecheck = true;
    else if (arg === '--cpu-prof') options.cpuProf = true;
    else if (arg === '--marginal') options.marginal = true;
    else if (arg === '--clean') options.clean = true;
    else if (arg.startsWith('--out=')) options.out = path.resolve(arg.slice('--out='.length));
    else throw new Error(`unknown argument ${arg}`);
  }
  if (options.sizes.length === 0 || options.sizes.some((size) => !Number.isInteger(size) || size < 16)) {
    throw new Error('--sizes takes a comma-separated list of integers >= 16');
  }
  if (!Number.isInteger(options.repeat) || options.repeat < 1) throw new Error('--repeat takes an integer >= 1');
  return options;
}

function machine() {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const version = (name) => JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')).version;
  return {
    cpus: os.availableParallelism(),
    cpuModel: model.trim(),
    memoryGB: Math.round(os.totalmem() / 1024 ** 3),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    eslint: version('eslint'),
    typescript: version('typescript'),
    typescriptEslint: version('@typescript-eslint/parser'),
    rxjsX: version('eslint-plugin-rxjs-x'),
  };
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const msText = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

function run(command, args, options = {}) {
  const started = process.hrtime.bigint();
  const child = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  return { ...child, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

function measureSize(size, options) {
  const dir = path.join(repoRoot, 'bench/out', `cb-${size}${options.clean ? '-clean' : ''}`);
  const generateStarted = process.hrtime.bigint();
  const codeBase = generate(size, dir, { clean: options.clean });
  const generateMs = Number(process.hrtime.bigint() - generateStarted) / 1e6;
  process.stderr.write(`[bench] ${size}: generated ${codeBase.files} files (${codeBase.lines} lines) in ${seconds(generateMs)}\n`);

  let typecheck = null;
  if (options.typecheck) {
    const tsc = run(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', dir], { cwd: dir });
    typecheck = { ok: tsc.status === 0, ms: Math.round(tsc.ms), errors: tsc.status === 0 ? '' : `${tsc.stdout}${tsc.stderr}`.slice(0, 4000) };
    process.stderr.write(`[bench] ${size}: tsc ${typecheck.ok ? 'ok' : 'FAILED'} in ${seconds(tsc.ms)}\n`);
    if (!typecheck.ok) process.stderr.write(typecheck.errors);
  }

  const runs = [];
  const baselines = [];
  for (let attempt = 1; attempt <= options.repeat; attempt++) {
    const nodeArgs = ['--max-old-space-size=8192'];
    if (options.cpuProf) {
      const name = `lint-${size}${options.repeat > 1 ? `-${attempt}` : ''}.cpuprofile`;
      nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${path.join(repoRoot, 'bench/out/profiles')}`, `--cpu-prof-name=${name}`);
    }
    const loadBefore = os.loadavg()[0];
    process.stderr.write(`[bench] ${size}: linting${options.repeat > 1 ? ` (run ${attempt}/${options.repeat})` : ''}, load average ${loadBefore.toFixed(2)}...\n`);
    const lint = lintInWorker(size, dir, 'all', nodeArgs);
    const loadAfter = os.loadavg()[0];
    process.stderr.write(`[bench] ${size}: linted in ${seconds(lint.processWallMs)} (process wall time), load average ${loadAfter.toFixed(2)}\n`);
    runs.push({ ...lint, processWallMs: Math.round(lint.processWallMs), loadAverage: { before: loadBefore, after: loadAfter } });
    if (options.marginal) {
      process.stderr.write(`[bench] ${size}: linting without this plugin's rules (run ${attempt}/${options.repeat})...\n`);
      const { lintMs, parseMs, runtime, memory } = lintInWorker(size, dir, 'references', ['--max-old-space-size=8192']);
      baselines.push({ lintMs, parseMs, runtime, memory });
    }
  }
  // The least disturbed run represents the size; every run is kept.
  const chosen = runs.reduce((best, candidate) => (candidate.lintMs < best.lintMs ? candidate : best));
  return {
    size,
    dir: path.relative(repoRoot, dir),
    codeBase,
    generateMs: Math.round(generateMs),
    typecheck,
    ...chosen,
    marginal: options.marginal ? summarizeMarginal(runs, baselines) : undefined,
    runs: runs.length > 1 ? runs.map(({ processWallMs, loadAverage, lintMs, parseMs, oursMs, rulesMs, runtime }) => ({ processWallMs, loadAverage, lintMs, parseMs, oursMs, rulesMs, runtime })) : undefined,
  };
}

function lintInWorker(size, dir, ruleSet, nodeArgs) {
  const worker = run(process.execPath, [...nodeArgs, path.join(repoRoot, 'bench/worker.mjs'), dir, ruleSet], { cwd: repoRoot });
  if (worker.status !== 0) {
    throw new Error(`lint worker for ${size} files (${ruleSet}) failed (exit ${String(worker.status ?? worker.signal)}):\n${worker.stderr}`);
  }
  return { processWallMs: worker.ms, ...JSON.parse(worker.stdout.trim().split('\n').at(-1)) };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Total lint time and process CPU time with and without this plugin's rules: minimum and median of the runs. */
function summarizeMarginal(runs, baselines) {
  const describe = (values) => ({ min: Math.round(Math.min(...values)), median: Math.round(median(values)), max: Math.round(Math.max(...values)) });
  return {
    runs: runs.length,
    lintMs: { with: describe(runs.map((r) => r.lintMs)), without: describe(baselines.map((r) => r.lintMs)) },
    parseMs: { with: describe(runs.map((r) => r.parseMs)), without: describe(baselines.map((r) => r.parseMs)) },
    // Parsing (program creation) varies by a few hundred ms between processes and does not depend on the rules.
    afterParseMs: { with: describe(runs.map((r) => r.lintMs - r.parseMs)), without: describe(baselines.map((r) => r.lintMs - r.parseMs)) },
    gcMs: { with: describe(runs.map((r) => r.runtime.gcMs)), without: describe(baselines.map((r) => r.runtime.gcMs)) },
    cpuMs: { with: describe(runs.map((r) => r.runtime.cpuMs)), without: describe(baselines.map((r) => r.runtime.cpuMs)) },
    maxRssMB: { with: describe(runs.map((r) => r.memory.maxRssMB)), without: describe(baselines.map((r) => r.memory.maxRssMB)) },
    peakHeapUsedMB: { with: describe(runs.map((r) => r.memory.peakHeapUsedMB)), without: describe(baselines.map((r) => r.memory.peakHeapUsedMB)) },
    oursMs: describe(runs.map((r) => r.oursMs)),
  };
}

function printMarginal(result) {
  const { marginal } = result;
  if (!marginal) return;
  const row = (name, { with: withOurs, without }) =>
    `| ${name} | ${withOurs.min} / ${withOurs.median} / ${withOurs.max} | ${without.min} / ${without.median} / ${without.max} | ` +
    `${withOurs.min - without.min} / ${withOurs.median - without.median} |`;
  console.log(
    [
      `What this plugin's rules add at ${result.files} files, ${marginal.runs} run(s) each, alternating (ms, min / median / max):`,
      '',
      '| | with our rules | without | difference (min / median) |',
      '|---|---:|---:|---:|',
      row('total lint time (ESLint stats)', marginal.lintMs),
      row('parse (incl. program creation)', marginal.parseMs),
      row('lint time after parsing (total - parse)', marginal.afterParseMs),
      row('GC pauses', marginal.gcMs),
      row('process CPU time', marginal.cpuMs),
      row('peak RSS (MB)', marginal.maxRssMB),
      row('peak heap used (MB, sampled)', marginal.peakHeapUsedMB),
      `| our rules' own time (ESLint stats) | ${marginal.oursMs.min} / ${marginal.oursMs.median} / ${marginal.oursMs.max} | | |`,
      '',
    ].join('\n'),
  );
}

function printTable(result) {
  const nfp = result.rulesMs['@typescript-eslint/no-floating-promises'] ?? 0;
  const perFile = (ms) => (ms / result.files).toFixed(3);
  const share = (ms) => `${((ms / result.lintMs) * 100).toFixed(2)}%`;
  const rows = [
    ['files', String(result.files), '', ''],
    ['parse (incl. program creation)', msText(result.parseMs), perFile(result.parseMs), share(result.parseMs)],
    ['total lint time (ESLint stats)', msText(result.lintMs), perFile(result.lintMs), share(result.lintMs)],
    ...result.ourRules.map((ruleId) => [ruleId, msText(result.rulesMs[ruleId] ?? 0), perFile(result.rulesMs[ruleId] ?? 0), share(result.rulesMs[ruleId] ?? 0)]),
    [`**our ${result.ourRules.length} rules**`, `**${msText(result.oursMs)}**`, `**${perFile(result.oursMs)}**`, `**${share(result.oursMs)}**`],
    ...result.referenceRules.map((ruleId) => [ruleId, msText(result.rulesMs[ruleId] ?? 0), perFile(result.rulesMs[ruleId] ?? 0), share(result.rulesMs[ruleId] ?? 0)]),
    ['ours / no-floating-promises', nfp > 0 ? `${(result.oursMs / nfp).toFixed(3)}x` : 'n/a', '', ''],
    ['timing floor: a no-op CallExpression rule', msText(result.timingFloorMs), perFile(result.timingFloorMs), share(result.timingFloorMs)],
    ['lint wall time (lintFiles)', msText(result.wallMs), perFile(result.wallMs), ''],
    ['process CPU time / GC pauses', `${msText(result.runtime.cpuMs)} / ${msText(result.runtime.gcMs)}`, '', ''],
    ['peak memory (maxRSS / heap used)', `${result.memory.maxRssMB} MB / ${result.memory.peakHeapUsedMB} MB`, '', ''],
  ];
  const lines = [
    `### ${result.files} files${result.codeBase.clean ? ', clean' : ''} (${result.codeBase.modules} modules, ${result.codeBase.lines} lines, ${result.codeBase.clientCalls} client emit/send calls${result.codeBase.clean ? ', every planted finding fixed' : ''})`,
    '',
    `Wall time: generate ${seconds(result.generateMs)}, ${result.typecheck ? `tsc ${seconds(result.typecheck.ms)} (${result.typecheck.ok ? 'no errors' : 'ERRORS'}), ` : ''}lint process ${seconds(result.processWallMs)}` +
      ` (load average ${result.loadAverage.before.toFixed(2)} before, ${result.loadAverage.after.toFixed(2)} after` +
      `${result.runs ? `; fastest of ${result.runs.length} runs, total lint time ${result.runs.map((r) => seconds(r.lintMs)).join(' / ')}` : ''}).`,
    '',
    '| | ms | ms/file | share of lint time |',
    '|---|---:|---:|---:|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
    `Handler index builds: ${result.instrumentation.indexBuilds} for ${result.instrumentation.programs} program(s) ` +
      `(${String(result.instrumentation.indexBuildsPerProgram)} per program), ${msText(result.instrumentation.indexBuildMs ?? 0)} ms ` +
      `(counted in the time of the first rule that asked for it).`,
    '',
    '| rule | type queries | per 1000 files | findings |',
    '|---|---:|---:|---:|',
    ...result.ourRules.map(
      (ruleId) =>
        `| ${ruleId} | ${result.instrumentation.typeQueries[ruleId]} | ${result.instrumentation.typeQueriesPer1000Files[ruleId]} | ${result.findings[ruleId] ?? 0} |`,
    ),
    ...result.referenceRules.map((ruleId) => `| ${ruleId} | | | ${result.findings[ruleId] ?? 0} |`),
    '',
  ];
  console.log(lines.join('\n'));
}

/** ms per file of the main components at every size, and the growth from the smallest to the largest size. */
function printScaling(results) {
  if (results.length < 2) return;
  const sorted = [...results].sort((a, b) => a.files - b.files);
  const components = [
    ['parse', (result) => result.parseMs],
    ['total lint time', (result) => result.lintMs],
    ['@typescript-eslint/no-floating-promises', (result) => result.rulesMs['@typescript-eslint/no-floating-promises'] ?? 0],
    ['rxjs-x/no-floating-observables', (result) => result.rulesMs['rxjs-x/no-floating-observables'] ?? 0],
    ['**our rules**', (result) => result.oursMs],
    ['GC pauses', (result) => result.runtime.gcMs],
  ];
  console.log('### Scaling: ms per file\n');
  console.log(`| | ${sorted.map((result) => `${result.files} files`).join(' | ')} | ${sorted.at(-1).files} / ${sorted[0].files} |`);
  console.log(`|---|${sorted.map(() => '---:').join('|')}|---:|`);
  for (const [name, get] of components) {
    const perFile = sorted.map((result) => get(result) / result.files);
    console.log(`| ${name} | ${perFile.map((value) => value.toFixed(3)).join(' | ')} | ${(perFile.at(-1) / perFile[0]).toFixed(2)}x |`);
  }
  console.log('');
}

function checkTargets(results) {
  const checks = [];
  const bySize = new Map(results.map((result) => [result.size, result]));
  const atTarget = bySize.get(TARGET_SIZE);
  if (atTarget) {
    const nfp = atTarget.rulesMs['@typescript-eslint/no-floating-promises'] ?? 0;
    const ratio = nfp > 0 ? atTarget.oursMs / nfp : Infinity;
    checks.push({
      target: `our rules <= ${TARGETS.maxRatioToNoFloatingPromises}x no-floating-promises (${TARGET_SIZE} files)`,
      value: `${ratio.toFixed(3)}x`,
      pass: ratio <= TARGETS.maxRatioToNoFloatingPromises,
    });
    checks.push({
      target: `our rules <= ${TARGETS.maxShareOfLint * 100}% of total lint time (${TARGET_SIZE} files)`,
      value: `${(atTarget.ourShareOfLint * 100).toFixed(2)}%`,
      pass: atTarget.ourShareOfLint <= TARGETS.maxShareOfLint,
    });
  }
  if (bySize.size >= 2) {
    const sizes = [...bySize.keys()].sort((a, b) => a - b);
    const small = bySize.get(sizes[0]);
    const large = bySize.get(sizes.at(-1));
    const growth = large.ourMsPerFile / small.ourMsPerFile;
    checks.push({
      target: `our ms/file at ${large.files} files <= ${TARGETS.maxPerFileGrowth}x our ms/file at ${small.files} files`,
      value: `${large.ourMsPerFile.toFixed(3)} / ${small.ourMsPerFile.toFixed(3)} = ${growth.toFixed(2)}x`,
      pass: growth <= TARGETS.maxPerFileGrowth,
    });
  }
  for (const result of results) {
    checks.push({
      target: `handler index built once per program (${result.files} files)`,
      value: `${result.instrumentation.indexBuilds} build(s), ${result.instrumentation.programs} program(s)`,
      pass: result.instrumentation.indexBuildsPerProgram === 1,
    });
    if (result.typecheck) {
      checks.push({ target: `generated code type-checks (${result.files} files)`, value: result.typecheck.ok ? 'yes' : 'no', pass: result.typecheck.ok });
    }
    checks.push({
      target: `no parse errors (${result.files} files)`,
      value: String(result.fatal.length),
      pass: result.fatal.length === 0,
    });
    if (result.codeBase.clean) {
      // The clean code base is written the way the rules ask: a finding there is a false positive (or a generator bug).
      const findings = result.ourRules.reduce((sum, ruleId) => sum + (result.findings[ruleId] ?? 0), 0);
      checks.push({ target: `no findings of this plugin's rules in the clean code base (${result.files} files)`, value: String(findings), pass: findings === 0 });
    }
  }
  return checks;
}

/**
 * The build the workers load: BENCH_DIST if set, else a copy of dist/ taken now, so that a rebuild of dist/
 * while the benchmark runs (a concurrent `npm test` builds too) cannot mix two versions of the plugin.
 */
function snapshotPlugin() {
  if (process.env.BENCH_DIST) return path.resolve(process.env.BENCH_DIST);
  const source = path.join(repoRoot, 'dist');
  if (!fs.existsSync(path.join(source, 'index.js'))) throw new Error('dist/index.js is missing: run `npm run build` first');
  const target = path.join(repoRoot, 'bench/out/plugin');
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  fs.cpSync(source, path.join(target, 'dist'), { recursive: true });
  // dist/utils/package-info.js reads ../../package.json.
  fs.copyFileSync(path.join(repoRoot, 'package.json'), path.join(target, 'package.json'));
  return path.join(target, 'dist');
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  process.env.BENCH_DIST = snapshotPlugin();
  const info = machine();
  console.log(
    `Machine: ${info.cpus} CPUs (${info.cpuModel}), ${info.memoryGB} GB, ${info.platform}; node ${info.node}, ` +
      `eslint ${info.eslint}, typescript ${info.typescript}, typescript-eslint ${info.typescriptEslint}, eslint-plugin-rxjs-x ${info.rxjsX}\n`,
  );
  const started = process.hrtime.bigint();
  const results = [];
  for (const size of options.sizes) {
    const result = measureSize(size, options);
    results.push(result);
    printTable(result);
    printMarginal(result);
  }
  printScaling(results);
  const checks = checkTargets(results);
  console.log(`### Targets${options.clean ? ' (clean code base)' : ''}\n`);
  console.log('| target | measured | |\n|---|---|---|');
  for (const check of checks) console.log(`| ${check.target} | ${check.value} | ${check.pass ? 'pass' : '**MISSED**'} |`);
  const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(`\nTotal benchmark wall time: ${seconds(totalMs)}`);

  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  fs.writeFileSync(
    options.out,
    `${JSON.stringify({ measuredAt: new Date().toISOString(), workload: options.clean ? 'clean' : 'planted findings', machine: info, plugin: path.relative(repoRoot, process.env.BENCH_DIST), targets: TARGETS, targetSize: TARGET_SIZE, totalMs: Math.round(totalMs), results, checks }, null, 2)}\n`,
  );
  console.log(`Raw numbers: ${path.relative(process.cwd(), options.out)}`);

  const missed = checks.filter((check) => !check.pass);
  if (missed.length > 0) {
    console.error(`\n${missed.length} target(s) missed:\n${missed.map((check) => `  - ${check.target}: ${check.value}`).join('\n')}`);
    process.exitCode = 1;
  }
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 2;
}
