import { setupWorker, type SetupWorker } from 'msw/browser';
import type { HttpHandler } from 'msw';

let worker: SetupWorker | undefined;

/** One msw worker per test page, started before the first request; handlers replaced per test. */
export async function useMockServer(handlers: HttpHandler[]): Promise<SetupWorker> {
  if (!worker) {
    worker = setupWorker(...handlers);
    await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true });
  } else {
    worker.resetHandlers(...handlers);
  }
  return worker;
}
