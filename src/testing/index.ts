/**
 * ecgrid-users/testing: a stateful fake of ECGrid's users API, to test code that uses the client
 * (or any HTTP client) without the production system. In-process through `fake.fetch`, or over
 * HTTP on 127.0.0.1 through `fake.listen()`, in Node.
 * @packageDocumentation
 */
export { createFakeEcgrid } from "./fake.js";
export { exampleNetwork } from "./example-network.js";
export type { FakeCaller, FakeEcgrid, FakeEcgridOptions, FakeServer, FakeUserSeed, Fault, ListenOptions, LoggedRequest, RateLimit, SentSms } from "./types.js";
/** The operationId of an operation of the spec, as `failNext` and the request log name them. */
export type { OperationId } from "../../generated/operations.js";
