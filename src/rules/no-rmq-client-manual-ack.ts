import { createRule } from '../utils/create-rule';
import { nodeAtRange } from '../utils/ast';
import { removeProperty } from '../utils/fixers';
import { createConfigurationListeners, reportTarget } from '../utils/transport-config';

export type Options = [];

export type MessageId = 'manualAck' | 'removeNoAck';

export default createRule<Options, MessageId>({
  name: 'no-rmq-client-manual-ack',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow `noAck: false` in the options of an RMQ client: it consumes its own reply queue in manual-ack mode',
      recommended: 'recommended',
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    messages: {
      manualAck:
        '`noAck: false`{{where}} makes this RMQ client consume replies in manual-ack mode: RabbitMQ refuses it on the default reply queue, and a named one stalls at the prefetch count: `send()` breaks.',
      removeNoAck: 'Remove `noAck: false` (a client acknowledges its replies automatically by default).',
    },
    schema: [],
  },
  create(context) {
    const { sourceCode } = context;
    return createConfigurationListeners(context, 'client', 'RMQ', (configuration, node) => {
      if (typeof configuration.options !== 'object') return;
      const noAck = configuration.options.properties.get('noAck');
      if (noAck?.value !== false) return;
      const target = reportTarget(sourceCode, noAck.place);
      // Only a property of this configuration's own literal is removed: a shared constant may serve a server too.
      const property = target.inCall ? nodeAtRange(node, noAck.place.report) : undefined;
      context.report({
        loc: target.loc,
        messageId: 'manualAck',
        data: { where: target.where },
        suggest: property ? [{ messageId: 'removeNoAck', fix: removeProperty(sourceCode, property) }] : [],
      });
    });
  },
});
