/**
 * Adapts a Node MessagePort to comlink's Endpoint (comlink speaks the DOM's
 * addEventListener/MessageEvent shape; Node ports emit 'message' with the data itself).
 * Same job as comlink's node-adapter, written here because that adapter ships as a CommonJS
 * default export whose typing does not survive NodeNext resolution.
 */

import type { MessagePort } from 'node:worker_threads';
import type { Endpoint } from 'comlink';

type MessageListener = (event: { data: unknown }) => void;
type ListenerObject = { handleEvent: MessageListener };

export function comlinkEndpoint(port: MessagePort): Endpoint {
  const wrapped = new WeakMap<MessageListener | ListenerObject, (data: unknown) => void>();
  const endpoint = {
    postMessage(message: unknown, transfer?: readonly unknown[]): void {
      port.postMessage(message, transfer as Parameters<MessagePort['postMessage']>[1]);
    },
    addEventListener(_type: string, listener: MessageListener | ListenerObject): void {
      const handler = (data: unknown): void => {
        if (typeof listener === 'function') listener({ data });
        else listener.handleEvent({ data });
      };
      wrapped.set(listener, handler);
      port.on('message', handler);
    },
    removeEventListener(_type: string, listener: MessageListener | ListenerObject): void {
      const handler = wrapped.get(listener);
      if (handler === undefined) return;
      port.off('message', handler);
      wrapped.delete(listener);
    },
    start(): void {
      port.start();
    },
  };
  return endpoint as unknown as Endpoint;
}
