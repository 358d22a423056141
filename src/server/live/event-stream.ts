import type { ChangeFeed, LiveEvent } from './change-feed.js';

/** A comment line now and then keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 25_000;

/**
 * A `text/event-stream` answer of one workspace's changes, until the client goes away. Each event's
 * `id` lets the browser (or `RestBackend.subscribe`) resume with `Last-Event-ID`.
 */
export function eventStream(feed: ChangeFeed, workspaceId: string, lastEventId: string | null, signal: AbortSignal): Response {
  const encoder = new TextEncoder();
  let stop = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      const write = (event: LiveEvent) =>
        send(`id: ${event.id}\nevent: ${event.kind}\ndata: ${event.kind === 'channel' ? JSON.stringify(event.channel) : '{}'}\n\n`);
      send(': live\nretry: 2000\n\n');
      const unsubscribe = feed.subscribe(workspaceId, lastEventId, write);
      const heartbeat = setInterval(() => send(': keep-alive\n\n'), HEARTBEAT_MS);
      stop = () => {
        clearInterval(heartbeat);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // Already closed or cancelled.
        }
      };
      if (signal.aborted) stop();
      else signal.addEventListener('abort', () => stop(), { once: true });
    },
    cancel() {
      stop();
    },
  });
  return new Response(body, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' },
  });
}
