/** Finds the operation a request is for, from the method and path templates of generated/operations.ts. */
import { operations, type OperationId } from "../../generated/operations.js";

/** A matched operation, with the raw `{id}` of its path when it has one. */
export interface Route {
  operationId: OperationId;
  id: string | undefined;
}

interface Template {
  operationId: OperationId;
  method: string;
  segments: readonly string[];
}

const templates: Template[] = (Object.entries(operations) as [OperationId, (typeof operations)[OperationId]][])
  .map(([operationId, op]) => ({ operationId, method: op.method, segments: op.path.split("/") }))
  // A literal segment wins over a parameter: GET /v2/users/me is Get Me, not Get User with id "me".
  .sort((a, b) => a.segments.filter((s) => s.startsWith("{")).length - b.segments.filter((s) => s.startsWith("{")).length);

/** Routes already found: a load test asks for the same few paths thousands of times. Bounded, since ids vary. */
const cache = new Map<string, Route | undefined>();
const CACHE_LIMIT = 1024;

/** The operation at `method` `pathname`, or undefined when the spec has none there. */
export function route(method: string, pathname: string): Route | undefined {
  const key = `${method} ${pathname}`;
  if (cache.has(key)) return cache.get(key);
  const found = match(method, pathname);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, found);
  return found;
}

function match(method: string, pathname: string): Route | undefined {
  const segments = pathname.split("/");
  for (const template of templates) {
    if (template.method !== method || template.segments.length !== segments.length) continue;
    let id: string | undefined;
    const matches = template.segments.every((part, i) => {
      const actual = segments[i] ?? "";
      if (part === "{id}") {
        id = decodeSegment(actual);
        return actual !== "";
      }
      return part === actual;
    });
    if (matches) return { operationId: template.operationId, id };
  }
  return undefined;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
