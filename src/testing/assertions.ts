import { isChannelKitError, type ChannelKitError } from '../core/errors.js';

/** Tiny assertions, so the suite runs under any test runner (mocha, node:test, vitest, jest) without its own. */
export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ContractViolation(message);
}

const stable = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );

export function equal(actual: unknown, expected: unknown, what: string): void {
  if (stable(actual) !== stable(expected)) throw new ContractViolation(`${what}: expected ${stable(expected)}, got ${stable(actual)}`);
}

/** Awaits a call that must fail with a `ChannelKitError`, and returns it. */
export async function refusal(call: Promise<unknown>, what: string): Promise<ChannelKitError> {
  try {
    await call;
  } catch (error) {
    if (isChannelKitError(error)) return error;
    throw new ContractViolation(`${what}: expected a ChannelKitError, got ${String(error)}`);
  }
  throw new ContractViolation(`${what}: expected a refusal, but it succeeded`);
}
