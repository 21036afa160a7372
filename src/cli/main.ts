import { Command, CommanderError, Option } from "commander";
import { UsageError } from "./usage-error.js";
import { VERSION } from "./version.js";
import { ConfigError } from "../config/config.js";
import type { CheckExporterOptions } from "./check-exporter.js";
import type { DiffCommandOptions } from "./diff.js";
import type { FmtCommandOptions } from "./fmt.js";
import type { SimulateCommandOptions } from "./gateway-command.js";
import { GATEWAY_VERSIONS } from "../gateway/versions.js";
import { TARGETS } from "../diagnostics/targets.js";
import type { MergeCommandOptions } from "./merge.js";
import type { PlaygroundOptions } from "./playground.js";
import type { DeleteCommandOptions, PushCommandOptions } from "./push.js";
import type { StaleOptions } from "./stale.js";
import type { StatsCommandOptions } from "./stats.js";
import type { LintCommandOptions } from "./lint.js";
import { endQuietly, endQuietlyOnClosedPipe, isBrokenPipe, writeStdout } from "./output.js";
import { DEFAULT_MAX_BODY_TEXT } from "./byte-size.js";


const program = new Command()
  .name("promtext")
  .description("Parse, check and lint Prometheus text 0.0.4 and OpenMetrics 1.0 expositions")
  .addHelpText(
    "after",
    `
Examples:
  promtext lint metrics.prom                         every problem, judged for the specifications
  promtext lint --target pushgateway job.prom        would the Pushgateway accept this push?
  promtext lint http://localhost:9100/metrics        scrape an exporter as Prometheus 3 does
  promtext fmt --to openmetrics metrics.prom         convert
  promtext diff before.prom after.prom               what changed between two scrapes
  promtext stats http://localhost:9100/metrics       series per family and label, at a glance
  promtext playground                                the same in a browser page, on 127.0.0.1
  promtext rules                                     list the lint rules
  promtext explain counter-total-suffix              one rule in full`,
  )
  .version(VERSION)
  .option("--debug", "show stack traces of internal errors")
  .showSuggestionAfterError(true)
  .exitOverride();

program
  .command("lint")
  .description("check expositions and report every problem, judged for one consumer")
  .argument("[input...]", "files, quoted globs ('metrics/**/*.prom'), http(s):// URLs to scrape, or - for standard input (the default when it is a pipe)")
  .addOption(new Option("--input-format <format>", "input syntax").choices(["auto", "prometheus", "openmetrics"]).default("auto"))
  .addOption(
    new Option("--target <target>", "whose verdict: the specifications, a Prometheus scrape, promtool check metrics, or a push to the Pushgateway (default: strict, or the config file's)")
      .choices(TARGETS),
  )
  .addOption(new Option("--format <format>", "report format: human, json, sarif (GitHub code scanning), github (workflow annotations)").choices(["human", "json", "sarif", "github"]).default("human"))
  .option("-q, --quiet", "report errors only, and nothing for inputs without errors")
  .option("-o, --output <file>", "write the report to a file instead of stdout")
  .option("--timeout <duration>", "scrape timeout for URLs (the whole answer, body included)", "10s")
  .option("--max-bytes <size>", `refuse a URL's body (counted decompressed) or a gateway's answer larger than this (default ${DEFAULT_MAX_BODY_TEXT}), or standard input or a device read past it (default 8GiB); files are read whole, as they come`)
  .option("--max-diagnostics <n>", "report at most n diagnostics per input; the rest are counted", "10000")
  .option("-H, --header <header>", "HTTP header for URLs, e.g. 'Authorization: Bearer …' (repeatable)", (value: string, previous: string[] = []) => [...previous, value])
  .option("--gateway-group <path>", "check the payload as a push into this group, e.g. /metrics/job/backup/instance/db1 (target pushgateway)")
  .option("--gateway-state <file>", "what the gateway holds: a saved /metrics or /api/v1/metrics")
  .option("--gateway <url>", "what the gateway holds: read from the live Pushgateway")
  .addOption(new Option("--gateway-method <method>", "the push method to check").choices(["put", "post"]).default("put"))
  .option("--rule <id=setting>", "set a rule to off, info, warn or error (repeatable)", (value: string, previous: string[] = []) => [...previous, value])
  .option("--config <file>", "configuration file (default: promtext.config.json or .promtextrc.json, searched upward)")
  .option("--no-config", "use no configuration file")
  .option("--max-warnings <n>", "fail (exit 1) when there are more than n warnings")
  .option("--color", "color the human report")
  .option("--no-color", "never color the human report")
  .addHelpText(
    "after",
    `
Examples:
  promtext lint metrics.prom
  promtext lint --target prometheus http://localhost:9100/metrics
  promtext lint 'exporters/**/*.prom' --format json --output report.json
  promtext lint --target pushgateway --format json job.prom
  promtext lint --rule help-missing=off --rule unit-non-base=error --max-warnings 0 metrics/*.prom

Rules are configured in promtext.config.json ({"rules": {"help-missing": "off"}}) and silenced for
one line by a comment before it: # promtext-disable-next-line help-missing

Exit codes: 0 no errors, 1 errors found, 2 usage or I/O problem.`,
  )
  .action(async (files: string[], options: LintCommandOptions) => {
    const { lint } = await import("./lint.js");
    process.exitCode = await lint(files, options);
  });

program
  .command("fmt")
  .description("write expositions in canonical form (as the Go encoders do), convert between formats, or check formatting")
  .argument("[input...]", "files, quoted globs ('metrics/**/*.prom'), http(s):// URLs, or - for standard input (the default when it is a pipe)")
  .addOption(new Option("--from <format>", "input syntax (json: prom2json's; auto also tells JSON by its opening [)").choices(["auto", "prometheus", "openmetrics", "json"]).default("auto"))
  .addOption(new Option("--to <format>", "output syntax (default: the input's, text 0.0.4 for JSON; json: prom2json's shape)").choices(["prometheus", "openmetrics", "json"]))
  .addOption(new Option("--target <target>", "whose rules decide that an input is too broken to rewrite (default: what Prometheus or expfmt reads)").choices(TARGETS))
  .addOption(new Option("--escaping <scheme>", "escape names for consumers that need legacy names").choices(["allow-utf-8", "underscores", "dots", "values"]))
  .option("--lossless", "keep the input's own spelling; rewrite only what changed")
  .option("--sort", "order families by name")
  .option("-w, --write", "write the result back to each file, and name the files rewritten on stderr")
  .option("--check", "exit 1 and list the files that are not in canonical form; write nothing")
  .addHelpText(
    "after",
    `
Examples:
  promtext fmt metrics.prom                       canonical text 0.0.4 on stdout
  promtext fmt --to openmetrics metrics.prom      convert to OpenMetrics
  promtext fmt --check --sort fixtures/*.prom     for CI, like prettier --check
  promtext fmt -w job.prom

A file that does not parse is not rewritten: its errors are printed and the exit code is 1.`,
  )
  .action(async (files: string[], options: FmtCommandOptions) => {
    const { fmt } = await import("./fmt.js");
    process.exitCode = await fmt(files, options);
  });

program
  .command("check-exporter")
  .description("scrape a target several times and report what shows only across scrapes: vanishing series, counters that go down, label churn, slow or large scrapes")
  .argument("<url>", "the http(s):// URL of the exporter's metrics endpoint")
  .option("--scrapes <n>", "how many scrapes (at least 2)", "3")
  .option("--interval <duration>", "time from the start of one scrape to the start of the next", "1s")
  .option("--timeout <duration>", "timeout of each scrape", "10s")
  .option("--max-duration <duration>", "warn (scrape-slow) when a scrape takes longer", "1s")
  .option("--max-bytes <size>", "warn (scrape-large) when a body, uncompressed, is larger (e.g. 512KB, 10MB)", "10MB")
  .option("--body-size-limit <size>", "fail (exit 2) when a body, uncompressed, is larger", DEFAULT_MAX_BODY_TEXT)
  .option("-H, --header <header>", "HTTP header, e.g. 'Authorization: Bearer …' (repeatable)", (value: string, previous: string[] = []) => [...previous, value])
  .addOption(
    new Option("--target <target>", "whose verdict for each scrape's lint findings (default: prometheus, which scrapes it, or the config file's)").choices(TARGETS),
  )
  .addOption(new Option("--format <format>", "report format: human, json, sarif (GitHub code scanning), github (workflow annotations)").choices(["human", "json", "sarif", "github"]).default("human"))
  .option("-q, --quiet", "report errors only")
  .option("-o, --output <file>", "write the report to a file instead of stdout")
  .option("--rule <id=setting>", "set a lint rule to off, info, warn or error (repeatable)", (value: string, previous: string[] = []) => [...previous, value])
  .option("--config <file>", "configuration file (default: promtext.config.json or .promtextrc.json, searched upward)")
  .option("--no-config", "use no configuration file")
  .option("--color", "color the human report")
  .option("--no-color", "never color the human report")
  .addHelpText(
    "after",
    `
Examples:
  promtext check-exporter http://localhost:9100/metrics
  promtext check-exporter --scrapes 5 --interval 2s --format json -o exporter.json http://localhost:8080/metrics
  promtext check-exporter --max-duration 500ms --max-bytes 2MB --target prometheus http://localhost:8080/metrics

Each scrape is linted as promtext lint URL does: the first scrape's findings are reported, and of
later scrapes only new ones. Across scrapes: series-vanished (warning), series-appeared (info),
counter-decreased (error), label-churn (warning, 3 scrapes or more), scrape-slow (warning),
scrape-large (warning), scrape-format-changed (error), family-type-changed (error).
Reports are named URL#scrape-N; a summary line goes to stderr.

Exit codes: 0 no errors, 1 errors found, 2 usage, network or HTTP problem.`,
  )
  .action(async (url: string, options: CheckExporterOptions) => {
    const { checkExporter } = await import("./check-exporter.js");
    process.exitCode = await checkExporter(url, options);
  });

const collect = (value: string, previous: string[] = []) => [...previous, value];

program
  .command("diff")
  .description("what changed between two expositions: families, TYPE/HELP/UNIT, series and the labels behind them, bucket layouts, values")
  .argument("<before>", "a file, - for standard input, or an http(s):// URL to scrape")
  .argument("[after]", "the same kinds of input (not with --after)")
  .option("--after <duration>", "scrape the one URL given twice, this long apart (e.g. 30s); rates use the time between the two")
  .addOption(new Option("--format <format>", "report format: human, json (a stable shape, see the README), markdown (a pull-request comment)").choices(["human", "json", "markdown"]).default("human"))
  .option("--ignore-values", "report no value changes")
  .option("--ignore-label <name>", "leave this label out of every series before series are matched (repeatable)", collect)
  .option("--only <aspects>", "report only these: families, series, metadata, values (comma-separated or repeatable)", collect)
  .option("--threshold <fraction>", "leave out value changes smaller than this, relative to the value before (0.05 or 5%); resets are always shown")
  .option("--strict", "compare what is written: names, types, le/quantile and values as text, label order and empty labels")
  .option("--interval <duration>", "time between the two inputs, for counter rates where samples carry no timestamps")
  .option("--timeout <duration>", "scrape timeout for URLs (the whole answer, body included)", "10s")
  .option("-H, --header <header>", "HTTP header for URLs, e.g. 'Authorization: Bearer …' (repeatable)", collect)
  .option("--max-bytes <size>", `refuse a URL's body (counted decompressed) larger than this (default ${DEFAULT_MAX_BODY_TEXT}), or standard input read past it (default 8GiB)`)
  .option("-o, --output <file>", "write the report to a file instead of stdout")
  .option("--color", "color the human report")
  .option("--no-color", "never color the human report")
  .addHelpText(
    "after",
    `
Examples:
  promtext diff yesterday.prom today.prom
  promtext diff http://localhost:9100/metrics --after 30s
  curl -s http://exporter:8080/metrics | promtext diff baseline.prom -
  promtext diff --only families,metadata old-exporter.prom new-exporter.prom
  promtext diff --ignore-label pod --threshold 5% --format markdown a.prom b.om > comment.md

What differs only in how the text is written is no difference unless --strict: text 0.0.4 against
OpenMetrics (_total, unknown/untyped, UNIT, _created, seconds or milliseconds), the order of lines
and labels, escaping, number spelling (le="1" is le="1.0"), a label with an empty value.

Human and markdown reports list at most 10 series, labels and values per family; json lists all.
Exit codes, as diff(1)'s: 0 no differences, 1 differences, 2 trouble (usage, I/O, an input that
does not parse: its first error is named on stderr).`,
  )
  .action(async (before: string, after: string | undefined, options: DiffCommandOptions) => {
    const { diff } = await import("./diff.js");
    process.exitCode = await diff(after === undefined ? [before] : [before, after], options);
  });

program
  .command("stats")
  .description("a payload at a glance: families by type, series per family as promtool --extended counts them, distinct values per label, samples, bytes")
  .argument("<input>", "a file, - for standard input, or an http(s):// URL to scrape")
  .option("--top <n>", "list this many families and labels (0: all)", "10")
  .addOption(new Option("--format <format>", "output format").choices(["human", "json"]).default("human"))
  .option("--timeout <duration>", "scrape timeout for URLs", "10s")
  .option("-H, --header <header>", "HTTP header for URLs (repeatable)", collect)
  .option("--max-bytes <size>", `refuse a URL's body (counted decompressed) larger than this (default ${DEFAULT_MAX_BODY_TEXT})`)
  .option("--color", "color the report")
  .option("--no-color", "never color the report")
  .addHelpText(
    "after",
    `
Examples:
  promtext stats metrics.prom
  promtext stats --top 20 http://localhost:9100/metrics
  promtext stats --format json --top 0 metrics.prom | jq '.families[] | select(.series > 1000)'

A histogram series counts 2 + its buckets, a summary series 2 + its quantiles (their _sum and
_count), as promtool check metrics --extended counts them. Bytes are a family's text, from its
first line to the next family's.

Exit codes: 0 counted, 2 usage, I/O, or an input that does not parse.`,
  )
  .action(async (input: string, options: StatsCommandOptions) => {
    const { stats } = await import("./stats.js");
    process.exitCode = await stats(input, options);
  });

program
  .command("merge")
  .description("combine payloads the way an aggregating gateway would expose them")
  .argument("<input...>", "aggregate: payloads (files, quoted globs, -); pushgateway: GROUP=FILE pairs")
  .addOption(
    new Option("--mode <mode>", "aggregate: prom-aggregation-gateway's sums; pushgateway: each payload PUT into its group").choices(["aggregate", "pushgateway"]).default("aggregate"),
  )
  .addOption(new Option("--to <format>", "output format").choices(["prometheus", "openmetrics", "json"]).default("prometheus"))
  .addHelpText(
    "after",
    `
Counters, gauges and untyped series with the same labels are added up; histograms are added up on
the union of their bucket bounds; summaries keep _sum and _count (quantiles dropped); timestamps are
dropped; a family whose type differs between payloads is left out (exit 1). What was dropped is said
on stderr.

With --mode pushgateway each payload is PUT into its group of an empty Pushgateway, in order, and
what /metrics then exposes is printed (or the first push it would refuse, exit 1).

Examples:
  promtext merge --mode aggregate web-1.prom web-2.prom web-3.prom
  promtext merge --mode pushgateway /metrics/job/backup/instance/db1=db1.prom /metrics/job/backup/instance/db2=db2.prom`,
  )
  .action(async (files: string[], options: MergeCommandOptions) => {
    const { merge } = await import("./merge.js");
    process.exitCode = await merge(files, options);
  });

program
  .command("push")
  .description("push a payload to a Pushgateway, after checking it against what the gateway holds")
  .argument("<file>", "the payload (text 0.0.4), or - for standard input")
  .requiredOption("--gateway <url>", "the Pushgateway's base URL, e.g. http://pushgateway:9091")
  .requiredOption("--job <job>", "the job of the grouping key")
  .option("--label <name=value>", "another grouping label (repeatable)", collect)
  .addOption(new Option("--method <method>", "put replaces the group; post replaces only the pushed families").choices(["put", "post"]).default("put"))
  .option("--dry-run", "print the predicted answer and the /metrics change; push nothing")
  .option("--no-check", "do not read the gateway's state first (predict against an empty gateway)")
  .option("-H, --header <header>", "HTTP header, e.g. 'Authorization: Bearer …' (repeatable)", collect)
  .option("--user <user:password>", "basic authentication")
  .option("--timeout <duration>", "HTTP timeout", "10s")
  .option("--max-bytes <size>", "refuse an answer of the gateway larger than this", DEFAULT_MAX_BODY_TEXT)
  .addHelpText(
    "after",
    `
Examples:
  promtext push --gateway http://pushgateway:9091 --job backup --label instance=db1 metrics.prom
  promtext push --dry-run --gateway http://pushgateway:9091 --job backup metrics.prom

The push is made only when the model of the gateway, fed its current state, accepts it; otherwise
the reason is printed (exit 1). Exit codes: 0 accepted, 1 refused, 2 usage or network problem.`,
  )
  .action(async (file: string, options: PushCommandOptions) => {
    const { push } = await import("./push.js");
    process.exitCode = await push(file, options);
  });

program
  .command("delete")
  .description("delete a group from a Pushgateway")
  .requiredOption("--gateway <url>", "the Pushgateway's base URL")
  .requiredOption("--job <job>", "the job of the grouping key")
  .option("--label <name=value>", "another grouping label (repeatable)", collect)
  .option("-H, --header <header>", "HTTP header (repeatable)", collect)
  .option("--user <user:password>", "basic authentication")
  .option("--timeout <duration>", "HTTP timeout", "10s")
  .option("--max-bytes <size>", "refuse an answer of the gateway larger than this", DEFAULT_MAX_BODY_TEXT)
  .addHelpText("after", "\nExample:\n  promtext delete --gateway http://pushgateway:9091 --job backup --label instance=db1")
  .action(async (options: DeleteCommandOptions) => {
    const { deleteGroup } = await import("./push.js");
    process.exitCode = await deleteGroup(options);
  });

const gateway = program.command("gateway").description("the Pushgateway model: what a Pushgateway (1.5.1) answers and exposes");
gateway
  .command("simulate")
  .description("replay requests against the Pushgateway model and print each answer and the final GET /metrics")
  .argument("<script>", 'a JSON array of requests: [{"method","path","contentType","body"|"bodyBase64","gzip"?,"headers"?}], or - for standard input')
  .option("--state <file>", "start from a saved GET /metrics text or GET /api/v1/metrics JSON instead of an empty gateway")
  .addOption(new Option("--gateway-version <version>", "which Pushgateway to model").choices([...GATEWAY_VERSIONS]).default("1.5.1"))
  .option("--now <seconds>", "Unix time of the first request (then 1 ms per request); default: the clock")
  .option("--raw", "print bodies as the gateway sends them, not normalized as replay.py compares them")
  .option("--disable-consistency-check", "model --push.disable-consistency-check (pushes answered 202, stored unchecked)")
  .addHelpText(
    "after",
    `
The output is what ../shared/gateway-cases/replay.py --predict reads:
  {"steps":[{"status":200,"class":"ok","body":""},…],"finalStatus":200,"finalMetrics":"…"}
Bodies and the final exposition are normalized as replay.py normalizes a real gateway's
(only pushed series, Unix times as <ts>, error lists sorted) unless --raw. A step whose answer
depends on Go's map order also lists "variants".

Examples:
  promtext gateway simulate steps.json
  promtext gateway simulate --state saved-metrics.txt --now 1700000000 steps.json
  python3 replay.py --predict "promtext gateway simulate"

Exit codes: 0 simulated, 2 unreadable or malformed script or state.`,
  )
  .action(async (script: string, options: SimulateCommandOptions) => {
    const { simulateCommand } = await import("./gateway-command.js");
    process.exitCode = await simulateCommand(script, options);
  });
gateway
  .command("stale")
  .description("list the groups not pushed for longer than a limit (the Pushgateway has no TTL), and delete them")
  .requiredOption("--gateway <url>", "the Pushgateway's base URL")
  .requiredOption("--older-than <duration>", "how old a last push must be, e.g. 30m, 1h, 48h")
  .option("--delete", "delete those groups (asks first, unless --yes)")
  .option("--yes", "delete without asking")
  .addOption(new Option("--format <format>", "output format").choices(["human", "json"]).default("human"))
  .option("-H, --header <header>", "HTTP header (repeatable)", collect)
  .option("--user <user:password>", "basic authentication")
  .option("--timeout <duration>", "HTTP timeout", "10s")
  .option("--max-bytes <size>", "refuse an answer of the gateway larger than this", DEFAULT_MAX_BODY_TEXT)
  .addHelpText("after", "\nExamples:\n  promtext gateway stale --gateway http://pushgateway:9091 --older-than 1h\n  promtext gateway stale --gateway http://pushgateway:9091 --older-than 24h --delete --yes")
  .action(async (options: StaleOptions) => {
    const { stale } = await import("./stale.js");
    process.exitCode = await stale(options);
  });

program
  .command("playground")
  .description("a page to paste or drop a scrape into: diagnostics inline, conversion, diff; served on 127.0.0.1 until Ctrl-C")
  .option("--port <n>", "the port (0: any free port)", "9876")
  .option("--host <host>", "127.0.0.1, ::1 or localhost: the page is served to this machine only", "127.0.0.1")
  .addHelpText(
    "after",
    `
The page is dist/playground/index.html of the installed package, one file that also works opened
from disk; it runs promtext in the browser and sends nothing anywhere. The URL is printed on stdout.

Examples:
  promtext playground
  promtext playground --port 0                     any free port

Exit codes: 0 stopped (SIGINT or SIGTERM), 2 usage problem or a port in use.`,
  )
  .action(async (options: PlaygroundOptions) => {
    const { playground } = await import("./playground.js");
    process.exitCode = await playground(options);
  });

program
  .command("rules")
  .description("list the lint rules")
  .addOption(new Option("--format <format>", "output format").choices(["human", "json"]).default("human"))
  .action(async (options: { format: string }) => {
    const { listRules } = await import("./rules-command.js");
    return writeStdout(listRules(options.format));
  });

program
  .command("explain")
  .description("explain a lint rule or a format problem code, with examples")
  .argument("<id>", "a rule id (promtext rules) or a diagnostic code")
  .addHelpText("after", "\nExamples:\n  promtext explain help-missing\n  promtext explain trailing-whitespace")
  .action(async (id: string) => {
    const { explain } = await import("./rules-command.js");
    return writeStdout(explain(id));
  });

endQuietlyOnClosedPipe();

async function main(): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (isBrokenPipe(error)) endQuietly();
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    if (error instanceof UsageError || error instanceof ConfigError) {
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

void main();
