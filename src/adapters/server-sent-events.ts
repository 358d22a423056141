/** One event of a `text/event-stream`. */
export interface ServerSentEvent {
  id: string | null;
  event: string;
  data: string;
}

/**
 * Reads a `text/event-stream` body event by event (the parts of the format Channel Kit's server
 * sends: `id`, `event`, `data`, comments). Resolves when the stream ends; rejects when it fails.
 */
export async function readEventStream(body: ReadableStream<Uint8Array>, onEvent: (event: ServerSentEvent) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let current: ServerSentEvent = { id: null, event: 'message', data: '' };
  let hasData = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let newline: number;
    while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
      if (line === '') {
        if (hasData) onEvent(current);
        current = { id: current.id, event: 'message', data: '' };
        hasData = false;
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') {
        current.data = hasData ? `${current.data}\n${text}` : text;
        hasData = true;
      } else if (field === 'event') current.event = text;
      else if (field === 'id') current.id = text;
    }
  }
}
