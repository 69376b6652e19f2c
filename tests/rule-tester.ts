import * as path from 'node:path';

import { RuleTester } from '@typescript-eslint/rule-tester';
import type { RuleTesterConfig, RunTests } from '@typescript-eslint/rule-tester';
import type { TSESLint } from '@typescript-eslint/utils';
import { afterAll, describe, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

export const fixturesDir = path.join(__dirname, 'fixtures');

/** Every client type users inject: the transport classes, the base class and the Kafka interface. */
export const CLIENT_TYPES = [
  'ClientProxy',
  'ClientKafka',
  'ClientKafkaProxy',
  'ClientRMQ',
  'ClientRedis',
  'ClientNats',
  'ClientTCP',
  'ClientMqtt',
] as const;


/**
 * Each folder type-checks the same test code against another major of `@nestjs/microservices`:
 * `v12` (ESM, the installed `@nestjs/microservices`) and `v11` (CommonJS, the npm alias
 * `@nestjs/microservices-v11`, mapped by that folder's tsconfig `paths`).
 */
export const NEST_VERSIONS = ['v12', 'v11'] as const;
export type NestVersion = (typeof NEST_VERSIONS)[number];

export function createRuleTester(version: NestVersion, config: RuleTesterConfig = {}): RuleTester {
  return new RuleTester({
    ...config,
    languageOptions: {
      ...config.languageOptions,
      parserOptions: {
        projectService: true,
        tsconfigRootDir: path.join(fixturesDir, version),
        ...config.languageOptions?.parserOptions,
      },
    },
  });
}

/** Runs the same valid and invalid cases against every supported major of `@nestjs/microservices`. */
export function runOnEveryNestVersion<MessageIds extends string, Options extends readonly unknown[]>(
  name: string,
  rule: TSESLint.RuleModule<MessageIds, Options>,
  tests: RunTests<MessageIds, Options>,
): void {
  for (const version of NEST_VERSIONS) {
    describe(`@nestjs/microservices ${version}`, () => {
      createRuleTester(version).run(name, rule, tests);
    });
  }
}
