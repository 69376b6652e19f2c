import { AST_NODE_TYPES } from '@typescript-eslint/types';

import { createRule } from '../utils/create-rule';
import { nodeAtRange } from '../utils/ast';
import { appendProperty } from '../utils/fixers';
import { createConfigurationListeners, reportTarget } from '../utils/transport-config';

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
    return createConfigurationListeners(context, 'client', 'RMQ', (configuration, node) => {
      const { options } = configuration;
      if (options === 'absent') {
        const target = reportTarget(sourceCode, configuration.place, 'configured in');
        context.report({ loc: target.loc, messageId: 'notPersistent', data: { where: target.where } });
        return;
      }
      // Unknown options, a spread the rule cannot read, or `persistent` given any value: not reported. Nor with
      // `queueOptions`: on a queue that is not durable (`durable: false`), persistent messages die with it anyway.
      if (!options?.complete || options.properties.has('persistent') || options.properties.has('queueOptions')) return;
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
