import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';

import { createRule } from '../utils/create-rule';
import { getTypeServices } from '../type-engine';

export type MessageId = 'outsideControllers';

/** Files whose text names neither decorator hold no handler (a renamed import still names it in its import). */
function mayContainHandlers(text: string): boolean {
  return text.includes('MessagePattern') || text.includes('EventPattern');
}

export default createRule<[], MessageId>({
  name: 'no-handler-outside-controller',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow `@MessagePattern`/`@EventPattern` handlers on classes that no module lists in `controllers`',
      recommended: 'recommended',
      requiresTypeChecking: true,
    },
    messages: {
      outsideControllers:
        '`{{className}}` is in no module’s `controllers` (nor is any class derived from it), so Nest never registers this `@{{decorator}}` handler: messages for its pattern are never handled here.',
    },
    schema: [],
  },
  create(context) {
    const { sourceCode } = context;
    const types = getTypeServices(context);
    if (!mayContainHandlers(sourceCode.text)) return {};
    const outside = new WeakMap<TSESTree.Node, boolean>();

    return {
      'MethodDefinition > Decorator'(decorator: TSESTree.Decorator) {
        const method = decorator.parent as TSESTree.MethodDefinition;
        const classNode = method.parent.parent;
        if (decorator.expression.type !== AST_NODE_TYPES.CallExpression) return;
        const kind = types.getHandlerDecorator(decorator)?.kind;
        if (!kind) return;
        let isOutside = outside.get(classNode);
        if (isOutside === undefined) {
          isOutside = types.isOutsideControllers(classNode);
          outside.set(classNode, isOutside);
        }
        if (!isOutside) return;
        context.report({
          node: decorator,
          messageId: 'outsideControllers',
          data: { className: classNode.id?.name ?? 'default', decorator: kind === 'event' ? 'EventPattern' : 'MessagePattern' },
        });
      },
    };
  },
});
