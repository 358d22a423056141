// `channel-kit/testing`: what host teams use in their own tests.
export { runContractSuite, type ContractSubject, type ContractFixture, type ContractSuiteOptions, type TestApi } from './contract-suite.js';
export { ContractViolation } from './assertions.js';
