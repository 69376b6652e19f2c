/**
 * Message patterns as NestJS routes them, and what a pattern's name says about it. Pure functions: resolving
 * an expression to a pattern value is the type engine's job (`type-engine/checker/pattern-values.ts`).
 */
import * as path from 'node:path';


/** A resolved pattern value: what a decorator or a client call was given. */
export type PatternValue = string | number | boolean | { readonly [key: string]: PatternValue };

/**
 * The route NestJS derives from a pattern (`transformPatternToRoute` in `@nestjs/microservices`): strings and
 * numbers as text, objects as JSON-like text with keys sorted, so `{ role: 'm', cmd: 'sum' }` and
 * `{ cmd: 'sum', role: 'm' }` are the same route.
 */
export function toRoute(pattern: PatternValue): string {
  if (typeof pattern === 'string' || typeof pattern === 'number' || typeof pattern === 'boolean') return `${pattern}`;
  const keys = Object.keys(pattern).sort((a, b) => a.localeCompare(b));
  const parts = keys.map((key) => {
    const value = pattern[key] as PatternValue;
    return `"${key}":${typeof value === 'string' ? `"${value}"` : toRoute(value)}`;
  });
  return `{${parts.join(',')}}`;
}

/** For messages: `'order.created'`, `42`, `{ cmd: 'sum' }`. */
export function describeRoute(route: string): string {
  return route.startsWith('{') || /^-?\d+(?:\.\d+)?$/.test(route) ? route : `'${route}'`;
}

/**
 * A call's pattern as the user reads it in a message: strings and numbers by value when known
 * (`Topics.OrderCreated` → `'order.created'`), anything else as written, shortened to one line of 40 characters.
 */
export function describePattern(value: PatternValue | undefined, text: string): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number') return String(value);
  const single = text.replace(/\s+/g, ' ');
  return single.length > 40 ? `${single.slice(0, 37)}...` : single;
}

/** Past participles that do not end in `-ed`. */
const IRREGULAR_PARTICIPLES = new Set([
  'begun',
  'bought',
  'broken',
  'built',
  'caught',
  'chosen',
  'done',
  'drawn',
  'driven',
  'eaten',
  'fallen',
  'forgotten',
  'found',
  'frozen',
  'given',
  'gone',
  'held',
  'hidden',
  'kept',
  'known',
  'lent',
  'lost',
  'made',
  'met',
  'paid',
  'proven',
  'risen',
  'sent',
  'shown',
  'sold',
  'spent',
  'spoken',
  'stolen',
  'taken',
  'thrown',
  'told',
  'won',
  'written',
]);

/** Words ending in `-ed` that are not past participles. */
const NOT_PARTICIPLES = new Set([
  'bed',
  'breed',
  'deed',
  'embed',
  'exceed',
  'feed',
  'greed',
  'indeed',
  'need',
  'proceed',
  'red',
  'seed',
  'shed',
  'speed',
  'succeed',
  'weed',
]);

/**
 * The last word of a pattern: after the last `.`, `_`, `-`, `:` or `/`, and the last camel-case word
 * (`order.created` → `created`, `ORDER_CREATED` → `created`, `orderCreated` → `created`).
 */
export function lastWord(route: string): string {
  const segment = route.split(/[._\-:/]/).filter((part) => part.length > 0).at(-1) ?? '';
  const words = segment.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+/g) ?? [segment];
  return (words.at(-1) ?? '').toLowerCase();
}

/**
 * Whether a pattern reads as an event: its last word is a past participle — a regular one ending in `-ed`
 * (`created`, `cancelled`, `shipped`; not `need`, `speed`, ...) or an irregular one (`paid`, `sent`, `sold`, ...).
 */
export function readsAsEvent(route: string): boolean {
  if (route.startsWith('{')) return false;
  const word = lastWord(route);
  if (IRREGULAR_PARTICIPLES.has(word)) return true;
  // `newsfeed`, `livefeed`: compounds of a stop word are not participles either.
  return word.length > 3 && word.endsWith('ed') && !NOT_PARTICIPLES.has(word) && !word.endsWith('feed');
}

/** For messages: the handler's file relative to the linted file's folder, and its line. */
export function describeHandlerLocation(handler: { readonly fileName: string; readonly line: number }, fromFileName: string): string {
  const relative = path.relative(path.dirname(fromFileName), handler.fileName).replace(/\\/g, '/');
  return `${relative.startsWith('.') ? relative : `./${relative}`}:${handler.line}`;
}
