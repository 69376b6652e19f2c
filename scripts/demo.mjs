#!/usr/bin/env node
// Lints the example app in examples/orders-service with the plugin built in dist/ (run through `npm run demo`,
// which builds first), with ESLint (examples/orders-service/eslint.config.mjs) and with oxlint
// (examples/orders-service/.oxlintrc.json). Prints each finding with its line of code, whether oxlint found the
// same, one line on how to fix each rule's findings, and checks the findings against the `// ❌ <rule>: <why>`
// markers in the example's source:
//   - a marker at the end of a line expects a finding of that rule on that line;
//   - a marker on a line of its own expects one on the next line of code (blank and comment lines skipped).
// Exit code 0 when both linters report exactly the marked findings (so the `// ✅` code produced no false
// positives), 1 otherwise with the difference, 2 when the demo could not run at all.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const exampleDir = path.join(repoRoot, 'examples', 'orders-service');
const configFile = path.join(exampleDir, 'eslint.config.mjs');
const oxlintBin = path.join(repoRoot, 'node_modules', 'oxlint', 'bin', 'oxlint');
const PLUGIN_PREFIX = 'nestjs-microservices/';

/** How to fix each rule's findings, in one line; the rule docs explain why. */
const FIXES = {
  'nestjs-microservices/no-handler-outside-controller':
    'move the handler to a class listed in a module’s `controllers` (a `@Controller()`), and call the provider from there.',
  'nestjs-microservices/no-http-exception-in-message-handler':
    'throw `new RpcException(message)` in microservice handlers, or map exceptions with `@UseFilters` or a global filter.',
  'nestjs-microservices/no-nullish-payload': 'check the payload first (`if (order) ...`), or send `{}`: the client refuses null and undefined data.',
  'nestjs-microservices/no-rmq-client-manual-ack': 'remove `noAck` from the client\'s options: only a server acknowledges messages itself.',
  'nestjs-microservices/no-unawaited-emit':
    '`await lastValueFrom(this.client.emit(...))` before the state changes (`--fix` does it), or `void` for a deliberate fire-and-forget.',
  'nestjs-microservices/no-unsubscribed-send':
    'subscribe: `await lastValueFrom(this.client.send(...).pipe(timeout(5000)))`, return it to Nest, or `emit()` if no reply is needed.',
  'nestjs-microservices/prefer-emit-for-events': 'use `emit()`: an `@EventPattern` handler never replies (`--fix` renames it when the reply is unused).',
  'nestjs-microservices/require-client-close':
    'close it in `onApplicationShutdown()`: `await this.client.close()`, or let `ClientsModule` create and close it.',
  'nestjs-microservices/require-kafka-response-subscription':
    'call `this.client.subscribeToResponseOf(pattern)` in `onModuleInit()`, before the client connects.',
  'nestjs-microservices/require-nats-queue-group': 'set `queue` in the NATS server\'s options, so that the instances share the messages as one queue group.',
  'nestjs-microservices/require-rmq-ack':
    'acknowledge with `context.getChannelRef().ack(context.getMessage())` (or `nack`) in every RMQ handler of a `noAck: false` server.',
  'nestjs-microservices/require-rmq-persistent': 'add `persistent: true` to the RMQ client\'s options (`--fix` does it), so queued messages survive a broker restart.',
  'nestjs-microservices/require-send-timeout': 'add `.pipe(timeout(5000))`: no transport times out a request by itself.',
};

/** Where the `// ❌ <rule>: <why>` markers of a file expect findings. */
function readMarkers(file) {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const expected = [];
  let passing = 0;
  lines.forEach((text, index) => {
    if (/\/\/\s*✅/.test(text)) passing++;
    const marker = /\/\/\s*❌\s*((?:[\w@-]+\/)?[\w-]+)\s*:?\s*(.*)$/.exec(text);
    if (!marker?.[1]) return;
    const ruleId = marker[1].includes('/') ? marker[1] : PLUGIN_PREFIX + marker[1];
    const why = marker[2]?.trim() ?? '';
    let line = index + 1;
    if (/^\s*\/\//.test(text)) {
      // A marker on a line of its own: the next line of code.
      let next = index + 1;
      while (next < lines.length && /^\s*(\/\/.*)?$/.test(lines[next] ?? '')) next++;
      line = next + 1;
    }
    expected.push({ ruleId, file, line, why, markerLine: index + 1 });
  });
  return { expected, passing };
}

function listSourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.[cm]?tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** Whether a rule entry of a resolved config (`2`, `'error'`, `[2, options]`, ...) turns the rule off. */
function isOff(entry) {
  const level = Array.isArray(entry) ? entry[0] : entry;
  return level === 0 || level === 'off';
}

const key = (finding) => `${finding.ruleId ?? '(fatal)'}\u0000${finding.file}\u0000${String(finding.line)}`;
const where = (finding) => `${path.relative(exampleDir, finding.file)}:${String(finding.line)}`;

function wrap(text, width = 100, indent = '  ') {
  const out = [];
  let current = '';
  // Code spans (`...`) are kept on one line.
  for (const word of text.match(/(?:`[^`]*`|\S)+/g) ?? []) {
    if (current && indent.length + current.length + 1 + word.length > width) {
      out.push(indent + current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) out.push(indent + current);
  return out.join('\n');
}

/** oxlint's findings on the example, in ESLint's terms (file, line, rule, message). */
function lintWithOxlint() {
  const started = performance.now();
  const run = spawnSync(process.execPath, [oxlintBin, '--type-aware', '-f', 'json', 'src/'], { cwd: exampleDir, encoding: 'utf8' });
  const elapsed = performance.now() - started;
  if (run.error || !run.stdout.includes('{')) return { error: run.error?.message ?? run.stderr.trim(), findings: [], elapsed };
  const { diagnostics } = JSON.parse(run.stdout.slice(run.stdout.indexOf('{')));
  const findings = diagnostics.map((diagnostic) => ({
    ruleId: (diagnostic.code ?? '').replace(/^(.*)\((.*)\)$/, '$1/$2'),
    file: path.resolve(exampleDir, diagnostic.filename),
    line: diagnostic.labels[0]?.span.line,
    message: diagnostic.message,
  }));
  return { findings, elapsed };
}

const same = (a, b) => `${key(a)}\u0000${a.message}` === `${key(b)}\u0000${b.message}`;

async function main() {
  if (!existsSync(path.join(repoRoot, 'dist', 'index.js'))) {
    console.error('dist/index.js is missing: run `npm run build` first (or `npm run demo`, which builds).');
    return 2;
  }

  const eslint = new ESLint({ cwd: exampleDir, overrideConfigFile: configFile });
  const started = performance.now();
  const results = await eslint.lintFiles(['src']);
  const elapsed = performance.now() - started;
  const actual = results.flatMap((result) =>
    result.messages.map((message) => ({ ruleId: message.ruleId, file: result.filePath, line: message.line, message: message.message })),
  );
  const oxlint = lintWithOxlint();

  console.log(`${path.relative(repoRoot, exampleDir)}: ${String(actual.length)} findings (ESLint ${elapsed.toFixed(0)} ms, oxlint ${oxlint.elapsed.toFixed(0)} ms)\n`);
  for (const finding of actual) {
    const code = readFileSync(finding.file, 'utf8').split(/\r?\n/)[finding.line - 1]?.trim() ?? '';
    const inOxlint = oxlint.findings.some((other) => same(other, finding));
    console.log(`${where(finding)}  ${finding.ruleId ?? '(parse error)'}${inOxlint ? '' : '  (NOT reported by oxlint)'}`);
    console.log(`  ${code}`);
    console.log(`  → ${wrap(finding.message, 116, '    ').trimStart()}\n`);
  }
  const onlyOxlint = oxlint.findings.filter((finding) => !actual.some((other) => same(other, finding)));
  for (const finding of onlyOxlint) console.log(`${where(finding)}  ${finding.ruleId}  (reported by oxlint only)\n  → ${finding.message}\n`);
  if (oxlint.error) console.log(`oxlint did not run: ${oxlint.error}\n`);
  else if (onlyOxlint.length === 0 && actual.every((finding) => oxlint.findings.some((other) => same(other, finding)))) {
    console.log('oxlint (.oxlintrc.json) reports the same findings, with the same messages.\n');
  }

  const firedRules = [...new Set(actual.map((finding) => finding.ruleId).filter((id) => id !== null))].sort();
  console.log('How to fix them (docs/rules/ explains why):');
  for (const ruleId of firedRules) console.log(`  ${ruleId.replace(PLUGIN_PREFIX, '')}: ${FIXES[ruleId] ?? 'see its docs.'}`);

  // The example is meant to show every rule its config turns on: name the ones it no longer shows.
  const config = /** @type {{ rules?: Record<string, unknown> }} */ (await eslint.calculateConfigForFile(path.join(exampleDir, 'src', 'main.ts')));
  const enabledRules = Object.entries(config.rules ?? {})
    .filter(([ruleId, entry]) => ruleId.startsWith(PLUGIN_PREFIX) && !isOff(entry))
    .map(([ruleId]) => ruleId);
  const notShown = enabledRules.filter((ruleId) => !firedRules.includes(ruleId)).sort();
  if (notShown.length > 0) console.log(`\nEnabled but not shown by the example (add a \`// ❌\` case for them): ${notShown.join(', ')}`);

  const markers = listSourceFiles(path.join(exampleDir, 'src')).map(readMarkers);
  const expected = markers.flatMap((marker) => marker.expected);
  const passing = markers.reduce((sum, marker) => sum + marker.passing, 0);
  const actualKeys = new Set(actual.map(key));
  const expectedKeys = new Set(expected.map(key));
  const missing = expected.filter((finding) => !actualKeys.has(key(finding)));
  const unexpected = actual.filter((finding) => !expectedKeys.has(key(finding)));
  for (const finding of missing) console.log(`  MISSING ❌ ${where(finding)}  ${finding.ruleId}${finding.why ? ` - ${finding.why}` : ''}`);
  for (const finding of unexpected) console.log(`  UNEXPECTED ${where(finding)}  ${finding.ruleId ?? '(parse error)'} - ${finding.message}`);
  const oxlintDiffers = Boolean(oxlint.error) || onlyOxlint.length > 0 || oxlint.findings.length !== actual.length;

  if (missing.length === 0 && unexpected.length === 0 && !oxlintDiffers) {
    console.log(`\nOK: the ${String(expected.length)} \`// ❌\` markers were reported, by both linters, and nothing else (${String(passing)} \`// ✅\` examples stayed clean).`);
    return 0;
  }
  console.error(
    `\nFAILED: ${String(missing.length)} marked finding(s) not reported, ${String(unexpected.length)} without a marker` +
      `${oxlintDiffers ? ', and oxlint disagrees with ESLint' : ''}.`,
  );
  return 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 2;
  },
);
