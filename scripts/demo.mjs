#!/usr/bin/env node
// Lints the example app in examples/orders-service with the plugin built in dist/ (run through `npm run demo`,
// which builds first), prints ESLint's usual `stylish` report, explains each rule that fired, and checks the
// findings against the `// ❌ <rule>: <why>` markers in the example's source:
//   - a marker at the end of a line expects a finding of that rule on that line;
//   - a marker on a line of its own expects one on the next line of code (blank and comment lines skipped).
// Exit code 0 when the findings are exactly the marked ones (so the `// ✅` code produced no false positives),
// 1 otherwise with the difference, 2 when the demo could not run at all.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const exampleDir = path.join(repoRoot, 'examples', 'orders-service');
const configFile = path.join(exampleDir, 'eslint.config.mjs');
const PLUGIN_PREFIX = 'nestjs-microservices/';

/** What each rule's finding means when the code runs, and how to fix it. */
const EXPLANATIONS = {
  'nestjs-microservices/no-unawaited-emit':
    '`ClientProxy.emit()` starts sending the event at once (its Observable is hot), but the only place a failed ' +
    'delivery is reported is that Observable. When nobody subscribes to it - or it is `await`ed directly, which ' +
    'waits for nothing because an Observable is not a Promise - a broker outage, a serialization error or an ' +
    'unreachable Kafka cluster is dropped without a log line, and the code after the call carries on as if the ' +
    'event had been delivered: here the order is marked as published or cancelled while the downstream services ' +
    'never hear about it, and the outbox re-publisher skips it. Fix it by waiting for delivery where the call is ' +
    'made, `await lastValueFrom(this.client.emit(...))` (errors then reject the surrounding async function), or, ' +
    'when losing the event is acceptable, say so with `void this.client.emit(...)` or subscribe with an `error` ' +
    'callback. In async functions `--fix` applies the `await lastValueFrom(...)` rewrite and adds the `rxjs` import. ' +
    'The `strict` config this example uses also reports an unhandled `emit()` that nothing after it depends on ' +
    '(`reportFireAndForget`), which is why the telemetry events here are marked with `void` or subscribed with an ' +
    '`error` callback.',
  'nestjs-microservices/no-unsubscribed-send':
    '`ClientProxy.send()` returns a cold Observable: the request is only published when something subscribes to ' +
    'it. A `send()` whose result is dropped, `void`ed, stored and never read, or `await`ed directly (an Observable ' +
    'is not a Promise, so `await` hands back the Observable itself) sends nothing at all - no error, no log, no ' +
    'reply - so here the inventory is never reserved although the order is saved as `reserved`. Fix it by ' +
    'subscribing: `await lastValueFrom(this.client.send(...).pipe(timeout(5000)))` to send and wait for the reply ' +
    '(add a timeout: a request nobody answers never completes), return the Observable from a controller or ' +
    '`@MessagePattern` handler so Nest subscribes to it, or use `emit()` if no reply is needed. The rule only ' +
    'offers suggestions, because subscribing changes behaviour: a request is now really sent.',
  'nestjs-microservices/prefer-emit-for-events':
    'An `@EventPattern` handler is not meant to answer, so a `send()` to a pattern that only event handlers ' +
    'handle waits for a reply that is not coming. On Kafka the server treats the request as an event and writes ' +
    'nothing to the reply topic: the handler runs, and the caller waits until its timeout, or forever without ' +
    'one; over TCP, Redis, NATS, RabbitMQ or MQTT the request completes without a value, and `lastValueFrom` ' +
    'rejects with `EmptyError` (or resolves with whatever the handler happens to return). Here ' +
    'the carrier webhook would fail every handover with a `TimeoutError` after 5 s although the shipment was ' +
    'recorded (as written it fails even sooner: see require-kafka-response-subscription). A `send()` whose reply ' +
    'is thrown away and whose pattern reads as an event - its last word is a past participle, such as ' +
    '`order-shipped` or `invoice-issued` - is reported too, even when its handler is not in this program: it ' +
    'makes this service wait for a consumer it needs no answer from. Use `emit()`: it needs no reply topic, and ' +
    'on Kafka it resolves with the broker\'s acknowledgement. When the reply is thrown away, `--fix` renames ' +
    '`send` to `emit`; when it is used, that is only a suggestion, because the value the code gets changes.',
  'nestjs-microservices/require-kafka-response-subscription':
    'A Kafka `send()` gets its reply on the topic `<pattern>.reply`, and the client only consumes the reply ' +
    'topics registered with `subscribeToResponseOf(pattern)` before it connects. For any other pattern `send()` ' +
    'errors at once - "The client consumer did not subscribe to the corresponding reply topic ' +
    '(payments.authorize.reply)" - and publishes nothing, so here every payment authorization fails, on every ' +
    'instance, from the first deployment. Fix it by registering the pattern before the client connects: ' +
    '`this.client.subscribeToResponseOf(pattern)` in `onModuleInit()` (the rule suggests adding it there), or ' +
    'here, adding it to `REQUEST_TOPICS`, which `onModuleInit()` already subscribes. `emit()` needs no reply ' +
    'topic, and for a pattern only an `@EventPattern` handles, `emit()` is the fix: subscribing its reply topic ' +
    'would only turn the error into a wait for a reply that never comes. The rule reads every ' +
    '`subscribeToResponseOf(...)` in the program, and stays silent when one of them has an argument whose value ' +
    'it cannot work out.',
  'nestjs-microservices/require-send-timeout':
    'No NestJS transport times out a request by itself. When the consumer is down, lagging, rebalancing, has ' +
    'no handler for the pattern or only an `@EventPattern` one (on Kafka), a subscribed `send()` simply never ' +
    'completes, and `await lastValueFrom(...)` / `firstValueFrom(...)` never settles: here the credit check, and ' +
    'the HTTP request waiting on it, hang with no error and no log line while the pending reply stays in ' +
    'memory. Add `.pipe(timeout(5000))` (from `rxjs`) so the wait ends in a `TimeoutError` the code can catch, ' +
    'retry or report - also on an Observable returned from a controller or `@MessagePattern` handler, which Nest ' +
    'waits on just the same. The rule is in the `strict` config only; it suggests `.pipe(timeout(5000))`, and ' +
    'project helpers that add a timeout can be listed in its `timeoutHelpers` option.',
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

async function main() {
  if (!existsSync(path.join(repoRoot, 'dist', 'index.js'))) {
    console.error('dist/index.js is missing: run `npm run build` first (or `npm run demo`, which builds).');
    return 2;
  }

  console.log(`Linting ${path.relative(repoRoot, exampleDir)} with ${path.relative(repoRoot, configFile)}\n`);
  const eslint = new ESLint({ cwd: exampleDir, overrideConfigFile: configFile });
  const started = performance.now();
  const results = await eslint.lintFiles(['src']);
  const elapsed = performance.now() - started;

  const formatter = await eslint.loadFormatter('stylish');
  const report = await formatter.format(results);
  console.log(report.trim() === '' ? 'No problems found.' : report);

  const actual = results.flatMap((result) =>
    result.messages.map((message) => ({
      ruleId: message.ruleId,
      file: result.filePath,
      line: message.line,
      message: message.message,
      fatal: message.fatal === true,
    })),
  );

  const firedRules = [...new Set(actual.map((finding) => finding.ruleId).filter((id) => id !== null))].sort();
  if (firedRules.length > 0) {
    console.log('What these findings mean at run time\n');
    for (const ruleId of firedRules) {
      console.log(`${ruleId}`);
      const fallback = ruleId.startsWith(PLUGIN_PREFIX)
        ? 'No explanation for this rule yet: add one to EXPLANATIONS in scripts/demo.mjs.'
        : 'No explanation available for this rule (it is not part of this plugin).';
      console.log(`${wrap(EXPLANATIONS[ruleId] ?? fallback)}\n`);
    }
  }

  // The example is meant to show every rule its config turns on: name the ones it no longer shows.
  const config = /** @type {{ rules?: Record<string, unknown> }} */ (
    await eslint.calculateConfigForFile(path.join(exampleDir, 'src', 'main.ts'))
  );
  const enabledRules = Object.entries(config.rules ?? {})
    .filter(([ruleId, entry]) => ruleId.startsWith(PLUGIN_PREFIX) && !isOff(entry))
    .map(([ruleId]) => ruleId)
    .sort();
  const notShown = enabledRules.filter((ruleId) => !firedRules.includes(ruleId));
  if (notShown.length > 0) {
    console.log(`Enabled but not shown by the example (add a \`// ❌\` case for them): ${notShown.join(', ')}\n`);
  }

  const markers = listSourceFiles(path.join(exampleDir, 'src')).map(readMarkers);
  const expected = markers.flatMap((marker) => marker.expected);
  const passing = markers.reduce((sum, marker) => sum + marker.passing, 0);

  const actualKeys = new Set(actual.map(key));
  const expectedKeys = new Set(expected.map(key));
  const missing = expected.filter((finding) => !actualKeys.has(key(finding)));
  const unexpected = actual.filter((finding) => !expectedKeys.has(key(finding)));

  console.log(`Checked against the markers in ${path.relative(repoRoot, path.join(exampleDir, 'src'))} (${elapsed.toFixed(0)} ms to lint ${String(results.length)} files):`);
  for (const finding of expected) {
    const ok = actualKeys.has(key(finding));
    console.log(`  ${ok ? 'found  ' : 'MISSING'} ❌ ${where(finding)}  ${finding.ruleId}${finding.why ? ` - ${finding.why}` : ''}`);
  }
  for (const finding of unexpected) {
    console.log(`  UNEXPECTED ${where(finding)}  ${finding.ruleId ?? '(parse error)'} - ${finding.message}`);
  }

  if (missing.length === 0 && unexpected.length === 0) {
    console.log(
      `\nOK: all ${String(expected.length)} marked findings were reported, and nothing else` +
        ` (${String(passing)} ✅ examples stayed clean).`,
    );
    return 0;
  }
  console.error(
    `\nFAILED: ${String(missing.length)} marked finding(s) not reported (false negatives), ` +
      `${String(unexpected.length)} finding(s) without a marker (false positives or a broken setup).`,
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
