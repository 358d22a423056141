// Waiting for a condition, with no side effects (test/support/fixtures.ts registers every element on
// import; a test of what loads lazily imports this alone).

/** Resolves once `condition()` is truthy; rejects naming `what` after `timeoutMs`. */
export async function until(condition: () => unknown, what = 'condition', timeoutMs = 5_000): Promise<void> {
  const started = performance.now();
  while (!condition()) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
