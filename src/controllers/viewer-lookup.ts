import type { ReactiveControllerHost } from 'lit';
import type { ChannelBackend } from '../adapters/backend.js';
import type { Viewer } from '../core/viewer.js';
import { RequestController } from './request-controller.js';

/**
 * Asks the backend who the viewer is, for the provider and for an element used alone. Without an
 * answer nothing may be managed: the controls stay disabled (the safe side), and `error` says why.
 */
export class ViewerLookup {
  viewer: Viewer | null = null;
  private readonly host: ReactiveControllerHost;
  private readonly request: RequestController<Viewer>;
  private asking = false;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    this.request = new RequestController<Viewer>(host);
  }

  /** Why the last question failed (`null` while asking, or once answered). */
  get error(): unknown {
    return this.request.error;
  }

  /** Whether a question has been asked (and not reset since), answered or not. */
  get asked(): boolean {
    return this.asking;
  }

  /** Asks again; an answer still on its way to an earlier question is dropped. */
  ask(backend: ChannelBackend): void {
    this.asking = true;
    // Asked from an element's `updated()`: the request (which renders "pending") starts once that
    // update is over, as Lit asks of a change made after an update.
    queueMicrotask(() => {
      if (!this.asking) return;
      void this.request.run((signal) => backend.getViewer(signal)).then((viewer) => {
        if (!viewer) return;
        this.viewer = viewer;
        this.host.requestUpdate();
      });
    });
  }

  /** Drops the question in flight, and any error from the last one. */
  cancel(): void {
    this.request.abort();
    this.asking = false;
  }

  /** Forgets everything, so the next `ask` starts afresh. */
  reset(): void {
    this.cancel();
    this.viewer = null;
  }
}
