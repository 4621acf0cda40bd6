// @ts-check
/**
 * Opens a local page in headless Chromium with the network shut, for the docs test and
 * `npm run docs -- --screenshot`. Chromium is Debian's (/usr/bin/chromium, or $CHROMIUM_PATH),
 * driven by playwright-core, which cannot download a browser of its own here.
 */
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

/** Where the browser is: Debian's package, unless CHROMIUM_PATH names another. */
export const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

// The flags this machine needs: without the background-networking ones Chromium keeps calling
// Google's hosts. The resolver rule is a second lock behind the request routing below: no host
// name resolves, so nothing that slips past the router can reach the network either.
const flags = [
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--host-resolver-rules=MAP * ~NOTFOUND",
];

/** Pages may load only what they carry, or files beside them. @param {string} url */
const isLocal = (url) => /^(file|data|blob|about):/.test(url);

/**
 * @typedef {object} OfflinePage
 * @property {import("playwright-core").Page} page
 * @property {string[]} refused requests for anything but the page itself that reached the network
 *   layer and were refused there: each one would have left the machine
 * @property {string[]} blocked requests that the page's own Content-Security-Policy stopped before
 *   they were sent
 * @property {string[]} errors uncaught errors in the page, and console errors other than the
 *   browser's reports of `blocked` images
 * @property {() => Promise<void>} close closes the browser this call launched
 */

/**
 * Launches Chromium (its own new, empty profile), opens `url` with every request for anything
 * but file:, data:, blob: and about: URLs refused, and waits for the page's load event.
 * @param {string} url a file: URL
 * @param {{ width?: number, height?: number }} [viewport]
 * @returns {Promise<OfflinePage>}
 */
export async function openOffline(url, viewport = {}) {
  if (!existsSync(chromiumPath)) {
    throw new Error(`No Chromium at ${chromiumPath}: install Debian's package (apt-get install chromium; .ci/run does), or set CHROMIUM_PATH.`);
  }
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: flags });
  try {
    const context = await browser.newContext({ viewport: { width: viewport.width ?? 1280, height: viewport.height ?? 900 }, acceptDownloads: true });
    /** @type {string[]} */
    const refused = [];
    /** @type {string[]} */
    const blocked = [];
    /** @type {string[]} */
    const errors = [];
    await context.route("**/*", (route) => {
      const target = route.request().url();
      if (isLocal(target)) return route.continue();
      refused.push(target);
      return route.abort("internetdisconnected");
    });
    const page = await context.newPage();
    page.on("requestfailed", (request) => {
      if (request.failure()?.errorText === "csp") blocked.push(request.url());
    });
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error" && !/violates the following Content Security Policy directive: "img-src /.test(message.text())) errors.push(message.text());
    });
    await page.goto(url, { waitUntil: "load" });
    return { page, refused, blocked, errors, close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
