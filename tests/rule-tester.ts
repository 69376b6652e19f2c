import * as path from 'node:path';

import { RuleTester } from '@typescript-eslint/rule-tester';
import type { RuleTesterConfig, RunTests } from '@typescript-eslint/rule-tester';
import type { TSESLint } from '@typescript-eslint/utils';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

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
 * `v12` (ESM, the installed `@nestjs/microservices`), `v11` and `v10` (CommonJS, the npm aliases
 * `@nestjs/microservices-v11` and `-v10`, mapped by that folder's tsconfig `paths`).
 */
export const NEST_VERSIONS = ['v12', 'v11', 'v10'] as const;
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

/**
 * Whether `@nestjs/microservices`, as a fixtures folder's tsconfig resolves it, exports the type `name`: a probe
 * file importing it, type-checked in that folder (10.4 has a `client-kafka-proxy.interface.d.ts`, but does not
 * export the interface).
 */
function exportsType(version: NestVersion, name: string): boolean {
  const configPath = path.join(fixturesDir, version, 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(configPath, undefined, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!config) throw new Error(`cannot read ${configPath}`);
  const probe = path.join(fixturesDir, version, '__exports-probe__.ts');
  const host = ts.createCompilerHost(config.options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) =>
    path.resolve(fileName) === probe
      ? ts.createSourceFile(fileName, `export type { ${name} } from '@nestjs/microservices';\n`, languageVersion)
      : getSourceFile(fileName, languageVersion, ...rest);
  const program = ts.createProgram({ rootNames: [probe], options: { ...config.options, noEmit: true }, host });
  const diagnostics = ts.getPreEmitDiagnostics(program, program.getSourceFile(probe));
  return diagnostics.length === 0;
}

/** Types a major of `@nestjs/microservices` does not have: `ClientKafkaProxy` came with NestJS 11. */
const MISSING_TYPES: Readonly<Partial<Record<NestVersion, readonly string[]>>> = { v10: ['ClientKafkaProxy'] };

type AnyCase = string | { readonly code: string };

/** The cases of `tests` that use none of the types `version` lacks; only those are skipped, and counted. */
export function casesFor<T extends AnyCase>(version: NestVersion, cases: readonly T[]): { kept: T[]; skipped: number } {
  const missing = MISSING_TYPES[version] ?? [];
  const usesMissing = (testCase: T): boolean => {
    const code = typeof testCase === 'string' ? testCase : testCase.code;
    return missing.some((name) => new RegExp(`\\b${name}\\b`).test(code));
  };
  const kept = cases.filter((testCase) => !usesMissing(testCase));
  return { kept, skipped: cases.length - kept.length };
}

/**
 * Runs the same valid and invalid cases against every supported major of `@nestjs/microservices`. On NestJS 10,
 * the cases that use `ClientKafkaProxy` (which 10 does not have) are skipped, and a test says how many.
 */
export function runOnEveryNestVersion<MessageIds extends string, Options extends readonly unknown[]>(
  name: string,
  rule: TSESLint.RuleModule<MessageIds, Options>,
  tests: RunTests<MessageIds, Options>,
): void {
  for (const version of NEST_VERSIONS) {
    describe(`@nestjs/microservices ${version}`, () => {
      const valid = casesFor(version, tests.valid);
      const invalid = casesFor(version, tests.invalid);
      if (valid.skipped + invalid.skipped > 0) {
        it(`skips the ${String(valid.skipped + invalid.skipped)} cases that use ${(MISSING_TYPES[version] ?? []).join(', ')}, which this major does not export`, () => {
          for (const typeName of MISSING_TYPES[version] ?? []) {
            expect(exportsType(version, typeName), `${typeName} in ${version}`).toBe(false);
            expect(exportsType('v12', typeName), `${typeName} in v12 (the probe sees exports)`).toBe(true);
          }
        });
      }
      createRuleTester(version).run(name, rule, { valid: valid.kept, invalid: invalid.kept });
    });
  }
}
