import type { TSESLint } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { mayContainClientCalls } from '../../src/utils/client-calls';
import { createOptionsResolver } from '../../src/utils/create-rule';

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

  it('deep-merges the configured object like typescript-eslint’s applyDefault, and caches by its identity', () => {
    const resolve = createOptionsResolver(defaults);
    const configured = { flag: true, nested: { b: 5 } };
    const merged = resolve([configured]);
    expect(merged).toEqual([{ flag: true, names: ['save'], nested: { a: 1, b: 5 } }]);
    // Every file of a configuration gets a new array holding the same object: one merge.
    expect(resolve([configured])).toBe(merged);
    // Another configuration (another object) is merged on its own.
    const other = resolve([{ names: ['publish'] }]);
    expect(other).toEqual([{ flag: false, names: ['publish'], nested: { a: 1, b: 2 } }]);
    expect(resolve([configured])).toBe(merged);
    expect(configured).toEqual({ flag: true, nested: { b: 5 } });
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

  it('merges configurations it cannot cache by identity (eslintrc merges a new object for each file)', () => {
    const resolve = createOptionsResolver(defaults);
    expect(resolve([{ flag: true }])).toEqual([{ flag: true, names: ['save'], nested: { a: 1, b: 2 } }]);
    expect(resolve([{ flag: true }])).toEqual([{ flag: true, names: ['save'], nested: { a: 1, b: 2 } }]);
  });
});

describe('mayContainClientCalls: the per-file text filter', () => {
  const sourceCode = (text: string): TSESLint.SourceCode => ({ text }) as TSESLint.SourceCode;

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
});
