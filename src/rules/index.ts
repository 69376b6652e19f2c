import noHandlerOutsideController from './no-handler-outside-controller';
import noUnawaitedEmit from './no-unawaited-emit';
import noUnsubscribedSend from './no-unsubscribed-send';
import preferEmitForEvents from './prefer-emit-for-events';
import requireClientClose from './require-client-close';
import requireKafkaResponseSubscription from './require-kafka-response-subscription';
import requireSendTimeout from './require-send-timeout';

/** Every rule of the plugin, by name (alphabetical). */
export const rules = {
  'no-handler-outside-controller': noHandlerOutsideController,
  'no-unawaited-emit': noUnawaitedEmit,
  'no-unsubscribed-send': noUnsubscribedSend,
  'prefer-emit-for-events': preferEmitForEvents,
  'require-client-close': requireClientClose,
  'require-kafka-response-subscription': requireKafkaResponseSubscription,
  'require-send-timeout': requireSendTimeout,
};

export type RuleName = keyof typeof rules;
