import rule from '../../src/rules/no-unawaited-emit';
import { runOnEveryNestVersion } from '../rule-tester';

runOnEveryNestVersion('no-unawaited-emit', rule, {
  valid: [
    `
import { ClientKafka } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
export class S {
  constructor(private readonly client: ClientKafka) {}
  async publish(order: { published: boolean }) {
    await lastValueFrom(this.client.emit('order.created', order));
    order.published = true;
  }
}
`,
  ],
  invalid: [
    {
      code: `
import { ClientKafka } from '@nestjs/microservices';
export class S {
  constructor(private readonly client: ClientKafka) {}
  async publish(order: { setPublished(): void }) {
    this.client.emit('order.created', order);
    order.setPublished();
  }
}
`,
      errors: [
        {
          messageId: 'unawaitedBeforeStateChange',
          line: 6,
          suggestions: [
            {
              messageId: 'suggestVoid',
              output: `
import { ClientKafka } from '@nestjs/microservices';
export class S {
  constructor(private readonly client: ClientKafka) {}
  async publish(order: { setPublished(): void }) {
    void this.client.emit('order.created', order);
    order.setPublished();
  }
}
`,
            },
          ],
        },
      ],
      output: `
import { ClientKafka } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
export class S {
  constructor(private readonly client: ClientKafka) {}
  async publish(order: { setPublished(): void }) {
    await lastValueFrom(this.client.emit('order.created', order));
    order.setPublished();
  }
}
`,
    },
  ],
});
