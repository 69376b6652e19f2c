import { describe, expect, it } from 'vitest';

import { describeRoute, lastWord, readsAsEvent, toRoute } from '../../src/base/patterns';

describe('toRoute: the route NestJS derives from a pattern', () => {
  it.each([
    ['order.created', 'order.created'],
    [42, '42'],
    [{ cmd: 'sum' }, '{"cmd":"sum"}'],
    [{ role: 'math', cmd: 'sum' }, '{"cmd":"sum","role":"math"}'],
    [{ v: 1, nested: { b: 'x', a: true } }, '{"nested":{"a":true,"b":"x"},"v":1}'],
  ])('%j → %s', (pattern, route) => {
    expect(toRoute(pattern)).toBe(route);
  });

  it('describes routes for messages', () => {
    expect(describeRoute('order.created')).toBe("'order.created'");
    expect(describeRoute('7')).toBe('7');
    expect(describeRoute('{"cmd":"sum"}')).toBe('{"cmd":"sum"}');
  });
});

describe('readsAsEvent: the last word is a past participle', () => {
  it.each(['order.created', 'ORDER_CANCELLED', 'invoicePaid', 'parcel/sent', 'user:registered', 'stock-reserved', 'item.sold'])(
    '%s is an event',
    (route) => {
      expect(readsAsEvent(route)).toBe(true);
    },
  );

  it.each(['inventory.reserve', 'feature.seed', 'user.newsfeed', 'price.get', 'order.need', '{"cmd":"created"}', 'red'])(
    '%s is not',
    (route) => {
      expect(readsAsEvent(route)).toBe(false);
    },
  );

  it('splits segments and camel case', () => {
    expect(lastWord('orders.itemShipped')).toBe('shipped');
    expect(lastWord('ORDER_CREATED')).toBe('created');
  });
});
