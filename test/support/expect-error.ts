import { expect } from '@open-wc/testing';
import { isChannelKitError, type ChannelKitError } from '../../src/core/errors.js';

/** Awaits a promise that must reject with a ChannelKitError, and returns that error. */
export async function expectKitError(promise: Promise<unknown>): Promise<ChannelKitError> {
  let outcome: unknown;
  try {
    await promise;
  } catch (error) {
    outcome = error;
  }
  expect(isChannelKitError(outcome), `expected a ChannelKitError, got ${String(outcome)}`).to.equal(true);
  return outcome as ChannelKitError;
}
