/** The faults a test has asked for with `failNext`, per operation, served in order. */
import { operations, type OperationId } from "../../generated/operations.js";
import { defaultError, errorAnswer, type Answer } from "./answers.js";
import type { Fault } from "./types.js";

/** Pending faults per operation; `take` serves them in the order `add` queued them. */
export class FaultQueue {
  private readonly pending = new Map<OperationId, { fault: Fault; left: number }[]>();

  /** Queues `fault` for the next `times` requests to `operationId`. Throws TypeError for what no request could meet. */
  add(operationId: OperationId, fault: Fault, times: number): void {
    if (!Object.hasOwn(operations, operationId)) throw new TypeError(`failNext: '${String(operationId)}' is not an operationId of the spec (${Object.keys(operations).join(", ")}).`);
    checkFault(fault);
    if (!Number.isInteger(times) || times < 1) throw new TypeError(`failNext: times must be a whole number, 1 or more, not ${String(times)}.`);
    const queue = this.pending.get(operationId) ?? [];
    queue.push({ fault, left: times });
    this.pending.set(operationId, queue);
  }

  /** The fault the next request to `operationId` meets, if any; it counts as used. */
  take(operationId: OperationId): Fault | undefined {
    const queue = this.pending.get(operationId);
    const head = queue?.[0];
    if (queue === undefined || head === undefined) return undefined;
    if (--head.left === 0) queue.shift();
    if (queue.length === 0) this.pending.delete(operationId);
    return head.fault;
  }

  clear(): void {
    this.pending.clear();
  }
}

function checkFault(fault: Fault): void {
  if (fault === "reset" || fault === "reset-after-apply" || fault === "stall") return;
  if (typeof fault !== "object" || fault === null) throw new TypeError(`failNext: a fault is { status }, "reset", "reset-after-apply" or "stall", not ${JSON.stringify(fault)}.`);
  if (!Number.isInteger(fault.status) || fault.status < 400 || fault.status > 599) throw new TypeError(`failNext: status must be an error status from 400 to 599, not ${String(fault.status)}.`);
  if (fault.retryAfter !== undefined && !(Number.isInteger(fault.retryAfter) && fault.retryAfter >= 0)) {
    throw new TypeError(`failNext: retryAfter is a whole number of seconds, not ${String(fault.retryAfter)}.`);
  }
}

/**
 * The answer of a `{ status }` fault: the error envelope, with the docs' errorCode for the status
 * unless the fault names one. A 429 always carries `Retry-After` (the docs: "Check the Retry-After
 * response header"): 0 seconds unless the fault says otherwise, so a test's retry costs no time.
 */
export function faultAnswer(fault: { status: number; retryAfter?: number | undefined; errorCode?: string | undefined; message?: string | undefined }): Answer {
  const defaults = defaultError(fault.status);
  const retryAfter = fault.retryAfter ?? (fault.status === 429 ? 0 : undefined);
  const headers = retryAfter === undefined ? undefined : { "retry-after": String(retryAfter) };
  return errorAnswer(fault.status, fault.errorCode ?? defaults.errorCode, fault.message ?? defaults.message, headers);
}
