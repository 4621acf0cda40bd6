#!/usr/bin/env node
// @ts-check
/**
 * `npm run docs`: renders openapi/openapi.yaml into one self-contained HTML page for API reviewers
 * (dist/docs/index.html, or --out FILE). It works with no network: the page is prerendered by Redoc,
 * carries Redoc's browser script inline (search, the sidebar, expanding responses and examples),
 * and offers the bundled spec for download from the page itself. --screenshot also writes a PNG of
 * the page as headless Chromium shows it offline, beside the page.
 *
 * Why not `redocly build-docs`: it links Redoc's script from a CDN, and prints a deprecation
 * banner on stderr. It renders with Redoc 2.5.4, as here, through the same calls.
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseScriptArgs } from "./lib/args.mjs";
import { bundleSpec } from "./lib/bundle-spec.mjs";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const require = createRequire(import.meta.url);
const title = "ECGrid REST API: Users";

const usage = `Usage: npm run docs [-- --out FILE] [--screenshot]

Renders openapi/openapi.yaml into one HTML page that works offline (default dist/docs/index.html).

  --out FILE     where to write the page
  --screenshot   also write a PNG of the page as offline Chromium shows it, beside the page`;
const values = parseScriptArgs({ usage, options: { out: { type: "string" }, screenshot: { type: "boolean" } } });
const out = resolve(values.out ?? join(root, "dist", "docs", "index.html"));

/** The spec as the package ships it (dist/openapi.json), bundled afresh. */
function bundledSpec() {
  const dir = mkdtempSync(join(tmpdir(), "ecgrid-docs-"));
  try {
    bundleSpec(join(dir, "openapi.json"));
    return readFileSync(join(dir, "openapi.json"), "utf8");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The page asks for nothing outside itself, and the browser holds it to that for every reader:
 * inline script and styles, images and workers from data: and blob: URLs only. (Redoc's sidebar
 * would fetch its vendor's logo from a CDN; it hides the logo when refused.)
 */
const contentSecurityPolicy = ["default-src 'none'", "script-src 'unsafe-inline'", "style-src 'unsafe-inline'", "img-src data: blob:", "font-src data:", "worker-src blob:", "connect-src data: blob:"].join("; ");

/**
 * JSON that is safe inside a <script> element: no `<` can open a tag or a comment, and the two
 * line separators that older engines reject in string literals are escaped.
 * @param {unknown} value
 */
const scriptJson = (value) => JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");

/**
 * Redoc's browser bundle from the pinned `redoc` package, with its source-map comment dropped
 * (the map is not shipped). `</script` would close the element early; it never occurs in 2.5.4,
 * and is escaped in case a later version has it.
 */
function standaloneScript() {
  const path = require.resolve("redoc/bundles/redoc.standalone.js");
  const code = readFileSync(path, "utf8").replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n");
  const version = /** @type {{ version: string }} */ (require("redoc/package.json")).version;
  const sha384 = createHash("sha384").update(readFileSync(path)).digest("base64");
  return { code: code.replace(/<\/script/gi, "<\\/script"), version, sha384 };
}

/**
 * Prerenders the page, as `redocly build-docs` does: Redoc's server-side render, its styles, and
 * the store's state for the browser script to take over (hydrate) without re-reading the spec.
 * @param {string} specJson
 */
async function render(specJson) {
  // Untyped on purpose: React's types are no dev dependency of ours for these four calls.
  const load = (/** @type {string} */ name) => require(name);
  const { createStore, Redoc } = load("redoc");
  const { renderToString } = load("react-dom/server");
  const { ServerStyleSheet } = load("styled-components");
  const { createElement } = load("react");
  // The download is the bundled spec itself, so the link works wherever the page is opened.
  const options = { downloadDefinitionUrl: `data:application/json;base64,${Buffer.from(specJson).toString("base64")}`, downloadFileName: "openapi.json" };
  const store = await createStore(JSON.parse(specJson), undefined, options);
  const sheet = new ServerStyleSheet();
  try {
    const html = renderToString(sheet.collectStyles(createElement(Redoc, { store })));
    const state = await store.toJS();
    const redoc = standaloneScript();
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy}">
<style>body { margin: 0; padding: 0; }</style>
<!-- Redoc ${redoc.version} standalone (sha384-${redoc.sha384}), inlined so that the page needs no network. -->
<script>${redoc.code}</script>
${sheet.getStyleTags()}
</head>
<body>
<div id="redoc">${html}</div>
<script>
Redoc.hydrate(${scriptJson(state)}, document.getElementById("redoc"));
</script>
</body>
</html>
`;
  } finally {
    sheet.seal();
  }
}

const page = await render(bundledSpec());
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, page);
console.log(`Wrote ${out} (${Math.round(Buffer.byteLength(page) / 1024)} KiB).`);

if (values.screenshot) {
  const { openOffline } = await import("./lib/browser.mjs");
  const png = out.replace(/\.html?$/, "") + ".png";
  const browser = await openOffline(pathToFileURL(out).href);
  try {
    await browser.page.locator("[role=search] input, input[placeholder^='Search']").first().waitFor();
    await browser.page.screenshot({ path: png, fullPage: false });
    if (browser.refused.length > 0) throw new Error(`the page asked for the network: ${browser.refused.join(", ")}`);
  } finally {
    await browser.close();
  }
  console.log(`Wrote ${png}.`);
}
