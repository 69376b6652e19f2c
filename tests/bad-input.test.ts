/** Bad input gets a clear error: invalid options, and linting without type information. */
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import plugin from '../src/index';

const code = `
import { ClientKafka } from '@nestjs/microservices';
export function publish(client: ClientKafka) { client.emit('a', 1); }
`;

function lint(rules: Linter.RulesRecord, parserOptions: Linter.ParserOptions = {}): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat' });
  return linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser, parserOptions },
        plugins: { 'nestjs-microservices': plugin },
        rules,
      },
    ],
    'file.ts',
  );
}

// ESLint validates options against `meta.schema` before the rule runs; its message names the rule, and the
// offending key or value with what was expected.
describe('invalid options are rejected by schema validation', () => {
  it.each([
    ['an unknown option', { allowVoids: true }, /no-unawaited-emit.*allowVoids/s],
    ['a wrong type', { allowVoid: 'yes' }, /no-unawaited-emit.*"yes" should be boolean/s],
    ['a method name that is not an identifier', { stateChangeMethods: ['save('] }, /no-unawaited-emit.*"save\(" should match pattern/s],
    ['a persistence type without a package', { persistenceTypes: [{ name: 'Repository' }] }, /no-unawaited-emit.*required property 'package'/s],
  ])('%s', (_label, options, message) => {
    expect(() => lint({ 'nestjs-microservices/no-unawaited-emit': ['error', options] })).toThrow(message);
  });

  it('an invalid regular expression', () => {
    expect(() => lint({ 'nestjs-microservices/prefer-emit-for-events': ['error', { eventPatterns: ['('] }] })).toThrow(
      /prefer-emit-for-events.*"\(" should match format "regex"/s,
    );
  });

  it('a timeout that is not a positive integer', () => {
    expect(() => lint({ 'nestjs-microservices/require-send-timeout': ['error', { suggestedTimeout: 0 }] })).toThrow(
      /require-send-timeout.*Value 0 should be >= 1/s,
    );
  });

  it('no-unsubscribed-send takes no options', () => {
    expect(() => lint({ 'nestjs-microservices/no-unsubscribed-send': ['error', { any: true }] })).toThrow(
      /no-unsubscribed-send/,
    );
  });
});

describe('without type information', () => {
  it.each(Object.keys(plugin.rules))('%s explains how to enable projectService', (name) => {
    expect(() => lint({ [`nestjs-microservices/${name}`]: 'error' })).toThrow(
      new RegExp(`nestjs-microservices/${name}.*needs type information.*projectService: true`, 's'),
    );
  });
});
