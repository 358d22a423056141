// The one async mechanism (issue 13, item 1): a request's outcome reaches the element only while it is
// the current one; aborting, superseding and leaving the page drop it; failures are state, not throws.
import { expect } from '@open-wc/testing';
import { LitElement } from 'lit';
import { RequestController } from '../../src/controllers/request-controller.js';

class Host extends LitElement {
  readonly request = new RequestController<string>(this);
  updates = 0;
  protected override updated(): void {
    this.updates++;
  }
}
customElements.define('request-controller-host', Host);

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

function host() {
  const element = document.createElement('request-controller-host') as Host;
  document.body.append(element);
  return element;
}

describe('RequestController', () => {
  it('runs the work synchronously, then is pending, then complete with its value', async () => {
    const el = host();
    const answer = deferred<string>();
    let called = false;
    const done = el.request.run(() => ((called = true), answer.promise));
    expect(called, 'called inside run(), before any await').to.equal(true);
    expect(el.request.status).to.equal('pending');
    answer.resolve('yes');
    expect(await done).to.equal('yes');
    expect([el.request.status, el.request.value, el.request.error]).to.deep.equal(['complete', 'yes', null]);
    el.remove();
  });

  it('a failure becomes its error, never a rejection', async () => {
    const el = host();
    const failure = new Error('no');
    expect(await el.request.run(() => Promise.reject(failure))).to.equal(undefined);
    expect([el.request.status, el.request.error]).to.deep.equal(['error', failure]);
    el.remove();
  });

  it('a new run aborts the one before, whose outcome (value or error) is dropped', async () => {
    const el = host();
    const first = deferred<string>();
    let firstSignal!: AbortSignal;
    const firstDone = el.request.run((signal) => ((firstSignal = signal), first.promise));
    const second = deferred<string>();
    const secondDone = el.request.run(() => second.promise);
    expect(firstSignal.aborted).to.equal(true);
    first.reject(new Error('late failure'));
    expect(await firstDone).to.equal(undefined);
    expect([el.request.status, el.request.error], 'the stale failure did not land').to.deep.equal(['pending', null]);
    second.resolve('second');
    expect(await secondDone).to.equal('second');
    expect(el.request.value).to.equal('second');
    el.remove();
  });

  it('a stale answer that arrives after a newer one is dropped', async () => {
    const el = host();
    const first = deferred<string>();
    const firstDone = el.request.run(() => first.promise);
    await el.request.run(() => Promise.resolve('new'));
    first.resolve('old');
    expect(await firstDone).to.equal(undefined);
    expect(el.request.value).to.equal('new');
    el.remove();
  });

  it('abort() drops the request in flight and goes back to idle; an abort error is not an error', async () => {
    const el = host();
    const done = el.request.run((signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))));
    el.request.abort();
    expect(await done).to.equal(undefined);
    expect([el.request.status, el.request.error]).to.deep.equal(['idle', null]);
    el.remove();
  });

  it('leaving the page aborts the request in flight', async () => {
    const el = host();
    let signal!: AbortSignal;
    const answer = deferred<string>();
    const done = el.request.run((s) => ((signal = s), answer.promise));
    el.remove();
    expect(signal.aborted).to.equal(true);
    answer.resolve('after leaving');
    expect(await done).to.equal(undefined);
    expect(el.request.value).to.equal(undefined);
  });

  it('asks its element to render when it starts and when it settles', async () => {
    const el = host();
    await el.updateComplete;
    const before = el.updates;
    await el.request.run(() => Promise.resolve('x'));
    await el.updateComplete;
    expect(el.updates).to.be.greaterThan(before);
    el.remove();
  });
});
