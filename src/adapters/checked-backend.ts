import type { ChannelBackend } from './backend.js';
import { readAnswer, readChange } from './read-answer.js';

const checked = new WeakMap<object, ChannelBackend>();

/**
 * `backend` with every answer read before the elements believe it, whoever wrote the backend (the
 * REST adapter, the in-page one, or a host's plain JavaScript handing the contract's JSON through):
 * a list row that cannot be read is left out and counted, a whole answer that cannot be read
 * rejects with `invalid_response`. One wrapper per backend, so its identity is stable.
 */
export function checkedBackend(backend: ChannelBackend): ChannelBackend {
  if (Object(backend) !== backend) return backend;
  let wrapped = checked.get(backend);
  if (!wrapped) {
    const methods: Record<string, unknown> = {
      subscribe: (listener: Parameters<NonNullable<ChannelBackend['subscribe']>>[0]) =>
        backend.subscribe?.((change) => {
          const read = readChange(change);
          if (read) listener(read);
        }) ?? (() => {}),
    };
    const own = backend as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const [name, read] of Object.entries(readAnswer) as [string, (answer: unknown) => unknown][]) {
      // Looked up on each call (a host may swap a method), and called as the backend's own.
      methods[name] = async (...args: unknown[]) => read(await own[name]!(...args));
    }
    wrapped = methods as unknown as ChannelBackend;
    checked.set(backend, wrapped).set(wrapped, wrapped);
  }
  return wrapped;
}
