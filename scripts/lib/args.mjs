// @ts-check
/**
 * Flag parsing for the npm scripts (`npm run mock`, `bench`, `load`, `contract:live`, `docs`):
 * `--help` prints the usage, and every mistake prints it too, with exit code 2, instead of a
 * TypeError stack from node:util's parseArgs.
 */
import { parseArgs } from "node:util";

/**
 * @typedef {Record<string, { type: "string" | "boolean", internal?: boolean }>} Options
 * `internal` marks a flag that only the scripts themselves pass (a worker's), never a user.
 */

/**
 * The flags npm kept for its own config because `--` was missing. `npm run mock --port 4012` runs
 * the script with the argument `4012` alone and `npm_config_port=true` in its environment;
 * `--port=4012` leaves no argument and sets `npm_config_port=4012`.
 * @param {Options} options
 * @param {string[]} argv the script's arguments
 * @param {NodeJS.ProcessEnv} env
 * @returns {string[]} the flags as the user meant them, e.g. `["--port", "4012"]`; empty when none
 */
export function swallowedFlags(options, argv, env) {
  // Only under `npm run`: elsewhere npm_config_* can be set for other reasons.
  if (env.npm_lifecycle_event === undefined) return [];
  const positionals = argv.filter((arg) => !arg.startsWith("-"));
  return Object.entries(options)
    .filter(([name, { internal }]) => !internal && !argv.some((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`)))
    .flatMap(([name, { type }]) => {
      const value = env[`npm_config_${name.replaceAll("-", "_")}`];
      if (value === undefined || value === "") return [];
      if (type === "boolean") return [`--${name}`];
      return [`--${name}`, value === "true" ? (positionals.shift() ?? "VALUE") : value];
    });
}

/**
 * Parses the script's flags. Prints `usage` and exits 0 on --help; prints the problem and `usage`
 * on stderr and exits 2 on an unknown flag, a stray argument, a missing value, or flags that npm
 * swallowed (then with the command to type instead).
 * @template {Options} T
 * @param {{ usage: string, options: T, argv?: string[], env?: NodeJS.ProcessEnv }} spec
 * @returns {{ [K in keyof T]?: T[K]["type"] extends "boolean" ? boolean : string }}
 */
export function parseScriptArgs({ usage, options, argv = process.argv.slice(2), env = process.env }) {
  const fail = (/** @type {string} */ problem) => {
    console.error(`${problem}\n\n${usage}`);
    process.exit(2);
  };
  // First, so that the hint wins over the stray argument that a swallowed flag leaves behind.
  const swallowed = swallowedFlags(options, argv, env);
  if (swallowed.length > 0) {
    const script = env.npm_lifecycle_event ?? "SCRIPT";
    fail(`npm took ${swallowed.filter((a) => a.startsWith("--")).join(" ")} as its own option. Put -- before the script's flags: npm run ${script} -- ${swallowed.join(" ")}`);
  }
  /** @type {Record<string, string | boolean | undefined>} */
  let values = {};
  try {
    const known = Object.fromEntries(Object.entries(options).map(([name, { type }]) => [name, { type }]));
    ({ values } = parseArgs({ args: argv, options: { ...known, help: { type: "boolean" } } }));
  } catch (error) {
    fail(/** @type {Error} */ (error).message);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  return /** @type {any} */ (values);
}
