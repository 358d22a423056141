import { expect } from '@open-wc/testing';
import { delay, http, HttpResponse } from 'msw';
import { RestBackend, parseRetryAfter } from '../../src/adapters/rest-backend.js';
import { expectKitError } from '../support/expect-error.js';
import { useMockServer } from '../support/msw.js';

const BASE = '/api-errors';
const channel = { id: 'ch_1', type: 'facebook', name: 'Page', accountId: 'fb_1', status: 'connected' };

/** Serves one answer for GET /channels/ch_1 and POST /channels/ch_1/disconnect, counting the calls. */
async function serve(answer: () => Response | Promise<Response>) {
  const calls = { count: 0 };
  const respond = () => {
    calls.count++;
    return answer();
  };
  await useMockServer([http.get(`${BASE}/channels/ch_1`, respond), http.post(`${BASE}/channels/ch_1/disconnect`, respond)]);
  return calls;
}

const errorBody = (code: string, message = 'Nope.') => ({ error: { code, message } });

describe('REST adapter: every failure ends in a typed error', () => {
  const api = (options: Partial<ConstructorParameters<typeof RestBackend>[0]> = {}) =>
    new RestBackend({ baseUrl: BASE, readRetries: 0, retryDelayMs: 1, ...options });

  it('reads a good answer', async () => {
    await serve(() => HttpResponse.json(channel));
    expect((await api().getChannel('ch_1')).name).to.equal('Page');
  });

  it('network down → network (and a safe read is retried first)', async () => {
    const calls = await serve(() => HttpResponse.error());
    const error = await expectKitError(api({ readRetries: 2 }).getChannel('ch_1'));
    expect([error.kind, error.reason]).to.deep.equal(['network', 'network']);
    expect(calls.count).to.equal(3);
  });

  it('never retries a mutation', async () => {
    const calls = await serve(() => HttpResponse.error());
    const error = await expectKitError(api({ readRetries: 2 }).disconnect('ch_1'));
    expect(error.kind).to.equal('network');
    expect(calls.count).to.equal(1);
  });

  it('timeout → timeout', async () => {
    await serve(async () => {
      await delay(2_000);
      return HttpResponse.json(channel);
    });
    const error = await expectKitError(api({ timeoutMs: 50 }).getChannel('ch_1'));
    expect(error.kind).to.equal('timeout');
  });

  it('abort → aborted, at once', async () => {
    await serve(async () => {
      await delay(2_000);
      return HttpResponse.json(channel);
    });
    const controller = new AbortController();
    const pending = api().getChannel('ch_1', controller.signal);
    setTimeout(() => controller.abort(), 20);
    const started = performance.now();
    const error = await expectKitError(pending);
    expect(error.kind).to.equal('aborted');
    expect(performance.now() - started).to.be.below(1_000);
  });

  const statuses: [number, string, string][] = [
    [401, 'unauthenticated', 'unauthenticated'],
    [403, 'permission', 'not_allowed'],
    [404, 'not_found', 'not_found'],
    [409, 'conflict', 'already_connected'],
    [500, 'http', 'unknown'],
  ];
  for (const [status, kind, reason] of statuses) {
    it(`${status} → ${kind}`, async () => {
      await serve(() => HttpResponse.json(errorBody(status === 409 ? 'already_connected' : `e${status}`), { status }));
      const error = await expectKitError(api().disconnect('ch_1'));
      expect([error.kind, error.status, error.reason]).to.deep.equal([kind, status, reason]);
    });
  }

  it('a 500 on a safe read is retried with back-off, then reported', async () => {
    const calls = await serve(() => HttpResponse.json(errorBody('oops'), { status: 500 }));
    const error = await expectKitError(api({ readRetries: 1 }).getChannel('ch_1'));
    expect([error.kind, error.status]).to.deep.equal(['http', 500]);
    expect(calls.count).to.equal(2);
  });

  it('429 → rate_limited with Retry-After; a read waits that long and tries again', async () => {
    let first = true;
    const calls = await serve(() => {
      if (!first) return HttpResponse.json(channel);
      first = false;
      return HttpResponse.json(errorBody('rate_limited'), { status: 429, headers: { 'Retry-After': '1' } });
    });
    const started = performance.now();
    expect((await api({ readRetries: 1 }).getChannel('ch_1')).id).to.equal('ch_1');
    expect(performance.now() - started).to.be.at.least(950);
    expect(calls.count).to.equal(2);

    await serve(() => HttpResponse.json(errorBody('rate_limited'), { status: 429, headers: { 'Retry-After': '30' } }));
    const error = await expectKitError(api().disconnect('ch_1'));
    expect([error.kind, error.reason, error.retryAfterMs]).to.deep.equal(['rate_limited', 'rate_limited', 30_000]);
  });

  it('a Retry-After longer than the adapter will wait is reported, not waited for', async () => {
    const calls = await serve(() => HttpResponse.json(errorBody('rate_limited'), { status: 429, headers: { 'Retry-After': '120' } }));
    const error = await expectKitError(api({ readRetries: 2 }).getChannel('ch_1'));
    expect(error.retryAfterMs).to.equal(120_000);
    expect(calls.count).to.equal(1);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('7')).to.equal(7_000);
    expect(parseRetryAfter(new Date(Date.UTC(2026, 0, 1, 0, 0, 10)).toUTCString(), Date.UTC(2026, 0, 1))).to.equal(10_000);
    expect(parseRetryAfter('soon')).to.equal(undefined);
    expect(parseRetryAfter(null)).to.equal(undefined);
  });

  it('a body that is not JSON → invalid_response', async () => {
    await serve(() => new HttpResponse('<html>Bad gateway</html>', { status: 200, headers: { 'content-type': 'text/html' } }));
    const error = await expectKitError(api().getChannel('ch_1'));
    expect([error.kind, error.issuePath]).to.deep.equal(['invalid_response', '(body)']);
  });

  it('an error body that is not JSON still gives the status', async () => {
    await serve(() => new HttpResponse('Service Unavailable', { status: 503 }));
    const error = await expectKitError(api().disconnect('ch_1'));
    expect([error.kind, error.status]).to.deep.equal(['http', 503]);
  });

  it('a body that fails the schema → invalid_response, with the path of the issue', async () => {
    await serve(() => HttpResponse.json({ ...channel, status: 7 }));
    const error = await expectKitError(api().getChannel('ch_1'));
    expect([error.kind, error.issuePath]).to.deep.equal(['invalid_response', 'status']);
    expect(error.message).to.contain('status');
  });

  it('a Meta error → meta, with code, subcode, fbtrace_id and the user message', async () => {
    await serve(() =>
      HttpResponse.json(
        {
          error: {
            code: 'meta_error',
            message: 'Meta said no.',
            meta: { code: 190, error_subcode: 463, fbtrace_id: 'AbC123', error_user_msg: 'Log in again.', error_user_title: 'Session expired' },
          },
        },
        { status: 502 },
      ),
    );
    const error = await expectKitError(api().disconnect('ch_1'));
    expect(error.kind).to.equal('meta');
    expect(error.reason).to.equal('token_expired');
    expect(error.meta).to.deep.equal({ code: 190, subcode: 463, fbtraceId: 'AbC123', userMessage: 'Log in again.', userTitle: 'Session expired' });
    expect(error.supportId).to.equal('AbC123');
  });

  it('maps Meta codes the way the product does', async () => {
    const cases: [number, string][] = [[10, 'permission_missing'], [250, 'permission_missing'], [4, 'rate_limited'], [17, 'rate_limited'], [32, 'rate_limited'], [613, 'rate_limited'], [368, 'policy_blocked'], [1, 'unknown']];
    for (const [code, reason] of cases) {
      await serve(() => HttpResponse.json({ error: { code: 'meta_error', message: 'x', meta: { code } } }, { status: 502 }));
      expect((await expectKitError(api().disconnect('ch_1'))).reason, `Meta code ${code}`).to.equal(reason);
    }
  });

  it('lets the host add headers and credentials to every request', async () => {
    let seen: string | null = null;
    await useMockServer([
      http.get(`${BASE}/viewer`, ({ request }) => {
        seen = request.headers.get('authorization');
        return HttpResponse.json({ product: 'caac', role: 'owner' });
      }),
    ]);
    const backend = api({ prepareRequest: ({ headers }) => headers.set('Authorization', 'Bearer t0k3n') });
    await backend.getViewer();
    expect(seen).to.equal('Bearer t0k3n');
  });
});
