import { inspect } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { EcgridApiError, EcgridNetworkError } from "../../src/index.js";
import { createRedactor, loadRedaction } from "../../src/redact.js";
import { SECRET_KEY, validCreate } from "../support/fake-fetch.js";
import { HostileServer, reply } from "./server.js";
import { settle, WAYS } from "./ways.js";

/** A password with every character servers like to escape, still meeting the spec's rule. */
const PASSWORD = `Pa"ss<w0rd>&X'/é(!)*`;
const create = { ...validCreate, password: PASSWORD };

/** The forms a server may echo a secret in. */
const encodings: Record<string, (s: string) => string> = {
  literal: (s) => s,
  "JSON-escaped": (s) => JSON.stringify(s).slice(1, -1),
  // System.Text.Json's default encoder: HTML-sensitive characters and everything past ASCII.
  "JSON-escaped the .NET way (\\u0022, \\u003C, …)": (s) => [...s].map((c) => (/[<>&'"+`]/.test(c) || c.charCodeAt(0) > 0x7e ? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0").toUpperCase()}` : c)).join(""),
  "HTML-escaped": (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;"),
  "HTML numeric references": (s) => [...s].map((c) => (/[A-Za-z0-9]/.test(c) ? c : `&#x${c.codePointAt(0)!.toString(16)};`)).join(""),
  "HTML decimal references": (s) => [...s].map((c) => (/[A-Za-z0-9]/.test(c) ? c : `&#${c.codePointAt(0)!};`)).join(""),
  "percent-encoded": (s) => encodeURIComponent(s),
  "percent-encoded, lower-case hex": (s) => encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
  "percent-encoded the RFC 3986 way (!'()* too, as .NET's EscapeDataString)": (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
  "form-encoded by URLSearchParams": (s) => new URLSearchParams({ s }).toString().slice(2),
  base64: (s) => Buffer.from(s).toString("base64"),
  "base64, URL-safe": (s) => Buffer.from(s).toString("base64url"),
  "in lower case (a server normalising a key)": (s) => s.toLowerCase(),
  "JSON-escaped, then HTML-escaped (a JSON body echoed into a page)": (s) => encodings["HTML-escaped"]!(JSON.stringify(s).slice(1, -1)),
  "JSON-escaped, then percent-encoded (a JSON body echoed into a URL)": (s) => encodeURIComponent(JSON.stringify(s).slice(1, -1)),
  "HTML-escaped the PHP way (htmlspecialchars: &#039;)": (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#039;"),
  "HTML-escaped the .NET way (WebUtility.HtmlEncode: named, and &#NNN; past ASCII)": (s) =>
    [...s].map((c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? (c.codePointAt(0)! >= 0xa0 ? `&#${c.codePointAt(0)!};` : c)).join(""),
  "HTML hex references in upper case": (s) => [...s].map((c) => (/[A-Za-z0-9]/.test(c) ? c : `&#x${c.codePointAt(0)!.toString(16).toUpperCase()};`)).join(""),
  "JSON-escaped the PHP way (json_encode: \\/ and \\u00e9)": (s) => JSON.stringify(s).slice(1, -1).replace(/\//g, "\\/").replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
  "percent-encoded twice (a URL inside a URL)": (s) => encodeURIComponent(encodeURIComponent(s)),
  "as UTF-8 bytes read as Latin-1 (a header or a status line)": (s) => Buffer.from(s, "utf8").toString("latin1"),
  "percent-encoded in full, letters and digits too": (s) => [...Buffer.from(s)].map((b) => `%${b.toString(16).padStart(2, "0")}`).join(""),
  "as a Python bytes repr (\\xc3\\xa9)": (s) => [...Buffer.from(s)].map((b) => (b < 0x80 ? String.fromCharCode(b) : `\\x${b.toString(16)}`)).join(""),
  "with HTML5's named references for punctuation (&excl;, &sol;, &lpar;)": (s) =>
    s.replace(/[!/()*]/g, (c) => `&${({ "!": "excl", "/": "sol", "(": "lpar", ")": "rpar", "*": "ast" } as Record<string, string>)[c]!};`),
};

/** Every way an error can be looked at. */
const views = (error: unknown) => {
  const e = error as Error;
  return [e.message, String(e.stack), JSON.stringify(e), inspect(e, { depth: Number.POSITIVE_INFINITY, showHidden: true })].join("\n");
};

describe("the redactor", () => {
  beforeAll(() => loadRedaction());

  it.each(Object.entries(encodings))("replaces a secret echoed %s", (_, encode) => {
    const redactor = createRedactor([SECRET_KEY, PASSWORD]);
    const text = `key=${encode(SECRET_KEY)} password=${encode(PASSWORD)}!`;
    expect(redactor.text(text)).toBe("key=[REDACTED] password=[REDACTED]!");
  });

  it("redacts before it cuts, so a secret straddling the cut does not survive in part", () => {
    const redactor = createRedactor([SECRET_KEY]);
    const text = `${"x".repeat(4090)}${SECRET_KEY}${"y".repeat(100)}`;
    const cut = redactor.cut(text, 4096);
    expect(cut).toBe(`${"x".repeat(4090)}[REDAC…`);
    expect(cut).not.toContain(SECRET_KEY.slice(0, 4));
  });

  it("replaces any run of 12 characters of a longer secret: a server echoing most of a key leaks it", () => {
    const redactor = createRedactor([SECRET_KEY]);
    expect(redactor.text(`bad key ${SECRET_KEY.slice(0, -1)}!`)).toBe("bad key [REDACTED]!");
    expect(redactor.text(`bad key …${SECRET_KEY.slice(5, 17)}…`)).toBe("bad key …[REDACTED]…");
    // A short prefix, as services print to say which key was used, is kept.
    expect(redactor.text(`key ${SECRET_KEY.slice(0, 6)}… refused`)).toBe(`key ${SECRET_KEY.slice(0, 6)}… refused`);
  });

  it("handles a secret far longer than any real one, without overflowing", () => {
    const long = `Aa1!${"x".repeat(200_000)}`;
    const redactor = createRedactor([SECRET_KEY, long]);
    expect(redactor.text(`a ${long} b ${encodeURIComponent(long)} c`)).toBe("a [REDACTED] b [REDACTED] c");
    expect(redactor.text(`part ${long.slice(0, 50)}`)).toBe(`part ${long.slice(0, 50)}`);
  });

  it("replaces a secret shorter than 8 characters only where it stands alone, so the text around it survives", () => {
    const redactor = createRedactor(["any", "e"]);
    expect(redactor.text("login 'many' of DeltaCorp: key=ANY, value=e")).toBe("login 'many' of DeltaCorp: key=[REDACTED], value=[REDACTED]");
  });

  it("never throws, whatever the secret: a lone surrogate, hundreds of symbols, a long one, one that repeats itself", () => {
    // The last is matched in its whole forms only: a pattern for a prefix that repeats itself would
    // cost the engine that prefix at every position of a hostile echo.
    for (const secret of ["Aa1!\uD83Dxyz", `Aa1${"!&%\\ é".repeat(120)}`, `Aa1!${"x".repeat(5000)}`, `${"!".repeat(61)}Aa1`]) {
      const redactor = createRedactor([SECRET_KEY, secret]);
      expect(redactor.text(`a ${secret} b ${SECRET_KEY} c`)).toBe("a [REDACTED] b [REDACTED] c");
      expect(redactor.cut(`${"x".repeat(10)}${secret}`, 12)).toBe("xxxxxxxxxx[R…");
    }
  });

  it("copies a value it cannot read as a cause that says nothing, rather than throw", () => {
    const redactor = createRedactor([SECRET_KEY]);
    const throwing = Object.defineProperty(new Error("x"), "cause", { get: () => { throw new Error(SECRET_KEY); } });
    const odd = [Object.create(null) as unknown, throwing, new Proxy(new Error("y"), { get: () => { throw new Error("no"); } })];
    for (const thrown of odd) expect(inspect(redactor.cause(thrown))).not.toContain(SECRET_KEY);
    expect((redactor.cause(Object.assign(new Error("z"), { message: 42 })) as Error).message).toBe("42");
  });

  it("copies a thrown error as a cause with every string redacted", () => {
    const inner = Object.assign(new Error(`connect to ${SECRET_KEY}`), { code: "ECONNRESET" });
    const cause = createRedactor([SECRET_KEY]).cause(new Error(`failed with ${SECRET_KEY}`, { cause: inner })) as Error;
    expect(inspect(cause, { depth: 10 })).not.toContain(SECRET_KEY);
    expect((cause.cause as Error & { code: string }).code).toBe("ECONNRESET");
  });
});

describe.each(WAYS)("on $name, every string that reaches an error is redacted", (way) => {
  it("the status text and the content type", async () => {
    const server = await HostileServer.start((_, res) => {
      res.writeHead(502, `Bad key ${SECRET_KEY}`, { "content-type": `text/html; echo=${SECRET_KEY}` });
      res.end("<p>down</p>");
    });
    try {
      const result = await settle(way.client(server.url, { maxRetries: 0 }).users.list());
      expect("error" in result && result.error).toBeInstanceOf(EcgridApiError);
      const error = (result as { error: EcgridApiError }).error;
      expect(error.message).toBe("HTTP 502 Bad key [REDACTED]: a text/html; echo=[REDACTED] body, not JSON");
      expect(views(error)).not.toContain(SECRET_KEY);
    } finally {
      await server.close();
    }
  });

  it("the headers of a success whose data has the wrong shape, names included", async () => {
    const server = await HostileServer.start((_, res) => reply(res, 200, { success: true, data: "nope" }, { "x-echo": SECRET_KEY, "x-request": `id-${encodeURIComponent(SECRET_KEY)}`, [`x-debug-${SECRET_KEY}`]: "1" }));
    try {
      const result = await settle(way.client(server.url, { maxRetries: 0 }).users.create(create));
      const error = (result as { error: EcgridApiError }).error;
      expect(error).toBeInstanceOf(EcgridApiError);
      expect(error.headers).toMatchObject({ "x-echo": "[REDACTED]", "x-request": "id-[REDACTED]", "x-debug-[REDACTED]": "1" });
      expect(views(error)).not.toContain(SECRET_KEY);
    } finally {
      await server.close();
    }
  });

  it.each(Object.entries(encodings))("a body echoing the key and the password %s", async (_, encode) => {
    // In an HTML page and inside a JSON string, as servers and proxies send them.
    const server = await HostileServer.start((req, res, seen) => {
      const echoed = `${encode(String(req.headers["x-api-key"]))} ${req.url === "/v2/users" ? encode((JSON.parse(seen.body) as { password: string }).password) : ""}`;
      if (req.url === "/v2/users/list") {
        res.writeHead(500, { "content-type": "text/html" });
        return void res.end(`<pre>${echoed}</pre>`);
      }
      reply(res, 400, `{"success":false,"errorCode":"InvalidParameter","message":${JSON.stringify(`bad: ${echoed}`)},"data":null}`);
    });
    try {
      const client = way.client(server.url, { maxRetries: 0 });
      for (const call of [client.users.create(create), client.users.list()]) {
        const result = await settle(call);
        expect("error" in result && result.error).toBeInstanceOf(EcgridApiError);
        const text = views((result as { error: unknown }).error);
        expect(text).toContain("[REDACTED]");
        for (const form of Object.values(encodings)) {
          expect(text).not.toContain(form(PASSWORD));
          expect(text).not.toContain(form(SECRET_KEY));
        }
      }
      expect(server.seen).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it("a password split across two field names of a problem-details body, whole again once they are joined", async () => {
    const password = "Abc, Def1!xyz";
    const server = await HostileServer.start((_, res) => {
      res.writeHead(400, { "content-type": "application/problem+json" });
      res.end(JSON.stringify({ title: "Invalid", errors: { Abc: ["x"], "Def1!xyz": ["y"] } }));
    });
    try {
      const result = await settle(way.client(server.url, { maxRetries: 0 }).users.setPassword({ userId: 1, newPassword: password }));
      const error = (result as { error: EcgridApiError }).error;
      expect(error).toBeInstanceOf(EcgridApiError);
      expect(error.message).toBe("HTTP 400 Bad Request: Invalid ([REDACTED])");
    } finally {
      await server.close();
    }
  });

  it("a text body longer than the kept 4 KB, with the key across the cut", async () => {
    const server = await HostileServer.start((_, res) => {
      res.writeHead(503, { "content-type": "text/plain" });
      res.end(`${"x".repeat(4090)}${SECRET_KEY}${"y".repeat(10_000)}`);
    });
    try {
      const result = await settle(way.client(server.url, { maxRetries: 0 }).users.list());
      const error = (result as { error: EcgridApiError }).error;
      expect(error.body).toBe(`${"x".repeat(4090)}[REDAC…`);
      expect(views(error)).not.toContain(SECRET_KEY.slice(0, 6));
    } finally {
      await server.close();
    }
  });
});

describe.each(WAYS)("on $name, an error answer the raw client returns as data", (way) => {
  it.each(["application/json", "text/plain"])("is redacted: its %s body, status text and headers", async (type) => {
    const server = await HostileServer.start((req, res, seen) => {
      const echo = `${String(req.headers["x-api-key"])} ${(JSON.parse(seen.body) as { newPassword: string }).newPassword}`;
      res.writeHead(400, `Bad ${SECRET_KEY}`, { "content-type": type, "x-echo": encodeURIComponent(echo) });
      res.end(type === "text/plain" ? `{${echo}` : JSON.stringify({ success: false, errorCode: "InvalidParameter", message: `bad ${echo}` }));
    });
    try {
      const answer = await way.client(server.url, { maxRetries: 0 }).raw.POST("/v2/users/password", { body: { userId: 1, newPassword: PASSWORD } });
      const shown = `${JSON.stringify(answer.error)} ${answer.response.statusText} ${JSON.stringify([...answer.response.headers])}`;
      expect(answer.response.status).toBe(400);
      expect(shown).toContain("[REDACTED]");
      for (const form of Object.values(encodings)) {
        expect(shown).not.toContain(form(PASSWORD));
        expect(shown).not.toContain(form(SECRET_KEY));
      }
    } finally {
      await server.close();
    }
  });
});

describe.each(WAYS)("on $name, an error answer whose header name holds the key", (way) => {
  it("is still returned as data, without that header", async () => {
    const server = await HostileServer.start((_req, res) => {
      res.writeHead(400, { "content-type": "application/json", [`x-${SECRET_KEY.toLowerCase()}`]: "1", "x-plain": "kept" });
      res.end(JSON.stringify({ success: false, errorCode: "InvalidParameter", message: "bad" }));
    });
    try {
      const answer = await way.client(server.url, { maxRetries: 0 }).raw.GET("/v2/users/me");
      expect(answer.response.status).toBe(400);
      expect(answer.response.headers.get("x-plain")).toBe("kept");
      expect(JSON.stringify([...answer.response.headers]).toLowerCase()).not.toContain(SECRET_KEY.toLowerCase());
    } finally {
      await server.close();
    }
  });
});

describe("an error of the raw client itself", () => {
  it("hides the password the call's body sends, not only the key", async () => {
    // A custom fetch answering with a Response-like object whose header the client cannot copy: the TypeError quotes it.
    const odd = async () => ({ status: 500, statusText: "x", headers: new Map([["x-echo", `a\0${PASSWORD}`]]), body: null, redirected: false, type: "basic" }) as unknown as Response;
    const ecgrid = WAYS[1]!.client("http://127.0.0.1:9", { fetch: odd, maxRetries: 0 });
    const result = await settle(ecgrid.raw.POST("/v2/users/password", { body: { userId: 1, newPassword: PASSWORD } }));
    const error = (result as { error: Error }).error;
    expect(error?.name).toBe("EcgridError");
    for (const form of Object.values(encodings)) expect(views(error)).not.toContain(form(PASSWORD));
  });
});

describe("the cause of a network error", () => {
  it("is a redacted copy, even when the fetch throws the key back", async () => {
    const leaky = async (request: Request) => {
      throw new TypeError(`fetch failed for ${request.headers.get("x-api-key")}`, { cause: new Error(`socket ${SECRET_KEY}`) });
    };
    const result = await settle(WAYS[1]!.client("http://127.0.0.1:1", { fetch: leaky, maxRetries: 0 }).users.create(create));
    expect("error" in result && result.error).toBeInstanceOf(EcgridNetworkError);
    const text = views((result as { error: unknown }).error) + inspect((result as { error: Error }).error.cause, { depth: 10, showHidden: true });
    expect(text).not.toContain(SECRET_KEY);
    expect(text).not.toContain(PASSWORD);
    expect(text).toContain("fetch failed for [REDACTED]");
  });
});

