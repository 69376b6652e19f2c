#!/usr/bin/env node
// The oxlint path against the ESLint path (`npm run bench:oxlint`, which builds dist/ first):
//   node bench/oxlint.mjs [--sizes=500,2000] [--repeat=3] [--clean] [--out=bench/out/oxlint-results.json]
//   node bench/oxlint.mjs --dir=<project> [--paths=src,test] [--repeat=1]   a project of your own instead (a copy:
//     .oxlintrc.json and eslint.config.mjs are written into it; its node_modules must resolve @nestjs/* and rxjs)
// For each size: generates the benchmark's code base (bench/generate.mjs) in the system temp folder, then lints it as a whole process, both
// ways, alternating (oxlint, ESLint, oxlint, ESLint, ...), --repeat times:
//   - oxlint path: `oxlint --type-aware -f json src/` with tsgolint's `typescript/no-floating-promises` and all of
//     this plugin's rules (its strict preset), loaded as a JS plugin; no other oxlint rule;
//   - ESLint path: `eslint -f json src` with typescript-eslint's parser (`projectService`),
//     `@typescript-eslint/no-floating-promises` and all of this plugin's rules (its strict config).
// It checks that both report the same findings of this plugin's rules (file, rule, line, column, message), and
// reports wall time and peak memory (the sum of the resident memory of the linter's process tree, sampled every
// 20 ms: oxlint runs tsgolint as a second process) as min / median / max, and their ratio run pair by pair.
// Exit code 1 when the findings differ or a target is missed, 2 when the benchmark could not run.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

import { generate, repoRoot } from './generate.mjs';
import { finish } from './report.mjs';

const TARGETS = { maxWallRatio: 0.5, maxMemoryRatio: 1 };
const TARGET_SIZE = 2000;
const OUR_RULE = /^nestjs-microservices\//;
const NO_PROJECT = /was not found by the project service|no TypeScript project includes this file/;

function parseArgs(argv) {
  const options = { sizes: [500, 2000], repeat: 3, clean: false, dir: undefined, paths: ['src'], out: path.join(repoRoot, 'bench/out/oxlint-results.json') };
  for (const arg of argv) {
    if (arg.startsWith('--dir=')) options.dir = path.resolve(arg.slice('--dir='.length));
    else if (arg.startsWith('--paths=')) options.paths = arg.slice('--paths='.length).split(',');
    else
    if (arg.startsWith('--sizes=')) options.sizes = arg.slice('--sizes='.length).split(',').map(Number);
    else if (arg.startsWith('--repeat=')) options.repeat = Number(arg.slice('--repeat='.length));
    else if (arg === '--clean') options.clean = true;
    else if (arg.startsWith('--out=')) options.out = path.resolve(arg.slice('--out='.length));
    else throw new Error(`unknown argument ${arg}`);
  }
  if (options.sizes.some((size) => !Number.isInteger(size) || size < 16)) throw new Error('--sizes takes integers >= 16');
  if (!Number.isInteger(options.repeat) || options.repeat < 1) throw new Error('--repeat takes an integer >= 1');
  return options;
}

const plugin = (await import(pathToFileURL(path.join(repoRoot, 'dist/index.js')).href)).default;
const strictRules = plugin.configs.strict.rules;

/** The two set-ups, written into the code base's folder. */
function writeConfigs(dir) {
  const oxlintrc = {
    categories: { correctness: 'off' },
    jsPlugins: [path.join(repoRoot, 'dist/index.js')],
    rules: { 'typescript/no-floating-promises': 'error', ...strictRules },
  };
  fs.writeFileSync(path.join(dir, '.oxlintrc.json'), JSON.stringify(oxlintrc, null, 2));
  const url = (specifier) => pathToFileURL(path.join(repoRoot, specifier)).href;
  fs.writeFileSync(
    path.join(dir, 'eslint.config.mjs'),
    `import tseslint from ${JSON.stringify(url('node_modules/typescript-eslint/dist/index.js'))};
import plugin from ${JSON.stringify(url('dist/index.js'))};
export default [
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@typescript-eslint': tseslint.plugin, 'nestjs-microservices': plugin },
    rules: { '@typescript-eslint/no-floating-promises': 'error', ...${JSON.stringify(strictRules)} },
  },
];
`,
  );
}

const commands = (paths) => ({
  oxlint: [path.join(repoRoot, 'node_modules/oxlint/bin/oxlint'), '--type-aware', '-f', 'json', ...paths.map((entry) => `${entry}/`)],
  eslint: [path.join(repoRoot, 'node_modules/eslint/bin/eslint.js'), '-f', 'json', ...paths],
});

/** The resident memory of a process and its descendants, in bytes (Linux /proc; 0 elsewhere). */
function treeRss(pid) {
  let total = 0;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    total += Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      const children = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const child of children ? children.split(/\s+/) : []) total += treeRss(Number(child));
    }
  } catch {
    // the process ended between two reads
  }
  return total;
}

/** Runs one linter over `dir` as a whole process: wall time, peak tree memory, stdout. */
function runLinter(name, dir, paths) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, commands(paths)[name], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    let stderr = '';
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, treeRss(child.pid));
    }, 20);
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sampler);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ name, code, wallMs, peakBytes: peak || null, stdout: Buffer.concat(out).toString('utf8'), stderr });
    });
  });
}

/** Findings of our rules, as `file:line:column rule message`, from either linter's JSON. */
function ourFindings(run, dir) {
  const findings = [];
  if (run.name === 'oxlint') {
    const { diagnostics } = JSON.parse(run.stdout.slice(run.stdout.indexOf('{')));
    for (const diagnostic of diagnostics) {
      const rule = (diagnostic.code ?? '').replace(/^(.*)\((.*)\)$/, '$1/$2');
      const span = diagnostic.labels[0]?.span;
      findings.push({ rule, file: path.resolve(dir, diagnostic.filename), line: span?.line, column: span?.column, message: diagnostic.message });
    }
  } else {
    for (const result of JSON.parse(run.stdout)) {
      for (const message of result.messages) {
        // Messages without a rule are parse errors (fatal) or unused-directive warnings (not counted).
        findings.push({ rule: message.ruleId ?? '(fatal)', fatal: message.fatal === true, file: result.filePath, line: message.line, column: message.column, message: message.message });
      }
    }
  }
  const format = (finding) => `${path.relative(dir, finding.file)}:${finding.line}:${finding.column} ${finding.rule} ${finding.message}`;
  // Files no tsconfig includes: ESLint fails to parse each one; the plugin under oxlint reports each one that could
  // hold a client call (oxlint still lints the others with its own rules). Listed apart, by file.
  const noProject = findings.filter((finding) => NO_PROJECT.test(finding.message));
  return {
    findings: findings.filter((finding) => !NO_PROJECT.test(finding.message) && (OUR_RULE.test(finding.rule) || finding.fatal)).map(format).sort(),
    noProjectFiles: [...new Set(noProject.map((finding) => path.relative(dir, finding.file)))].sort(),
  };
}

const stats = (values) => {
  const sorted = [...values].filter((value) => value !== null).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  return { min: sorted[0], median: sorted[Math.floor((sorted.length - 1) / 2)], max: sorted[sorted.length - 1] };
};
const fmt = (summary, unit, digits = 0) => (summary ? `${[summary.min, summary.median, summary.max].map((value) => value.toFixed(digits)).join(' / ')} ${unit}` : 'n/a');

async function measureSize(size, options) {
  // Outside this repository: oxlint skips what a .gitignore of an enclosing Git repository ignores (bench/out/).
  const dir = options.dir ?? path.join(os.tmpdir(), 'nestjs-microservices-oxlint-bench', `cb-${size}${options.clean ? '-clean' : ''}`);
  const summary = options.dir ? { title: `${options.paths.join(', ')} of ${dir}` } : generate(size, dir, { clean: options.clean });
  const paths = options.dir ? options.paths : ['src'];
  writeConfigs(dir);
  const pairs = [];
  let findings;
  for (let round = 0; round < options.repeat; round++) {
    const oxlint = await runLinter('oxlint', dir, paths);
    const eslint = await runLinter('eslint', dir, paths);
    for (const run of [oxlint, eslint]) {
      if (run.code !== 0 && run.code !== 1) throw new Error(`${run.name} exited with ${run.code}: ${run.stderr.slice(0, 2000)}`);
    }
    const { findings: ox, noProjectFiles: oxNoProject } = ourFindings(oxlint, dir);
    const { findings: es, noProjectFiles: esNoProject } = ourFindings(eslint, dir);
    findings ??= {
      oxlint: ox.length,
      eslint: es.length,
      onlyOxlint: ox.filter((f) => !es.includes(f)),
      onlyEslint: es.filter((f) => !ox.includes(f)),
      noProject: { oxlint: oxNoProject, eslint: esNoProject, onlyOxlint: oxNoProject.filter((f) => !esNoProject.includes(f)) },
    };
    pairs.push({ oxlint: { wallMs: oxlint.wallMs, peakBytes: oxlint.peakBytes }, eslint: { wallMs: eslint.wallMs, peakBytes: eslint.peakBytes } });
    console.error(`  ${size} files, round ${round + 1}: oxlint ${oxlint.wallMs.toFixed(0)} ms, ESLint ${eslint.wallMs.toFixed(0)} ms`);
  }
  const wallRatio = stats(pairs.map((pair) => pair.oxlint.wallMs / pair.eslint.wallMs));
  const memoryRatio = stats(pairs.map((pair) => (pair.oxlint.peakBytes && pair.eslint.peakBytes ? pair.oxlint.peakBytes / pair.eslint.peakBytes : null)));
  return {
    size,
    title: summary.title ?? `${summary.files} files, ${summary.clientCalls} client calls`,
    files: summary.files,
    findings,
    oxlint: { wallMs: stats(pairs.map((pair) => pair.oxlint.wallMs)), peakMB: stats(pairs.map((pair) => pair.oxlint.peakBytes && pair.oxlint.peakBytes / 2 ** 20)) },
    eslint: { wallMs: stats(pairs.map((pair) => pair.eslint.wallMs)), peakMB: stats(pairs.map((pair) => pair.eslint.peakBytes && pair.eslint.peakBytes / 2 ** 20)) },
    wallRatio,
    memoryRatio,
    pairs,
  };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const results = [];
  for (const size of options.dir ? [0] : options.sizes) results.push(await measureSize(size, options));
  const checks = [];
  console.log(`\noxlint path vs ESLint path, ${options.clean ? 'clean' : 'planted'} code bases, ${options.repeat} alternating pairs (min / median / max)\n`);
  for (const result of results) {
    const same = result.findings.onlyOxlint.length === 0 && result.findings.onlyEslint.length === 0 && result.findings.noProject.onlyOxlint.length === 0;
    console.log(`${result.title}: ${result.findings.oxlint} findings of our rules under oxlint, ${result.findings.eslint} under ESLint (${same ? 'identical' : 'DIFFERENT'})`);
    console.log(`  wall:   oxlint ${fmt(result.oxlint.wallMs, 'ms')}   ESLint ${fmt(result.eslint.wallMs, 'ms')}   ratio ${fmt(result.wallRatio, 'x', 2)}`);
    console.log(`  memory: oxlint ${fmt(result.oxlint.peakMB, 'MB')}   ESLint ${fmt(result.eslint.peakMB, 'MB')}   ratio ${fmt(result.memoryRatio, 'x', 2)}`);
    const { noProject } = result.findings;
    if (noProject.oxlint.length + noProject.eslint.length > 0) {
      console.log(`  files no tsconfig includes: ESLint cannot parse ${noProject.eslint.length}; the plugin reports the ${noProject.oxlint.length} of them that could hold a client call`);
    }
    for (const line of [...noProject.onlyOxlint.map((f) => `no project under oxlint only: ${f}`), ...result.findings.onlyOxlint.map((f) => `only oxlint: ${f}`), ...result.findings.onlyEslint.map((f) => `only ESLint: ${f}`)].slice(0, 20)) console.log(`    ${line}`);
    checks.push({ target: `same findings (${result.title})`, pass: same });
    if (result.size === TARGET_SIZE) {
      checks.push({ target: `wall ratio median <= ${TARGETS.maxWallRatio}`, pass: (result.wallRatio?.median ?? Infinity) <= TARGETS.maxWallRatio });
      checks.push({ target: `memory ratio median <= ${TARGETS.maxMemoryRatio}`, pass: (result.memoryRatio?.median ?? Infinity) <= TARGETS.maxMemoryRatio });
    }
  }
  finish(options.out, { options, results }, checks);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 2;
});
