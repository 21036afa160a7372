import { describe, expect, it } from "vitest";
import { safeMessage } from "../src/diagnostics/message.js";

describe("safeMessage", () => {
  it("escapes control characters and bidirectional overrides", () => {
    expect(safeMessage("a\u001b[2Jb\rc\nd\te\u0000f\u202eg\u009bh")).toBe("a\\u001b[2Jb\\rc\\nd\\te\\u0000f\\u202eg\\u009bh");
  });

  it("cuts long quoted input to 100 characters, in backticks and in double quotes", () => {
    const long = "x".repeat(500);
    expect(safeMessage(`value \`${long}\` is bad`)).toBe(`value \`${"x".repeat(100)}…\` (500 characters) is bad`);
    expect(safeMessage(`le=${JSON.stringify(long)} is not a number`)).toBe(`le="${"x".repeat(100)}…" (500 characters) is not a number`);
  });

  it("leaves short quotes, escaped quotes and ordinary messages alone", () => {
    const message = 'label `le` is given twice; le="0.5\\"" and ' + "`" + "y".repeat(110) + "` stay";
    expect(safeMessage(message)).toBe(message);
  });

  it("keeps the end of a very long message, where the verdict is", () => {
    const message = `${"word ".repeat(2000)}(accepted by Prometheus)`;
    const safe = safeMessage(message);
    expect(safe.length).toBeLessThan(2100);
    expect(safe.endsWith("(accepted by Prometheus)")).toBe(true);
  });
});
