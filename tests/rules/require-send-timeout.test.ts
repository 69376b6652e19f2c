import rule from '../../src/rules/require-send-timeout';
import { runOnEveryNestVersion } from '../rule-tester';

const HEAD = `import { ClientProxy } from '@nestjs/microservices';`;

/** Requests stored in a `const` (one through a second variable) and converted later. */
const STORED = `
${HEAD}
import { firstValueFrom, map } from 'rxjs';
export class Auth {
  constructor(private readonly client: ClientProxy) {}
  async verify(token: string) {
    const reply$ = this.client.send<boolean>('auth.verify', token);
    return firstValueFrom(reply$);
  }
  async mapped(token: string) {
    const reply$ = this.client.send<boolean>('auth.verify', token).pipe(map((ok) => !ok));
    const again$ = reply$;
    return firstValueFrom(again$);
  }
}
`;
const withTimeoutImport = (code: string): string => code.replace("import { firstValueFrom, map } from 'rxjs';", "import { firstValueFrom, map, timeout } from 'rxjs';");

runOnEveryNestVersion('require-send-timeout', rule, {
  valid: [
    {
      name: 'send() of something that is not a NestJS client',
      code: `
${HEAD}
import { lastValueFrom, of, type Observable } from 'rxjs';
class Bus {
  send(pattern: string, data: number): Observable<number> {
    return of(data);
  }
}
export async function price(bus: Bus, anything: any, client: ClientProxy) {
  await lastValueFrom(bus.send('price', 1));
  await lastValueFrom(anything.send('price', 2));
  return [client];
}
`,
    },
    {
      name: 'a timeout operator in the chain, by name, through a namespace, or a project helper',
      code: `
${HEAD}
import * as rx from 'rxjs';
import { lastValueFrom, map, timeout, type OperatorFunction } from 'rxjs';
declare function withDeadline<T>(): OperatorFunction<T, T>;
export async function price(client: ClientProxy) {
  await lastValueFrom(client.send('price', 1).pipe(timeout(5000)));
  await lastValueFrom(client.send('price', 2).pipe(map((reply) => reply), rx.timeout({ first: 1000 })));
  return client.send('price', 3).pipe(withDeadline());
}
`,
      options: [{ timeoutHelpers: ['withDeadline'] }],
    },
    {
      name: 'timeout however imported: an alias, rxjs/operators, a constant holding the operator',
      code: `
${HEAD}
import { lastValueFrom } from 'rxjs';
import { timeout as deadline } from 'rxjs/operators';
const fiveSeconds = deadline(5000);
export async function price(client: ClientProxy) {
  await lastValueFrom(client.send('price', 1).pipe(deadline(1000)));
  return lastValueFrom(client.send('price', 2).pipe(fiveSeconds));
}
`,
    },
    {
      name: 'sends inside callbacks: the timeout is on the combined stream',
      code: `
${HEAD}
import { forkJoin, of, switchMap, timeout } from 'rxjs';
export function prices(client: ClientProxy, ids: number[]) {
  forkJoin(ids.map((id) => client.send('price', id))).pipe(timeout(5000)).subscribe({ error: console.error });
  return of(1).pipe(switchMap(() => client.send('price', 0)), timeout(5000));
}
`,
    },
    {
      name: 'a stored request with a timeout where it is stored or where it is read; a stored request passed on',
      code: `
${HEAD}
import { firstValueFrom, timeout, type Observable } from 'rxjs';
declare function retry<T>(request: Observable<T>): Promise<T>;
export class Auth {
  constructor(private readonly client: ClientProxy) {}
  async stored(token: string) {
    const reply$ = this.client.send<boolean>('auth.verify', token).pipe(timeout(5000));
    return firstValueFrom(reply$);
  }
  async read(token: string) {
    const reply$ = this.client.send<boolean>('auth.verify', token);
    return firstValueFrom(reply$.pipe(timeout(5000)));
  }
  async passed(token: string) {
    const reply$ = this.client.send<boolean>('auth.verify', token);
    return retry(reply$);
  }
}
`,
    },
    {
      name: 'passed on to code we cannot see, or never subscribed (another rule)',
      code: `
${HEAD}
import { forkJoin, timeout } from 'rxjs';
export function prices(client: ClientProxy) {
  client.send('price', 0);
  return forkJoin([client.send('price', 1), client.send('price', 2)]).pipe(timeout(5000));
}
`,
    },
  ],
  invalid: [
    {
      name: 'a local function named timeout is not the rxjs operator',
      code: `
${HEAD}
import { lastValueFrom, type MonoTypeOperatorFunction } from 'rxjs';
function timeout<T>(ms: number): MonoTypeOperatorFunction<T> { void ms; return (source) => source; }
export async function price(client: ClientProxy) {
  return lastValueFrom(client.send('price', 1).pipe(timeout(5000)));
}
`,
      errors: [{ messageId: 'missingTimeout', suggestions: [{ messageId: 'suggestTimeout', output: `
${HEAD}
import { lastValueFrom, type MonoTypeOperatorFunction, timeout as rxjsTimeout } from 'rxjs';
function timeout<T>(ms: number): MonoTypeOperatorFunction<T> { void ms; return (source) => source; }
export async function price(client: ClientProxy) {
  return lastValueFrom(client.send('price', 1).pipe(rxjsTimeout(5000)).pipe(timeout(5000)));
}
` }] }],
    },
    {
      name: 'a request stored in a const and converted later, without a timeout',
      code: STORED,
      errors: [
        {
          messageId: 'missingTimeout',
          line: 7,
          data: { call: "send('auth.verify')" },
          suggestions: [{ messageId: 'suggestTimeout', data: { ms: '5000' }, output: withTimeoutImport(STORED.replace("token);\n    return", "token).pipe(timeout(5000));\n    return")) }],
        },
        {
          messageId: 'missingTimeout',
          line: 11,
          data: { call: "send('auth.verify')" },
          suggestions: [{ messageId: 'suggestTimeout', data: { ms: '5000' }, output: withTimeoutImport(STORED.replace('token).pipe(map(', 'token).pipe(timeout(5000)).pipe(map(')) }],
        },
      ],
    },
    {
      name: 'converted, subscribed and returned without a timeout',
      code: `
${HEAD}
import { lastValueFrom, map } from 'rxjs';
export class Prices {
  constructor(private readonly client: ClientProxy) {}
  async one() {
    return lastValueFrom(this.client.send<number>('price', 1).pipe(map((reply) => reply * 2)));
  }
  watch() {
    this.client.send('price', 2).subscribe({ next: console.log, error: console.error });
  }
  handler() {
    return this.client.send('price', 3);
  }
}
`,
      errors: [
        {
          messageId: 'missingTimeout',
          line: 7,
          data: { call: "send('price')" },
          suggestions: [
            {
              messageId: 'suggestTimeout',
              output: `
${HEAD}
import { lastValueFrom, map, timeout } from 'rxjs';
export class Prices {
  constructor(private readonly client: ClientProxy) {}
  async one() {
    return lastValueFrom(this.client.send<number>('price', 1).pipe(timeout(5000)).pipe(map((reply) => reply * 2)));
  }
  watch() {
    this.client.send('price', 2).subscribe({ next: console.log, error: console.error });
  }
  handler() {
    return this.client.send('price', 3);
  }
}
`,
            },
          ],
        },
        {
          messageId: 'missingTimeout',
          line: 10,
          suggestions: [
            {
              messageId: 'suggestTimeout',
              output: `
${HEAD}
import { lastValueFrom, map, timeout } from 'rxjs';
export class Prices {
  constructor(private readonly client: ClientProxy) {}
  async one() {
    return lastValueFrom(this.client.send<number>('price', 1).pipe(map((reply) => reply * 2)));
  }
  watch() {
    this.client.send('price', 2).pipe(timeout(5000)).subscribe({ next: console.log, error: console.error });
  }
  handler() {
    return this.client.send('price', 3);
  }
}
`,
            },
          ],
        },
        {
          messageId: 'missingTimeout',
          line: 13,
          suggestions: [
            {
              messageId: 'suggestTimeout',
              output: `
${HEAD}
import { lastValueFrom, map, timeout } from 'rxjs';
export class Prices {
  constructor(private readonly client: ClientProxy) {}
  async one() {
    return lastValueFrom(this.client.send<number>('price', 1).pipe(map((reply) => reply * 2)));
  }
  watch() {
    this.client.send('price', 2).subscribe({ next: console.log, error: console.error });
  }
  handler() {
    return this.client.send('price', 3).pipe(timeout(5000));
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'suggestedTimeout sets the milliseconds; no rxjs import yet',
      code: `
${HEAD}
export function price(client: ClientProxy) {
  return client.send('price', 1);
}
`,
      options: [{ suggestedTimeout: 2000 }],
      errors: [
        {
          messageId: 'missingTimeout',
          suggestions: [
            {
              messageId: 'suggestTimeout',
              data: { ms: '2000' },
              output: `
${HEAD}
import { timeout } from 'rxjs';
export function price(client: ClientProxy) {
  return client.send('price', 1).pipe(timeout(2000));
}
`,
            },
          ],
        },
      ],
    },
  ],
});
