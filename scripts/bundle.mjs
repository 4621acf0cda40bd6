#!/usr/bin/env node
// @ts-check
/** `npm run bundle`: the spec as one JSON file, dist/openapi.json, without Redocly's progress lines. */
import { bundleSpec } from "./lib/bundle-spec.mjs";

bundleSpec("dist/openapi.json");
