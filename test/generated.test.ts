import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diagnosticsTable } from "../src/diagnostics/table.js";
import { generatedFiles, rulesDoc } from "../src/grammar/generate.js";

describe("generated files: grammar/ and docs/", () => {
  it("is what the parser generates (run `npm run generate` after changing the grammar)", () => {
    for (const [name, content] of Object.entries(generatedFiles())) {
      const committed = readFileSync(join(import.meta.dirname, "../grammar", name), "utf8");
      expect(committed, `grammar/${name} is out of date`).toBe(content);
    }
  });

  it("docs/diagnostics.md is the code registry's table (run `npm run generate`)", () => {
    expect(readFileSync(join(import.meta.dirname, "../docs/diagnostics.md"), "utf8")).toBe(diagnosticsTable());
  });

  it("docs/rules.md is the rule registry's table with the fixtures as examples (run `npm run generate`)", () => {
    const root = join(import.meta.dirname, "..");
    expect(readFileSync(join(root, "docs/rules.md"), "utf8")).toBe(rulesDoc(root));
  });

  it("shows every rule of the line grammar", () => {
    const ebnf = generatedFiles()["line.ebnf"] as string;
    for (const rule of ["line", "commentLine", "metadata", "eofMarker", "sampleLine", "exemplar", "labelSet", "labelItem"]) {
      expect(ebnf).toMatch(new RegExp(`^${rule} *=`, "m"));
    }
  });
});
