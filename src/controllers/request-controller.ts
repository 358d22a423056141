import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { asChannelKitError } from '../core/errors.js';
import { ChannelErrorEvent } from '../events/channel-events.js';

export type RequestStatus = 'idle' | 'pending' | 'complete' | 'error';

/**
 * The one way an element makes a request (on the model of `@lit/task` with `autoRun: false`): it owns
 * the `AbortSignal`, aborts the request before it when a new one starts or the element leaves the
 * page, drops whatever a superseded or aborted request settles with, and says where it stands.
 *
 * A failure is also told to the page: the element fires `channel-error` with it.
 *
 * `run(work)` calls `work` synchronously (so a popup opened in it is still inside the click). Work
 * that changes the element between its awaits calls `signal.throwIfAborted()` after each await: the
 * abort it throws is not an error.
 */
export class RequestController<T = unknown> implements ReactiveController {
  status: RequestStatus = 'idle';
  value: T | undefined = undefined;
  error: unknown = null;
  private readonly host: ReactiveControllerHost;
  private current?: AbortController;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
  }

  get pending(): boolean {
    return this.status === 'pending';
  }

  /**
   * Starts `work`, aborting any request still running. Resolves to what `work` resolved to, or to
   * `undefined` when it failed, was superseded or was aborted (never rejects: the failure is `error`).
   */
  async run(work: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
    this.current?.abort();
    const request = (this.current = new AbortController());
    this.status = 'pending';
    this.error = null;
    this.host.requestUpdate();
    try {
      const value = await work(request.signal);
      if (!this.settles(request)) return undefined;
      this.value = value;
      this.status = 'complete';
      return value;
    } catch (error) {
      if (this.settles(request)) {
        this.error = error;
        this.status = 'error';
        if (this.host instanceof EventTarget) this.host.dispatchEvent(new ChannelErrorEvent(asChannelKitError(error)));
      }
      return undefined;
    } finally {
      if (request === this.current) {
        this.current = undefined;
        this.host.requestUpdate();
      }
    }
  }

  /** Stops the request in flight (its outcome is dropped) and forgets the last one's. */
  abort(): void {
    this.current?.abort();
    this.current = undefined;
    this.status = 'idle';
    this.value = undefined;
    this.error = null;
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    if (this.current) this.abort();
  }

  private settles(request: AbortController): boolean {
    return request === this.current && !request.signal.aborted;
  }
}
