import type { TSESLint } from '@typescript-eslint/utils';
import type { Rule } from 'eslint';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import { mayContainClientCalls } from '../../src/utils/text-filter';
import { createOptionsResolver, createRule } from '../../src/utils/create-rule';

type Options = [{ flag?: boolean; names?: string[]; nested?: { a?: number; b?: number } }];
const defaults: Options = [{ flag: false, names: ['save'], nested: { a: 1, b: 2 } }];

describe('createOptionsResolver: options merged with their defaults once per configuration', () => {
  it('gives the defaults, merged once and frozen, when nothing is configured', () => {
    const resolve = createOptionsResolver(defaults);
    const first = resolve([]);
    expect(first).toEqual(defaults);
    expect(first).not.toBe(defaults);
    expect(resolve([])).toBe(first);
    expect(Object.isFrozen(first[0].names)).toBe(true);
    expect(() => (first[0].names as string[]).push('x')).toThrow(TypeError);
    expect(defaults[0].names).toEqual(['save']);
  });

  it('deep-merges the configured object like typescript-eslint’s applyDefault, once per configuration', () => {
    const resolve = createOptionsResolver(defaults);
    const configured = { flag: true, nested: { b: 5 } };
    const merged = resolve([configured]);
    expect(merged).toEqual([{ flag: true, names: ['save'], nested: { a: 1, b: 5 } }]);
    // Every file of a configuration gets a new array holding the same object: one merge.
    expect(resolve([configured])).toBe(merged);
    // Linter#verify with a config array gives every call a fresh object with the same values: still one merge.
    expect(resolve([{ ...configured }])).toBe(merged);
    // Another configuration is merged on its own.
    const other = resolve([{ names: ['publish'] }]);
    expect(other).toEqual([{ flag: false, names: ['publish'], nested: { a: 1, b: 2 } }]);
    expect(resolve([configured])).toBe(merged);
    expect(configured).toEqual({ flag: true, nested: { b: 5 } });
  });

  it('tells configurations apart by value: a primitive, an array’s identity, a key more or less', () => {
    const resolve = createOptionsResolver(defaults);
    const names = ['publish'];
    const merged = resolve([{ names }]);
    expect(resolve([{ names }])).toBe(merged);
    expect(resolve([{ names: ['publish'] }])).not.toBe(merged);
    expect(resolve([{ names: ['publish'] }])).toEqual(merged);
    expect(resolve([{ names, flag: true }])[0].flag).toBe(true);
    expect(resolve([{ names }])).toBe(merged);
    expect(resolve([{ names, flag: false }])[0].flag).toBe(false);
    expect(resolve([{ names, flag: true }])[0].flag).toBe(true);
    expect(resolve([])).toEqual(defaults);
  });

  it('freezes its own copy, never the configuration’s objects', () => {
    const resolve = createOptionsResolver(defaults);
    const configured = { names: ['publish'], nested: { a: 3 } };
    const [merged] = resolve([configured]);
    expect(merged.names).toEqual(['publish']);
    expect(Object.isFrozen(merged.names)).toBe(true);
    expect(Object.isFrozen(configured.names)).toBe(false);
    expect(Object.isFrozen(configured)).toBe(false);
  });

  it('gives every file the same options object when Linter#verify normalizes the configuration again for each file', () => {
    const seen: unknown[] = [];
    const rule = createRule<Options, 'never'>({
      name: 'options-probe',
      meta: {
        type: 'suggestion',
        docs: { description: 'Records its options.', recommended: 'strict', requiresTypeChecking: true },
        messages: { never: 'never' },
        schema: [
          {
            type: 'object',
            properties: {
              flag: { type: 'boolean', description: 'A flag.' },
              names: { type: 'array', items: { type: 'string' }, description: 'Names.' },
              nested: { type: 'object', description: 'Nested.' },
            },
            additionalProperties: false,
          },
        ],
        defaultOptions: defaults,
      },
      create(_context, options) {
        seen.push(options);
        return {};
      },
    });
    const linter = new Linter({ configType: 'flat' });
    // The plugin's rules are typed with typescript-eslint's types; ESLint's are the same shape (see src/index.ts).
    const probe = { rules: { 'options-probe': rule as unknown as Rule.RuleModule } };
    const config: Linter.Config[] = [{ plugins: { probe }, rules: { 'probe/options-probe': ['error', { flag: true }] } }];
    linter.verify('const a = 1;', config, 'a.js');
    linter.verify('const b = 2;', config, 'b.js');
    expect(seen).toHaveLength(2);
    expect(seen[0]).toEqual([{ flag: true, names: ['save'], nested: { a: 1, b: 2 } }]);
    expect(seen[1]).toBe(seen[0]);
  });
});

describe('mayContainClientCalls: the per-file text filter', () => {
  // Each file has its own AST, the filter's cache key.
  const sourceCode = (text: string): TSESLint.SourceCode => ({ text, ast: {} }) as TSESLint.SourceCode;

  it.each([
    ['this.client.emit("a", 1);', true],
    ['this.client.emitBatch("a", { messages: [] });', true],
    ['client.send({ cmd: "sum" }, [1, 2]);', true],
    ["client['send']('a', 1);", true],
    ['client.\\u0065mit("a", 1);', true],
    ["client['\\x73end']('a', 1);", true],
    ['export class OrderEntity { id = ""; total = 0; }', false],
    ['export const mapOrder = (order: Order): OrderDto => ({ id: order.id });', false],
    ['const line = "a\\nb";', false],
  ])('%s → %s', (text, expected) => {
    expect(mayContainClientCalls(sourceCode(text))).toBe(expected);
  });

  it('answers per file when the linter hands every file the same sourceCode object (oxlint), with a new AST', () => {
    const shared = { text: 'this.client.emit("a", 1);', ast: {} };
    expect(mayContainClientCalls(shared as TSESLint.SourceCode)).toBe(true);
    shared.text = 'export const a = 1;';
    shared.ast = {};
    expect(mayContainClientCalls(shared as TSESLint.SourceCode)).toBe(false);
  });
});
