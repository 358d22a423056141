import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChannelBackend } from '../adapters/backend.js';
import type { Viewer } from '../core/viewer.js';

/**
 * Asks the backend who the viewer is, for the provider and for an element used alone. Without an
 * answer nothing may be managed: the controls stay disabled (the safe side), and `error` says why.
 */
export class ViewerLookup implements ReactiveController {
  viewer: Viewer | null = null;
  error: unknown = null;
  private readonly host: ReactiveControllerHost;
  private request?: AbortController;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
  }

  /** Whether a question has been asked (and not reset since), answered or not. */
  get asked(): boolean {
    return this.request !== undefined;
  }

  /** Asks again; an answer still on its way to an earlier question is dropped. */
  ask(backend: ChannelBackend): void {
    this.cancel();
    const request = (this.request = new AbortController());
    backend.getViewer(request.signal).then(
      (viewer) => this.settle(request, viewer, null),
      (error: unknown) => this.settle(request, this.viewer, error),
    );
  }

  /** Drops the question in flight, and any error from the last one. */
  cancel(): void {
    this.request?.abort();
    this.request = undefined;
    this.error = null;
  }

  /** Forgets everything, so the next `ask` starts afresh. */
  reset(): void {
    this.cancel();
    this.viewer = null;
  }

  hostDisconnected(): void {
    this.request?.abort();
  }

  private settle(request: AbortController, viewer: Viewer | null, error: unknown): void {
    if (request !== this.request) return;
    this.viewer = viewer;
    this.error = error;
    this.host.requestUpdate();
  }
}
