import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { createRule } from '../utils/create-rule';
import { getTypeServices } from '../type-engine';
import { appendProperty, isConfigurationCandidate, mayConfigureTransport, nodeAtRange, reportTarget } from '../utils/transport-config';

export type Options = [];

export type MessageId = 'notPersistent';

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
    const types = getTypeServices(context);
    if (!mayConfigureTransport(sourceCode)) return {};
    return {
      CallExpression(node) {
        if (!isConfigurationCandidate(node)) return;
        for (const configuration of types.getTransportConfigurations(node)) {
          if (configuration.role !== 'client' || configuration.transport !== 'RMQ') continue;
          const { options } = configuration;
          if (options === 'absent') {
            const target = reportTarget(sourceCode, configuration.place, 'configured in');
            context.report({ loc: target.loc, messageId: 'notPersistent', data: { where: target.where } });
            continue;
          }
          // Unknown options, a spread the rule cannot read, or `persistent` given any value: not reported. Nor with
          // `queueOptions`: on a queue that is not durable (`durable: false`), persistent messages die with it anyway.
          if (!options?.complete || options.properties.has('persistent') || options.properties.has('queueOptions')) continue;
          const target = reportTarget(sourceCode, options.place, 'options in');
          const object = target.inCall ? nodeAtRange(node, options.place.report) : undefined;
          context.report({
            loc: target.loc,
            messageId: 'notPersistent',
            data: { where: target.where },
            fix: object?.type === AST_NODE_TYPES.ObjectExpression ? appendProperty(sourceCode, object, 'persistent: true') : null,
          });
        }
      },
    };
  },
});
