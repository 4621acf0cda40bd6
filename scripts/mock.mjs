#!/usr/bin/env node
// @ts-check
/**
 * `npm run mock -- --port N`: a Prism mock of openapi/openapi.yaml in the foreground, for
 * testing your own code against the contract. Ctrl-C stops it.
 */
import { parseScriptArgs } from "./lib/args.mjs";
import { startPrism } from "./lib/prism.mjs";

const usage = "Usage: npm run mock -- [--port N]\nServes a Prism mock of openapi/openapi.yaml on 127.0.0.1 until Ctrl-C.";
const values = parseScriptArgs({ usage, options: { port: { type: "string" } } });
const port = values.port === undefined ? undefined : Number(values.port);
if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
  console.error(`--port must be a port number from 1 to 65535, not '${values.port}'.`);
  process.exit(2);
}

const prism = await startPrism({ ...(port === undefined ? {} : { port }), output: "inherit", extraArgs: ["--errors"] });
console.log(`
ECGrid users mock listening on ${prism.url} (PID ${prism.pid}). Ctrl-C stops it.

  curl -s -X POST ${prism.url}/v2/users/list -H 'X-API-Key: any-key' -H 'Content-Type: application/json' -d '{"networkId": 1}'

Point the client at it with ECGRID_BASE_URL=${prism.url} and any ECGRID_API_KEY.
Pick an answer with a Prefer header: 'Prefer: code=429' or 'Prefer: example=emptyPage'.
`);
const stop = async () => {
  await prism.stop();
  process.exit(0);
};
process.once("SIGINT", () => void stop());
process.once("SIGTERM", () => void stop());
