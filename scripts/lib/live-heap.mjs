// @ts-check
/**
 * The live heap of data, for the bench and the load script: what a program keeps alive,
 * measured after a full collection. Needs `node --expose-gc`.
 *
 * Code is left out on purpose. The JIT compiles and discards optimised code while a listing
 * runs (about 200 kB at times, a page and a half of users), and V8 flushes and recompiles the
 * bytecode of functions as collections age them: both would show as spikes that no page of
 * users causes. Bytecode flushing is turned off for the same reason.
 */
import { getHeapSpaceStatistics, setFlagsFromString } from "node:v8";

setFlagsFromString("--no-flush-bytecode");

const codeSpaces = new Set(["code_space", "code_large_object_space"]);

/** Bytes of live data on the heap, after one turn of the event loop and two full collections. */
export async function liveHeapBytes() {
  const gc = /** @type {(() => void) | undefined} */ (globalThis.gc);
  if (typeof gc !== "function") throw new Error("liveHeapBytes needs node --expose-gc");
  // One turn first, so that values from earlier awaits are no longer referenced.
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  gc();
  let bytes = 0;
  for (const space of getHeapSpaceStatistics()) if (!codeSpaces.has(space.space_name)) bytes += space.space_used_size;
  return bytes;
}
