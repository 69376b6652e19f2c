import noUnawaitedEmit from './no-unawaited-emit';
import noUnsubscribedSend from './no-unsubscribed-send';

/** Every rule of the plugin, by name (alphabetical). */
export const rules = {
  'no-unawaited-emit': noUnawaitedEmit,
  'no-unsubscribed-send': noUnsubscribedSend,
};

export type RuleName = keyof typeof rules;
