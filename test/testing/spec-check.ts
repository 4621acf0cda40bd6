import type { ValidateFunction } from "ajv";
import { expect } from "vitest";
import type { OperationId } from "../../generated/operations.js";
import { createEcgridClient, type EcgridClient, type EcgridClientOptions } from "../../src/index.js";
import { createFakeEcgrid } from "../../src/testing/index.js";
import type { FakeEcgrid, FakeEcgridOptions } from "../../src/testing/index.js";
import { route } from "../../src/testing/router.js";
import { compileSchema, loadSpec, operationOf, type Json } from "../support/spec.js";

let spec: Promise<Json> | undefined;
const validators = new Map<string, ValidateFunction>();

/** One answer of the fake that breaks the spec. */
export interface SpecViolation {
  operationId: OperationId;
  status: number;
  problem: string;
}

/**
 * Checks one answer against the spec's response for its operation and status, with the same
 * Ajv draft and formats as Prism: the status must be documented, the body must match, and a
 * 429 must carry Retry-After. Returns what is wrong; empty when nothing is.
 */
export async function checkAnswer(operationId: OperationId, status: number, headers: Headers, body: string): Promise<SpecViolation[]> {
  const doc = await (spec ??= loadSpec());
  const response = operationOf(doc, operationId).responses[String(status)];
  if (response === undefined) return [{ operationId, status, problem: `status ${status} is not documented` }];
  const key = `${operationId} ${status}`;
  let validate = validators.get(key);
  if (validate === undefined) {
    validate = compileSchema(response.content["application/json"].schema);
    validators.set(key, validate);
  }
  const out: SpecViolation[] = [];
  if (headers.get("content-type") !== "application/json") out.push({ operationId, status, problem: `content-type is ${headers.get("content-type")}` });
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return [...out, { operationId, status, problem: `the body is not JSON: ${body.slice(0, 200)}` }];
  }
  if (!validate(json)) out.push({ operationId, status, problem: `${JSON.stringify(validate.errors)} in ${body.slice(0, 500)}` });
  if (status === 429 && headers.get("retry-after") === null) out.push({ operationId, status, problem: "a 429 without Retry-After" });
  return out;
}

/** A fetch that checks every answer of `inner` against the spec, keeping what breaks it in `violations`. */
export function specChecked(inner: (request: Request) => Promise<Response>): { fetch: (request: Request) => Promise<Response>; violations: SpecViolation[] } {
  const violations: SpecViolation[] = [];
  const fetch = async (request: Request) => {
    const response = await inner(request);
    const found = route(request.method, new URL(request.url).pathname);
    if (found !== undefined) violations.push(...(await checkAnswer(found.operationId, response.status, response.headers, await response.clone().text())));
    return response;
  };
  return { fetch, violations };
}

/** A fake, a client on its `fetch`, and every answer checked against the spec. */
export interface Checked {
  fake: FakeEcgrid;
  ecgrid: EcgridClient;
  /** `fake.fetch`, checked: for requests the client would not send. */
  fetch: (input: string, init?: RequestInit) => Promise<Response>;
  violations: SpecViolation[];
}

/** The distinctive key the fake's tests call with, so a leak is unmistakable. */
export const FAKE_TEST_KEY = "fake-test-key-4c1d9e";

/**
 * A fake with `options`, and a client on it whose every answer is checked against the spec.
 * Tests end with {@link expectConforming}.
 */
export function checkedFake(options: FakeEcgridOptions = {}, client: EcgridClientOptions = {}): Checked {
  const fake = createFakeEcgrid(options);
  const checked = specChecked((request) => fake.fetch(request));
  const ecgrid = createEcgridClient({ apiKey: FAKE_TEST_KEY, baseUrl: "http://localhost", maxRetries: 0, fetch: checked.fetch, ...client });
  const fetch = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has("x-api-key") && !headers.has("authorization")) headers.set("x-api-key", FAKE_TEST_KEY);
    if (init.body !== undefined) headers.set("content-type", "application/json");
    return checked.fetch(new Request(`http://localhost${path}`, { ...init, headers }));
  };
  return { fake, ecgrid, fetch, violations: checked.violations };
}

/** Fails when any answer broke the spec. */
export function expectConforming(checked: { violations: SpecViolation[] }): void {
  expect(checked.violations).toEqual([]);
}

/** A JSON POST or PUT to the fake, answered as `{ status, body }`. */
export async function send(checked: Checked, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Json }> {
  const response = await checked.fetch(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: response.status, body: await response.json() };
}
