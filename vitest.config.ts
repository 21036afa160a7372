import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // prints what is skipped for want of a tool or of ../shared
    globalSetup: ["test/helpers/skipped.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
    maxWorkers: 2,
    // the JSON report lets .ci/run print a plain "N passed, N failed" line
    reporters: ["default", ["json", { outputFile: ".tmp/vitest-results.json" }]],
  },
});
