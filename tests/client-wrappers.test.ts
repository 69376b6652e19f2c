/**
 * The program index's syntactic wrapper candidates (`findWrapperKeys`): a function is a candidate when every
 * `return` of its own body returns a client-named call. The walk visits statements only, so it must still find
 * every `return` a statement can nest, and none of a nested function's.
 */
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import { findWrapperKeys } from '../src/type-engine/checker/client-wrappers';

const SOURCE = `
class Publisher {
  inSwitch(kind: string) {
    switch (kind) {
      case 'a': return this.client.emit('a', 1);
      default: { return this.client.emit('b', 2); }
    }
  }
  inTry() {
    try { return this.client.emit('a', 1); } catch { return this.client.emit('b', 2); } finally { log(); }
  }
  inLoops(items: string[]) {
    outer: for (const item of items) { while (item) { do { return this.client.send(item, 1); } while (false); } }
    for (let i = 0; i < 1; i++) if (i) return this.client.send('x', i); else return this.client.send('y', i);
    for (const key in items) return this.client.send(key, 1);
    return this.client.send('z', 0);
  }
  nestedFunctionsIgnored() {
    items.forEach((item) => { return item; });
    const Local = class { m() { return 1; } };
    return this.client.emit('a', items.map(function (x) { return x; }));
  }
  otherInSwitch(kind: string) {
    switch (kind) { case 'a': return this.client.emit('a', 1); default: return 0; }
  }
  otherInTryBlock() {
    try { return 0; } catch { return this.client.emit('a', 1); }
  }
  otherInCatch() {
    try { return this.client.emit('a', 1); } catch { return undefined; }
  }
  otherInFinally() {
    try { return this.client.emit('a', 1); } finally { return null; }
  }
  otherInElse(flag: boolean) {
    if (flag) return this.client.emit('a', 1); else { return 0; }
  }
  otherInForOf(items: string[]) {
    for (const item of items) { if (item) { return item; } }
    return this.client.emit('a', 1);
  }
  otherInForIn(items: string[]) {
    for (const key in items) return key;
    return this.client.emit('a', 1);
  }
  otherInFor() {
    for (let i = 0; i < 1; i++) return i;
    return this.client.emit('a', 1);
  }
  otherInWhile(flag: boolean) {
    while (flag) return 0;
    return this.client.emit('a', 1);
  }
  otherInDo(flag: boolean) {
    do return 0; while (flag);
    return this.client.emit('a', 1);
  }
  otherInLabel() {
    done: { return 1; }
    return this.client.emit('a', 1);
  }
  mixedKinds(flag: boolean) {
    if (flag) return this.client.emit('a', 1);
    return this.client.send('b', 1);
  }
}
`;

describe('findWrapperKeys', () => {
  it('finds the returns of every statement kind, and no nested function’s', () => {
    const sourceFile = ts.createSourceFile('publisher.ts', SOURCE, ts.ScriptTarget.Latest, true);
    expect(findWrapperKeys(sourceFile, () => true)).toEqual(['emit:inSwitch', 'emit:inTry', 'send:inLoops', 'emit:nestedFunctionsIgnored']);
  });
});
