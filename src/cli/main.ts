#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import { UsageError } from "./inputs.js";
import { lint } from "./lint.js";

const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

const program = new Command()
  .name("promtext")
  .description("Parse, check and lint Prometheus text 0.0.4 and OpenMetrics 1.0 expositions")
  .version(version)
  .option("--debug", "show stack traces of internal errors")
  .showSuggestionAfterError(true)
  .exitOverride();

program
  .command("lint")
  .description("check expositions and report every problem, judged for one consumer")
  .argument("<file...>", "files to check, or - for standard input")
  .addOption(new Option("--input-format <format>", "input syntax").choices(["auto", "prometheus", "openmetrics"]).default("auto"))
  .addOption(
    new Option("--target <target>", "whose verdict: the specifications, a Prometheus scrape, or the Pushgateway and promtool")
      .choices(["strict", "prometheus", "pushgateway"])
      .default("strict"),
  )
  .addOption(new Option("--format <format>", "report format").choices(["human", "json"]).default("human"))
  .option("--color", "color the human report")
  .option("--no-color", "never color the human report")
  .addHelpText(
    "after",
    `
Examples:
  promtext lint metrics.prom
  curl -s localhost:9100/metrics | promtext lint --target prometheus -
  promtext lint --target pushgateway --format json job.prom

Exit codes: 0 no errors, 1 errors found, 2 usage or I/O problem.`,
  )
  .action(async (files: string[], options: { inputFormat: string; target: string; format: string; color?: boolean }) => {
    process.exitCode = await lint(files, options);
  });

async function main(): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`promtext: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    const debug = process.argv.includes("--debug");
    process.stderr.write(
      `promtext: internal error: ${(error as Error).message}\n${debug ? `${(error as Error).stack}\n` : "(run with --debug for details, and please report it)\n"}`,
    );
    process.exitCode = 2;
  }
}

await main();
