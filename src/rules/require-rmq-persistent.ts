import { AST_NODE_TYPES } from '@typescript-eslint/types';

import type { OptionProperty } from '../type-engine';
import { createRule } from '../utils/create-rule';
import { nodeAtRange } from '../utils/ast';
import { appendProperty } from '../utils/fixers';
import { createConfigurationListeners, reportTarget } from '../utils/transport-config';

export type Options = [];

export type MessageId = 'notPersistent';

/** Queue types that store every message on disk, whatever its delivery mode (see the rule's doc). */
const DURABLE_BY_TYPE = new Set(['quorum', 'stream']);

/**
 * Whether the queue `queueOptions` declares keeps persistent messages over a broker restart and drops transient ones:
 * a durable (amqplib's default) classic queue. `false` for `durable: false`, a quorum queue or a stream, and
 * whenever the options are not known before run time.
 */
function losesTransientMessages(queueOptions: OptionProperty): boolean {
  const declared = queueOptions.object;
  if (!declared?.complete) return false;
  const durable = declared.properties.get('durable');
  if (durable && durable.value !== true) return false;
  const queueArguments = declared.properties.get('arguments');
  if (!queueArguments) return true;
  if (!queueArguments.object?.complete) return false;
  const queueType = queueArguments.object.properties.get('x-queue-type');
  if (!queueType) return true;
  return typeof queueType.value === 'string' && !DURABLE_BY_TYPE.has(queueType.value);
}

export default createRule<Options, MessageId>({
  name: 'require-rmq-persistent',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require `persistent: true` in the options of an RMQ client, so that its messages survive a broker restart',
      recommended: 'strict',
      requiresTypeChecking: true,
    },
    fixable: 'code',
    messages: {
      notPersistent:
        'This RMQ client{{where}} sends non-persistent messages (`persistent` defaults to false): a broker restart loses every message still queued, even on a durable queue. Set `persistent: true`.',
    },
    schema: [],
  },
  create(context) {
    const { sourceCode } = context;
    return createConfigurationListeners(context, 'client', 'RMQ', (configuration, node) => {
      const { options } = configuration;
      if (options === 'absent') {
        const target = reportTarget(sourceCode, configuration.place, 'configured in');
        context.report({ loc: target.loc, messageId: 'notPersistent', data: { where: target.where } });
        return;
      }
      // Unknown options, a spread the rule cannot read, or `persistent` given any value: not reported. Nor a queue
      // that keeps no message over a restart anyway, or every message whatever its delivery mode, or one not known.
      if (!options?.complete || options.properties.has('persistent')) return;
      const queueOptions = options.properties.get('queueOptions');
      if (queueOptions && !losesTransientMessages(queueOptions)) return;
      const target = reportTarget(sourceCode, options.place, 'options in');
      const object = target.inCall ? nodeAtRange(node, options.place.report) : undefined;
      context.report({
        loc: target.loc,
        messageId: 'notPersistent',
        data: { where: target.where },
        fix: object?.type === AST_NODE_TYPES.ObjectExpression ? appendProperty(sourceCode, object, 'persistent: true') : null,
      });
    });
  },
});
