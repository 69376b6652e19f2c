import noHandlerOutsideController from './no-handler-outside-controller';
import noHttpExceptionInMessageHandler from './no-http-exception-in-message-handler';
import noNullishPayload from './no-nullish-payload';
import noRmqClientManualAck from './no-rmq-client-manual-ack';
import noUnawaitedEmit from './no-unawaited-emit';
import noUnsubscribedSend from './no-unsubscribed-send';
import preferEmitForEvents from './prefer-emit-for-events';
import requireClientClose from './require-client-close';
import requireKafkaResponseSubscription from './require-kafka-response-subscription';
import requireNatsQueueGroup from './require-nats-queue-group';
import requireRmqAck from './require-rmq-ack';
import requireRmqPersistent from './require-rmq-persistent';
import requireSendTimeout from './require-send-timeout';

/** Every rule of the plugin, by name (alphabetical). */
export const rules = {
  'no-handler-outside-controller': noHandlerOutsideController,
  'no-http-exception-in-message-handler': noHttpExceptionInMessageHandler,
  'no-nullish-payload': noNullishPayload,
  'no-rmq-client-manual-ack': noRmqClientManualAck,
  'no-unawaited-emit': noUnawaitedEmit,
  'no-unsubscribed-send': noUnsubscribedSend,
  'prefer-emit-for-events': preferEmitForEvents,
  'require-client-close': requireClientClose,
  'require-kafka-response-subscription': requireKafkaResponseSubscription,
  'require-nats-queue-group': requireNatsQueueGroup,
  'require-rmq-ack': requireRmqAck,
  'require-rmq-persistent': requireRmqPersistent,
  'require-send-timeout': requireSendTimeout,
};

export type RuleName = keyof typeof rules;
