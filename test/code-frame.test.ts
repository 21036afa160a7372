import { describe, expect, it } from "vitest";
import { codeFrame } from "../src/diagnostics/code-frame.js";
import { parse } from "../src/parser/parse.js";
import { parseStream } from "../src/parser/stream.js";

describe("codeFrame", () => {
  it("puts the caret under the problem", () => {
    const result = parse('http_requests_total{code="200} 1\n');
    expect(codeFrame(result.lines, result.diagnostics[0]!)).toBe('1 | http_requests_total{code="200} 1\n  |                          ^^^^^^^');
  });

  it("shows about 100 columns around the caret of a long line", () => {
    const text = `a{x="${"v".repeat(300)}",y=1,z="${"w".repeat(300)}"} 1\n`;
    const result = parse(text);
    const frame = codeFrame(result.lines, result.diagnostics[0]!);
    const [line, caret] = frame.split("\n") as [string, string];
    expect(line.startsWith("1 | …")).toBe(true);
    expect(line.endsWith("…")).toBe(true);
    expect(line[caret.indexOf("^")]).toBe("1");
  });

  it("shows a terminal escape sequence as dots, not as itself", () => {
    const result = parse('a{x="\u001b[2J\u009b31m"} 1 2 3\n');
    const frame = codeFrame(result.lines, result.diagnostics[0]!);
    expect(frame).not.toMatch(/[\u001b\u009b]/);
    expect(frame).toContain("·[2J·31m");
  });

  it("frames a streamed diagnostic from the excerpt the stream kept, as it frames the whole text", async () => {
    const text = `# TYPE a gauge\na{x="${"v".repeat(5000)}" 1\nb{ 2\n`;
    const whole = parse(text);
    const stream = parseStream([text.slice(0, 100), text.slice(100)], { format: "prometheus" });
    const frames: string[] = [];
    const found = [];
    for await (const e of stream) if (e.type === "diagnostic") found.push(e.diagnostic);
    for (const d of found) frames.push(codeFrame(stream.frameLines(), d));
    expect(frames).toEqual(found.map((d) => codeFrame(whole.lines, whole.diagnostics.find((w) => w.offset === d.offset && w.code === d.code)!)));
    expect(frames.every((f) => f.includes("^"))).toBe(true);
  });
});
