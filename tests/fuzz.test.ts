/**
 * Property-based: on generated NestJS-shaped code (random mixes of clients and lookalikes, emit/send calls
 * awaited, voided, piped, subscribed, stored, returned, inside branches, loops, try and callbacks, next to
 * state changes), no rule throws, and every fix and every suggestion yields code that still parses.
 */
import * as path from 'node:path';

import tsParser from '@typescript-eslint/parser';
import { parse } from '@typescript-eslint/typescript-estree';
import { Linter } from 'eslint';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import plugin from '../src/index';
import { fixturesDir } from './rule-tester';

const RECEIVERS = ['this.kafka', 'this.rmq', 'this.proxy', 'this.kafkaProxy', 'this.optional?.', 'this.events', 'this.anything'];
const METHODS = ['emit', 'send'];

const receiver = fc.constantFrom(...RECEIVERS);
const method = fc.constantFrom(...METHODS);
const topic = fc.constantFrom("'order.created'", "'inventory.reserve'", 'Topics.Paid', 'dynamic', "{ cmd: 'sum' }", '`order.${dynamic}`');

/** One client-ish call: `this.kafka.emit('order.created', order)`. */
const call = fc
  .tuple(receiver, method, topic)
  .map(([target, name, pattern]) => (target.endsWith('?.') ? `${target}${name}(${pattern}, order)` : `${target}.${name}(${pattern}, order)`));

/** What the code does with the call's result. */
const use = fc.constantFrom(
  (c: string) => `${c};`,
  (c: string) => `await ${c};`,
  (c: string) => `void ${c};`,
  (c: string) => `const stored = ${c};`,
  (c: string) => `const later = ${c};\n await this.repo.save(order);\n await lastValueFrom(later as never);`,
  (c: string) => `${c}.subscribe();`,
  (c: string) => `${c}.subscribe({ error: (error: unknown) => console.error(error) });`,
  (c: string) => `${c}.pipe(map((value: unknown) => value), timeout(1000));`,
  (c: string) => `await lastValueFrom(${c});`,
  (c: string) => `await Promise.all([${c}]);`,
  (c: string) => `orders.forEach(() => ${c});`,
  (c: string) => `orders.forEach(async () => { ${c}; });`,
  (c: string) => `return ${c};`,
);

const stateChange = fc.constantFrom(
  `order.status = 'done';`,
  'this.count++;',
  'this.count += 2;',
  'delete order.note;',
  'order.markPublished();',
  'await this.repo.save(order);',
  "this.logger.log('sent');",
  'const local = 1; void local;',
);

const simpleStatement = fc.oneof(
  fc.tuple(call, use).map(([c, u]) => u(c)),
  stateChange,
);

/** Statements, nested in branches, loops, try and callbacks up to a small depth. */
const statements: fc.Arbitrary<string[]> = fc.letrec<{ block: string[]; statement: string }>((tie) => ({
  block: fc.array(tie('statement'), { minLength: 1, maxLength: 4 }),
  statement: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    simpleStatement,
    tie('block').map((body) => `if (order.status) {\n${body.join('\n')}\n} else {\n${stateChangeText}\n}`),
    tie('block').map((body) => `for (const item of orders) {\n void item;\n${body.join('\n')}\n}`),
    tie('block').map((body) => `try {\n${body.join('\n')}\n} finally {\n this.count = 0;\n}`),
    tie('block').map((body) => `orders.forEach((item) => {\n void item;\n${body.join('\n')}\n});`),
  ),
})).block;

const stateChangeText = 'order.markPublished();';

function program(body: string[], isAsync: boolean): string {
  return `import { EventEmitter } from 'node:events';
import { ClientKafka, ClientKafkaProxy, ClientProxy, ClientRMQ } from '@nestjs/microservices';
import { lastValueFrom, map, timeout } from 'rxjs';
enum Topics { Paid = 'order.paid' }
interface Order { status: string; note?: string; markPublished(): void }
export class Service {
  count = 0;
  constructor(
    private readonly kafka: ClientKafka,
    private readonly rmq: ClientRMQ,
    private readonly proxy: ClientProxy,
    private readonly kafkaProxy: ClientKafkaProxy,
    private readonly events: EventEmitter,
    private readonly anything: any,
    private readonly repo: { save(order: Order): Promise<void> },
    private readonly logger: { log(message: string): void },
    private readonly optional?: ClientProxy,
  ) {}
  ${isAsync ? 'async ' : ''}run(order: Order, orders: Order[], dynamic: string) {
    void Topics; void map; void timeout; void lastValueFrom; void dynamic;
${body.join('\n')}
  }
}
`;
}

const allRulesStrictest: Linter.RulesRecord = {
  'nestjs-microservices/no-unawaited-emit': ['error', { reportFireAndForget: true, allowVoid: false }],
  'nestjs-microservices/no-unsubscribed-send': 'error',
  'nestjs-microservices/prefer-emit-for-events': ['error', { eventPatterns: ['.'] }],
  'nestjs-microservices/require-kafka-response-subscription': ['error', { reportWhenUnresolved: true }],
  'nestjs-microservices/require-send-timeout': 'error',
};

const filename = path.join(fixturesDir, 'v12', 'file.ts');
const config: Linter.Config[] = [
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tsParser, parserOptions: { projectService: true, tsconfigRootDir: path.join(fixturesDir, 'v12') } },
    plugins: { 'nestjs-microservices': plugin },
    rules: allRulesStrictest,
  },
];

function parses(code: string): boolean {
  try {
    parse(code, { range: true, loc: true });
    return true;
  } catch {
    return false;
  }
}

/** Applies one suggestion's fix to `code`. */
function applyFix(code: string, fix: { range: [number, number]; text: string }): string {
  return code.slice(0, fix.range[0]) + fix.text + code.slice(fix.range[1]);
}

describe('fuzz: generated NestJS-shaped code', () => {
  it('no rule throws; every fix and suggestion parses', () => {
    const linter = new Linter({ configType: 'flat' });
    let reports = 0;
    let linted = 0;
    let parseErrors = 0;
    fc.assert(
      fc.property(statements, fc.boolean(), (body, isAsync) => {
        const code = program(body, isAsync);
        const messages = linter.verify(code, config, { filename });
        const fatal = messages.filter((message) => message.fatal === true);
        // Generated code can be invalid TypeScript (e.g. `await` in a non-async method): that is a parse
        // error, not a rule crash. Everything else must lint.
        if (fatal.length > 0) {
          parseErrors++;
          return fatal.every((message) => /Parsing error/.test(message.message));
        }
        linted++;
        reports += messages.length;
        for (const message of messages) {
          if (message.fix && !parses(applyFix(code, message.fix))) return false;
          for (const suggestion of message.suggestions ?? []) {
            if (!parses(applyFix(code, suggestion.fix))) return false;
          }
        }
        const fixed = linter.verifyAndFix(code, config, { filename });
        return parses(fixed.output);
      }),
      { numRuns: 150, seed: 20261125 },
    );
    // The generator must actually exercise the rules.
    expect(reports).toBeGreaterThan(100);
    expect(linted).toBeGreaterThan(parseErrors);
  }, 240_000);
});
