import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diagnosticsTable } from "../src/diagnostics/table.js";
import { generatedFiles } from "../src/grammar/generate.js";

describe("grammar/", () => {
  it("is what the parser generates (run `npm run generate` after changing the grammar)", () => {
    for (const [name, content] of Object.entries(generatedFiles())) {
      const committed = readFileSync(join(import.meta.dirname, "../grammar", name), "utf8");
      expect(committed, `grammar/${name} is out of date`).toBe(content);
    }
  });

  it("docs/diagnostics.md is the code registry's table (run `npm run generate`)", () => {
    expect(readFileSync(join(import.meta.dirname, "../docs/diagnostics.md"), "utf8")).toBe(diagnosticsTable());
  });

  it("shows every rule of the line grammar", () => {
    const ebnf = generatedFiles()["line.ebnf"] as string;
    for (const rule of ["line", "commentLine", "metadata", "eofMarker", "sampleLine", "exemplar", "labelSet", "labelItem"]) {
      expect(ebnf).toMatch(new RegExp(`^${rule} *=`, "m"));
    }
  });
});
