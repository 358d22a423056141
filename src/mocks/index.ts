// `channel-kit/mocks`: the server core in the page, the fake Meta and the demo's data, for tests and
// demos. No msw here: its handlers are `channel-kit/mocks/msw`.
export { parseFailures, type FailureKind, type FailurePlan } from './failures.js';
export { withDemoFaults, DEMO_FAIL_HEADER, DEMO_LATENCY_HEADER } from './demo-faults.js';
export { OPERATIONS, OPERATION_IDS, type OperationId } from '../core/operations.js';
export { createScenario, manyChannels, metaWorld, SCENARIOS, type Scenario, type ScenarioName } from './scenarios.js';
export { FakeMeta, type FakeMetaOptions, type ConsentView } from './fake-meta.js';
export { exposeFakeMeta, type FakeMetaBridge } from './fake-meta-bridge.js';
export { InPageServer, type InPageServerOptions } from './in-page-server.js';
export { MemoryBackend, type MemoryBackendOptions } from './memory-backend.js';
export type { MetaAccount, MetaPortfolio, MetaWorld } from './meta-world.js';
