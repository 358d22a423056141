import { MemoryBackend, type MemoryBackendOptions } from '../../src/mocks/memory-backend.js';
import { RestBackend } from '../../src/adapters/rest-backend.js';
import type { ChannelBackend } from '../../src/adapters/backend.js';
import { createHandlers } from '../../src/mocks/handlers.js';
import { createScenario } from '../../src/mocks/scenarios.js';
import { useMockServer } from './msw.js';

export interface BackendUnderTest {
  /** The adapter the test talks to. */
  backend: ChannelBackend;
  /** The rules and data behind it; also plays Meta's consent screen (`grant`). */
  memory: MemoryBackend;
}

export type BackendFactory = (options?: MemoryBackendOptions) => Promise<BackendUnderTest>;

export function typicalOptions(overrides: MemoryBackendOptions = {}): MemoryBackendOptions {
  const scenario = createScenario('typical');
  return { channels: scenario.channels, world: scenario.world, ...overrides };
}

export const memoryFactory: BackendFactory = async (options) => {
  const memory = new MemoryBackend(options ?? typicalOptions());
  return { backend: memory, memory };
};

let served = 0;

/** The REST adapter over the msw handlers, which put a fresh MemoryBackend behind the contract. */
export const restFactory: BackendFactory = async (options) => {
  const memory = new MemoryBackend(options ?? typicalOptions());
  const baseUrl = `/api-${++served}`;
  await useMockServer(createHandlers({ backend: memory, baseUrl }));
  return { backend: new RestBackend({ baseUrl, readRetries: 0 }), memory };
};
