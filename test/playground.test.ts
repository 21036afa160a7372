import { execFile, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as Promtext from "../src/index.js";
import { CHROMIUM, CHROMIUM_SKIP } from "./helpers/chromium.js";
import { colourCount, decodePng, pixel } from "./helpers/png.js";
import { asRoot, cli, root, runCli } from "./helpers/run-cli.js";

const PAGE = join(root, "dist", "playground", "index.html");
const built = existsSync(PAGE) && existsSync(cli);
const fixture = (path: string) => readFileSync(join(root, "fixtures", path), "utf8");
const EXAMPLE = fixture("example.prom");
const BEFORE = fixture("diff/exporter-upgrade/before.prom");
const AFTER = fixture("diff/exporter-upgrade/after.prom");
const TARGETS = ["strict", "prometheus", "promtool", "pushgateway"] as const;
const VIEWPORT = { width: 1280, height: 800 };

/** The built library (dist/), the code the page's bundle is made of. */
const lib = built ? ((await import(pathToFileURL(join(root, "dist", "index.js")).href)) as typeof Promtext) : undefined;

/** `promtext playground --port 0`, its URL read from its stdout. */
async function startServer(args: string[] = []): Promise<{ child: ChildProcessWithoutNullStreams; url: string; stdout: () => string; stderr: () => string }> {
  const child = spawn(process.execPath, [cli, "playground", "--port", "0", ...args], { cwd: root, env: { ...process.env, NO_COLOR: "1" } });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes("\n")) resolve(stdout.split("\n")[0] as string);
    });
    child.once("exit", (code) => reject(new Error(`promtext playground exited ${code} before printing its URL: ${stderr}`)));
  });
  return { child, url, stdout: () => stdout, stderr: () => stderr };
}

/** Stops a server by its PID and returns its exit code. */
async function stop(child: ChildProcessWithoutNullStreams, signal: NodeJS.Signals): Promise<number | null> {
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  process.kill(child.pid as number, signal);
  const [code] = await exited;
  return code;
}

async function revision(page: Page): Promise<number> {
  return Number(await page.evaluate("document.documentElement.dataset.revision"));
}

/** Runs `act`, then waits until the page has redrawn (it counts redraws in <html data-revision>). */
async function settled(page: Page, act: () => Promise<unknown>): Promise<void> {
  const before = await revision(page);
  await act();
  await page.waitForFunction(`Number(document.documentElement.dataset.revision) > ${before}`, { timeout: 10_000 });
}

/** Replaces a box's text as a paste does: the browser's own text insertion, one input event. */
async function paste(page: Page, selector: string, text: string): Promise<void> {
  if (text === "" && (await page.evaluate(`document.querySelector(${JSON.stringify(selector)}).value`)) === "") return;
  await settled(page, () =>
    page.evaluate(
      `(() => { const box = document.querySelector(${JSON.stringify(selector)}); box.focus(); box.select(); document.execCommand(${JSON.stringify(text === "" ? "delete" : "insertText")}, false, ${JSON.stringify(text)}); })()`,
    ),
  );
}

async function choose(page: Page, selector: string, value: string): Promise<void> {
  await settled(page, () => page.select(selector, value));
}

async function tab(page: Page, name: "diagnostics" | "convert" | "diff"): Promise<void> {
  await settled(page, () => page.click(`#tab-${name}`));
}

interface Row {
  line: number;
  column: number;
  code: string;
  severity: string;
}

async function listed(page: Page): Promise<Row[]> {
  const rows = (await page.evaluate(`[...document.querySelectorAll("#diagnostics tbody tr")].map((r) => ({ ...r.dataset }))`)) as Record<string, string>[];
  return rows.map((r) => ({ line: Number(r["line"]), column: Number(r["column"]), code: r["code"] as string, severity: r["severity"] as string }));
}

function expected(diagnostics: readonly Promtext.Diagnostic[]): Row[] {
  return diagnostics.map((d) => ({ line: d.line, column: d.column, code: d.code, severity: d.severity }));
}

async function text(page: Page, selector: string): Promise<string> {
  return (await page.evaluate(`document.querySelector(${JSON.stringify(selector)}).textContent`)) as string;
}

/** Drops a file on the element as a user's drag from a file manager does: a drop event carrying it in a DataTransfer. */
async function drop(page: Page, selector: string, name: string, bytes: Uint8Array): Promise<void> {
  await settled(page, () =>
    page.evaluate(
      `(() => {
        const file = new File([new Uint8Array(${JSON.stringify([...bytes])})], ${JSON.stringify(name)});
        const transfer = new DataTransfer();
        transfer.items.add(file);
        const at = document.querySelector(${JSON.stringify(selector)});
        for (const type of ["dragenter", "dragover", "drop"]) at.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
      })()`,
    ),
  );
}

const run = (args: string[], cwd: string) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [cli, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr }),
    );
  });

describe.skipIf(!built || CHROMIUM === undefined)(`the playground page in headless Chromium (needs npm run build${CHROMIUM === undefined ? `; skipped: ${CHROMIUM_SKIP}` : ""})`, () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  const work = mkdtempSync(join(tmpdir(), "promtext-playground-"));

  beforeAll(async () => {
    server = await startServer();
    browser = await puppeteer.launch({ executablePath: CHROMIUM as string, headless: true, args: [...(asRoot ? ["--no-sandbox"] : []), "--disable-gpu", "--hide-scrollbars"] });
  });

  afterAll(async () => {
    await browser?.close();
    if (server) await stop(server.child, "SIGTERM");
  });

  describe.each([
    ["opened from disk (file://)", () => pathToFileURL(PAGE).href],
    ["served by promtext playground", () => server.url],
  ])("%s", (_where, address) => {
    let page: Page;
    const requests: string[] = [];
    const errors: string[] = [];

    beforeAll(async () => {
      page = await browser.newPage();
      await page.setViewport(VIEWPORT);
      page.on("request", (request) => requests.push(request.url()));
      page.on("pageerror", (error) => errors.push(String(error)));
      page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
      await page.goto(address(), { waitUntil: "load" });
      await page.waitForFunction("document.documentElement.dataset.revision !== undefined");
    });

    afterAll(async () => {
      await page?.close();
    });

    it("lists, for each target, the diagnostics lint() gives for a pasted exposition, and marks their lines", async () => {
      await paste(page, "#input", EXAMPLE);
      for (const target of TARGETS) {
        await choose(page, "#target", target);
        const linted = lib!.lint(EXAMPLE, { target });
        expect(await listed(page)).toEqual(expected(linted.diagnostics));
        // in the line-numbered listing: each line with a diagnostic marked, with its messages under it
        const marked = (await page.evaluate(`[...document.querySelectorAll("#listing .line[class*=sev-]")].map((l) => Number(l.dataset.line))`)) as number[];
        expect(marked).toEqual([...new Set(linted.diagnostics.map((d) => d.line))]);
        const notes = (await page.evaluate(`[...document.querySelectorAll("#listing .msg")].map((m) => m.textContent)`)) as string[];
        expect(notes).toEqual(linted.diagnostics.map((d) => `^ ${d.severity} ${d.message} [${d.code}]`));
        expect(await text(page, "#diagnostic-count")).toBe(String(linted.diagnostics.length));
      }
      // the targets disagree on this input, and the list follows
      const lists = TARGETS.map((target) => JSON.stringify(expected(lib!.lint(EXAMPLE, { target }).diagnostics)));
      expect(new Set(lists).size).toBeGreaterThan(1);
    });

    it("reads the input format picked, and updates as one types", async () => {
      await choose(page, "#target", "strict");
      await choose(page, "#input-format", "openmetrics");
      expect(await listed(page)).toEqual(expected(lib!.lint(EXAMPLE, { format: "openmetrics", target: "strict" }).diagnostics));
      await choose(page, "#input-format", "auto");
      await paste(page, "#input", "");
      // the page redraws once typing pauses: all but the last key, a pause, then the last key and its redraw
      const typed = "# TYPE up gauge\nup 1 \n";
      await page.type("#input", typed.slice(0, -1));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await listed(page)).toEqual(expected(lib!.lint(typed.slice(0, -1), { target: "strict" }).diagnostics));
      await settled(page, () => page.type("#input", typed.slice(-1)));
      expect(await page.evaluate(`document.querySelector("#input").value`)).toBe(typed);
      expect(await listed(page)).toEqual(expected(lib!.lint(typed, { target: "strict" }).diagnostics));
    });

    it("scrolls the listing to a diagnostic's line, and selects it in the editor, when it is clicked in the list", async () => {
      const long = `# HELP g A gauge.\n# TYPE g gauge\n${Array.from({ length: 300 }, (_, i) => `g{i="${i}"} ${i}\n`).join("")}bad{ 1\n`;
      await paste(page, "#input", long);
      const [last] = lib!.lint(long, { target: "strict" }).diagnostics.slice(-1);
      expect(last?.line).toBe(303);
      await page.click(`#diagnostics tbody tr[data-line="${last!.line}"]`);
      const view = (await page.evaluate(`(() => {
        const listing = document.querySelector("#listing").getBoundingClientRect();
        const line = document.querySelector('#listing .line[data-line="${last!.line}"]');
        const box = line.getBoundingClientRect();
        const input = document.querySelector("#input");
        return { inView: box.top >= listing.top && box.bottom <= listing.bottom, picked: line.classList.contains("picked"),
                 scrolled: document.querySelector("#listing").scrollTop, selection: [input.selectionStart, input.selectionEnd], editorScrolled: input.scrollTop };
      })()`)) as { inView: boolean; picked: boolean; scrolled: number; selection: number[]; editorScrolled: number };
      expect(view).toMatchObject({ inView: true, picked: true, selection: [last!.offset, last!.offset + last!.length] });
      expect(view.scrolled).toBeGreaterThan(0);
      expect(view.editorScrolled).toBeGreaterThan(0);
    });

    it("converts as the library serializes, byte for byte what promtext fmt writes, and refuses what fmt refuses", async () => {
      const input = fixture("good/node-exporter.prom");
      const file = join(work, "node-exporter.prom");
      writeFileSync(file, input);
      await paste(page, "#input", input);
      await choose(page, "#target", "prometheus");
      await tab(page, "convert");
      for (const to of ["openmetrics", "json", "prometheus"] as const) {
        await choose(page, "#convert-to", to);
        const shown = await text(page, "#converted");
        expect(shown).toBe(lib!.serialize(lib!.parse(input, { target: "prometheus" }).families, { format: to }).text);
        const fmt = await run(["fmt", "--target", "prometheus", "--to", to, file], work);
        expect(fmt.code).toBe(0);
        expect(shown).toBe(fmt.stdout);
      }
      await settled(page, () => page.click("#convert-sort"));
      const sorted = await run(["fmt", "--target", "prometheus", "--to", "prometheus", "--sort", file], work);
      expect(await text(page, "#converted")).toBe(sorted.stdout);
      expect(await text(page, "#convert-command")).toBe("promtext fmt --target prometheus --to prometheus --sort input");

      // the example has errors for every target: fmt writes nothing and exits 1, and the page shows no output
      const example = join(work, "example.prom");
      writeFileSync(example, EXAMPLE);
      await paste(page, "#input", EXAMPLE);
      const refused = await run(["fmt", "--target", "prometheus", "--to", "prometheus", example], work);
      expect(refused).toMatchObject({ code: 1, stdout: "" });
      expect(await text(page, "#converted")).toBe("");
      expect(await text(page, "#convert-messages")).toContain("does not parse for target prometheus");
      await settled(page, () => page.click("#convert-sort"));
      await tab(page, "diagnostics");
    });

    it("diffs two payloads as diff() does, with promtext diff's report", async () => {
      writeFileSync(join(work, "input"), BEFORE);
      writeFileSync(join(work, "after"), AFTER);
      await tab(page, "diff");
      await paste(page, "#input", BEFORE);
      await paste(page, "#after", AFTER);
      const before = lib!.parse(BEFORE, { target: "prometheus" });
      const after = lib!.parse(AFTER, { target: "prometheus" });
      const changes = lib!.diff(before.families, after.families, { formats: { before: before.format, after: after.format } });
      const summary = (await page.evaluate(`Object.fromEntries([...document.querySelectorAll("#diff-summary [data-summary]")].map((d) => [d.dataset.summary, Number(d.querySelector("dd").textContent)]))`)) as Record<string, number>;
      expect(summary).toEqual({
        familiesAdded: changes.summary.familiesAdded,
        familiesRemoved: changes.summary.familiesRemoved,
        familiesChanged: changes.summary.familiesChanged,
        metadataChanges: changes.summary.metadataChanges,
        seriesAdded: changes.summary.seriesAdded,
        seriesRemoved: changes.summary.seriesRemoved,
        valueChanges: changes.summary.valueChanges,
        resets: changes.summary.resets,
      });
      expect(changes.summary.seriesAdded).toBeGreaterThan(0);
      const report = (await page.evaluate(`[...document.querySelectorAll("#diff-report .diff-line")].map((l) => l.textContent).join("\\n") + "\\n"`)) as string;
      const cliDiff = await run(["diff", "--no-color", "input", "after"], work);
      expect(cliDiff.code).toBe(1);
      expect(report).toBe(cliDiff.stdout);

      // with --ignore-values, as the CLI: the value change goes
      await settled(page, () => page.click("#diff-ignore-values"));
      const ignoring = await run(["diff", "--no-color", "--ignore-values", "input", "after"], work);
      expect((await page.evaluate(`[...document.querySelectorAll("#diff-report .diff-line")].map((l) => l.textContent).join("\\n") + "\\n"`)) as string).toBe(ignoring.stdout);
      await settled(page, () => page.click("#diff-ignore-values"));

      // a side that does not parse: nothing compared, in the CLI's words
      writeFileSync(join(work, "input"), EXAMPLE);
      await paste(page, "#input", EXAMPLE);
      const broken = await run(["diff", "input", "after"], work);
      expect(broken.code).toBe(2);
      expect(`promtext: ${await text(page, "#diff-report")}\n`).toBe(broken.stderr);
      await paste(page, "#after", "");
      await tab(page, "diagnostics");
    });

    it("reads a file dropped on the page, and one dropped on the diff's After box into it", async () => {
      await choose(page, "#target", "strict");
      await drop(page, "#input", "example.prom", Buffer.from(EXAMPLE));
      expect(await page.evaluate(`document.querySelector("#input").value`)).toBe(EXAMPLE);
      expect(await text(page, "#input-name")).toContain("example.prom");
      expect(await listed(page)).toEqual(expected(lib!.lint(EXAMPLE, { target: "strict" }).diagnostics));

      // the bytes as dropped are linted, as promtext lint reads a file: an invalid UTF-8 byte is reported
      const bytes = Buffer.concat([Buffer.from("# HELP m caf"), Buffer.from([0xe9]), Buffer.from("\n# TYPE m gauge\nm 1\n")]);
      await drop(page, "#input", "latin1.prom", bytes);
      const linted = lib!.lint(bytes, { target: "strict" });
      expect(linted.diagnostics.some((d) => d.code.startsWith("invalid-utf8"))).toBe(true);
      expect(await listed(page)).toEqual(expected(linted.diagnostics));

      await tab(page, "diff");
      await drop(page, "#after", "after.prom", Buffer.from(AFTER));
      expect(await page.evaluate(`document.querySelector("#after").value`)).toBe(AFTER);
      expect(await page.evaluate(`document.querySelector("#input").value`)).toBe(bytes.toString("utf8"));
      await paste(page, "#after", "");
      await tab(page, "diagnostics");
    });

    it("looks as it should in a screenshot: the viewport's size, not blank, the error marks in the error colour", async () => {
      await settled(page, () => page.click("#load-example"));
      await choose(page, "#target", "strict");
      const shot = await page.screenshot({ type: "png" });
      // kept for a look: .tmp/ is the suites' scratch folder (vitest's report is written there too)
      mkdirSync(join(root, ".tmp"), { recursive: true });
      writeFileSync(join(root, ".tmp", `playground-${address().startsWith("file:") ? "file" : "served"}.png`), shot);
      const png = decodePng(shot);
      expect({ width: png.width, height: png.height }).toEqual(VIEWPORT);
      expect(colourCount(png)).toBeGreaterThan(50);
      // the first error's badge in the list and its line's gutter mark, where the page drew them, in the colours the page gives them
      const spots = (await page.evaluate(`(() => {
        const at = (selector, side) => {
          const e = document.querySelector(selector);
          const r = e.getBoundingClientRect();
          // inside the badge's padding, left of its word; inside the gutter's 3px border
          return { x: side === "right" ? r.right - 1.5 : r.left + 3, y: r.top + r.height / 2, colour: getComputedStyle(e)[side === "right" ? "borderRightColor" : "backgroundColor"] };
        };
        return [at("#diagnostics tbody tr.sev-error .badge"), at("#listing .line.sev-error .ln", "right")];
      })()`)) as { x: number; y: number; colour: string }[];
      for (const spot of spots) {
        const want = (/rgba?\((\d+), (\d+), (\d+)/.exec(spot.colour) ?? []).slice(1).map(Number);
        expect(want).toHaveLength(3);
        const got = pixel(png, spot.x, spot.y).slice(0, 3);
        for (const [i, channel] of got.entries()) expect(Math.abs(channel - (want[i] as number))).toBeLessThanOrEqual(8);
      }
    });

    it("loads nothing but the page itself and raises no error", () => {
      expect(requests).toEqual([address()]);
      expect(errors).toEqual([]);
    });
  });
});

describe.skipIf(!built)("promtext playground (needs npm run build)", () => {
  it("serves dist/playground/index.html on 127.0.0.1 only, and exits 0 quietly on SIGTERM and SIGINT", async () => {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const server = await startServer();
      const url = new URL(server.url);
      expect(url.hostname).toBe("127.0.0.1");
      expect(Number(url.port)).toBeGreaterThan(0);
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(Buffer.from(await response.arrayBuffer()).equals(readFileSync(PAGE))).toBe(true);
      expect((await fetch(new URL("/elsewhere", url))).status).toBe(404);
      expect((await fetch(url, { method: "POST", body: "x" })).status).toBe(405);
      // not on this machine's other addresses
      const others = Object.values(networkInterfaces())
        .flat()
        .filter((a) => a !== undefined && !a.internal && a.family === "IPv4")
        .map((a) => a!.address);
      for (const address of others) {
        const socket = connect({ host: address, port: Number(url.port) });
        const outcome = await new Promise<string | undefined>((resolve) => {
          socket.once("connect", () => resolve("connected"));
          socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code));
        });
        socket.destroy();
        expect(outcome, `port ${url.port} on ${address}`).toBe("ECONNREFUSED");
      }
      expect(await stop(server.child, signal)).toBe(0);
      expect(server.stdout()).toBe(`${server.url}\n`);
      expect(server.stderr()).toBe("");
    }
  });

  it("refuses a host that is not this machine, and a port that is not a number", async () => {
    const open = await runCli(["playground", "--host", "0.0.0.0"]);
    expect(open.code).toBe(2);
    expect(open.stderr).toContain("listens on this machine only");
    expect((await runCli(["playground", "--port", "http"])).code).toBe(2);
  });

  it("is in promtext --help", async () => {
    const help = await runCli(["--help"]);
    expect(help.stdout).toMatch(/^ {2}playground \[options\] +a page to paste or drop a scrape into/m);
  });
});
