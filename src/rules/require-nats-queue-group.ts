import { createRule } from '../utils/create-rule';
import { createConfigurationListeners, reportTarget } from '../utils/transport-config';

export type Options = [];

export type MessageId = 'noQueue';

export default createRule<Options, MessageId>({
  name: 'require-nats-queue-group',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a `queue` in the options of a NATS server, so that several instances share its messages instead of each handling all',
      recommended: 'strict',
      requiresTypeChecking: true,
    },
    messages: {
      noQueue:
        'This NATS server has no `queue`{{where}}: every instance subscribes to every subject, so with two instances each event is handled twice. Set `queue` (a queue group) to share the messages.',
    },
    schema: [],
  },
  create(context) {
    const { sourceCode } = context;
    return createConfigurationListeners(context, 'server', 'NATS', (configuration, _node, types) => {
      const { options } = configuration;
      // Unknown options, a spread the rule cannot read, or `queue` with any value: not reported.
      if (options === undefined || (options !== 'absent' && (!options.complete || options.properties.has('queue')))) return;
      // NestJS 11 and 12 let a handler join a queue group of its own: then the server's may be meant to be absent.
      if (types.getProgramIndex().transportServers.handlerQueues) return;
      const target = options === 'absent' ? reportTarget(sourceCode, configuration.place, 'configured in') : reportTarget(sourceCode, options.place, 'options in');
      context.report({ loc: target.loc, messageId: 'noQueue', data: { where: target.where } });
    });
  },
});
