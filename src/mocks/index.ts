export { createHandlers, type MockHandlersOptions } from './handlers.js';
export { parseFailures, type FailureKind, type FailurePlan } from './failures.js';
export { OPERATIONS, OPERATION_IDS, type OperationId } from './operations.js';
export { createScenario, manyChannels, metaWorld, SCENARIOS, type Scenario, type ScenarioName } from './scenarios.js';
export { exposeFakeMeta, type FakeMeta } from './fake-meta.js';
