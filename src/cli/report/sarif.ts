import { isAbsolute, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { CODES, isCode, type Severity } from "../../diagnostics/codes.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Rule } from "../../validate/rule.js";
import { RULES } from "../../validate/rules/index.js";
import { arrayPieces, jsonDocument, objectPieces } from "./json-pieces.js";
import type { FileReport } from "./types.js";

/** The project's home; the SARIF `informationUri` and the base of the documentation links. */
export const REPOSITORY_URL = "https://github.com/promtext/promtext";
/** Where docs/rules.md and docs/diagnostics.md are read on the web (`helpUri`). */
export const DOCS_URL = `${REPOSITORY_URL}/blob/main/docs`;

const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

export interface SarifOptions {
  /** promtext's version, `tool.driver.version`. */
  toolVersion: string;
  /** The lint rules whose descriptions go into `rules[]` (default: the built-in RULES). */
  ruleSet?: readonly Rule[];
  /** The directory file paths are made relative to (default: the working directory). */
  cwd?: string;
}

type Level = "error" | "warning" | "note";
const LEVEL: Record<Severity, Level> = { error: "error", warning: "warning", info: "note" };

interface Descriptor {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: Level };
  properties: { tags: string[] };
}

/**
 * How a report's input is named for tools that read paths: a file as a path relative to `cwd`
 * with forward slashes (an absolute one when it lies outside `cwd`), `<stdin>` as `stdin`, a URL
 * as given. Not percent-encoded (see `artifactUri` for SARIF).
 */
export function reportPath(file: string, cwd: string = process.cwd()): { kind: "file" | "stdin" | "url"; path: string } {
  if (file === "<stdin>") return { kind: "stdin", path: "stdin" };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) return { kind: "url", path: file };
  const absolute = resolve(cwd, file);
  const rel = relative(cwd, absolute);
  if (rel !== "" && rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)) return { kind: "file", path: rel.split(sep).join("/") };
  return { kind: "file", path: absolute.split(sep).join("/") };
}

/** The SARIF `artifactLocation.uri` of a report: a valid URI reference (RFC 3986). */
export function artifactUri(file: string, cwd: string = process.cwd()): string {
  const { kind, path } = reportPath(file, cwd);
  if (kind === "url") return file;
  if (kind === "file" && (path.startsWith("/") || /^[a-z]:\//i.test(path))) return pathToFileURL(path).href;
  // encodeURI leaves ? and # (and [ ]) alone, which would end or break the path part of the reference
  return encodeURI(path).replace(/[?#[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** "camelcase-metric-name" → "CamelcaseMetricName": SARIF's user-facing rule identifier. */
function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== "")
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join("");
}

/** The rule descriptor for a code or rule id; `first` is its first diagnostic in the run. */
function describe(id: string, first: Diagnostic, rules: ReadonlyMap<string, Rule>): Descriptor {
  const rule = rules.get(id);
  if (rule) {
    const helpUri = `${DOCS_URL}/rules.md#${id}`;
    return {
      id,
      name: pascalCase(id),
      shortDescription: { text: rule.summary },
      fullDescription: { text: rule.why },
      help: { text: `${rule.summary}\n\n${rule.why}`, markdown: `${rule.summary}\n\n${rule.why}\n\n[${id} in docs/rules.md](${helpUri})` },
      helpUri,
      defaultConfiguration: { level: LEVEL[rule.severity] },
      properties: { tags: ["lint", rule.origin] },
    };
  }
  if (isCode(id)) {
    // A format problem's severity depends on the target and the input format (docs/diagnostics.md);
    // its default here is the one it has in this run.
    const { summary } = CODES[id];
    const helpUri = `${DOCS_URL}/diagnostics.md`;
    return {
      id,
      name: pascalCase(id),
      shortDescription: { text: summary },
      fullDescription: { text: summary },
      help: { text: summary, markdown: `${summary}\n\n[${id} in docs/diagnostics.md](${helpUri})` },
      helpUri,
      defaultConfiguration: { level: LEVEL[first.severity] },
      properties: { tags: ["format"] },
    };
  }
  // a rule of a tool author's own rule set that the caller did not pass in `ruleSet`
  return {
    id,
    name: pascalCase(id),
    shortDescription: { text: id },
    fullDescription: { text: id },
    help: { text: id, markdown: id },
    defaultConfiguration: { level: LEVEL[first.severity] },
    properties: { tags: ["lint"] },
  };
}

/** SARIF regions are 1-based with an exclusive end column, as promtext's diagnostics are. */
function region(d: Diagnostic) {
  const startLine = Math.max(1, d.line);
  const startColumn = Math.max(1, d.column);
  const endLine = Math.max(startLine, d.endLine);
  const endColumn = endLine === startLine ? Math.max(startColumn, d.endColumn) : Math.max(1, d.endColumn);
  return { startLine, startColumn, endLine, endColumn };
}

/**
 * A SARIF 2.1.0 log (as GitHub code scanning accepts it): one run, the rules that occur in its
 * results (in order of first occurrence), one result per diagnostic, columns in UTF-16 code units.
 * Written result by result; the rules and artifacts, which come first, are gathered beforehand.
 */
export function* sarifLog(reports: readonly FileReport[], options: SarifOptions): Generator<string> {
  const cwd = options.cwd ?? process.cwd();
  const ruleSet = new Map((options.ruleSet ?? RULES).map((r) => [r.id, r]));

  const descriptors: Descriptor[] = [];
  const ruleIndex = new Map<string, number>();
  const artifacts: { location: { uri: string }; roles: ["analysisTarget"] }[] = [];
  const artifactIndex = new Map<string, number>();
  const located = reports.map(({ file, result }) => {
    const uri = artifactUri(file, cwd);
    let index = artifactIndex.get(uri);
    if (index === undefined) {
      index = artifacts.length;
      artifactIndex.set(uri, index);
      artifacts.push({ location: { uri }, roles: ["analysisTarget"] });
    }
    for (const d of result.diagnostics) {
      if (ruleIndex.has(d.code)) continue;
      ruleIndex.set(d.code, descriptors.length);
      descriptors.push(describe(d.code, d, ruleSet));
    }
    return { result, uri, index };
  });

  function* results(): Generator<unknown> {
    for (const { result, uri, index } of located) {
      for (const d of result.diagnostics) {
        yield {
          ruleId: d.code,
          ruleIndex: ruleIndex.get(d.code),
          level: LEVEL[d.severity],
          message: { text: d.message },
          locations: [{ physicalLocation: { artifactLocation: { uri, index }, region: region(d) } }],
          properties: {
            format: result.format,
            target: result.target,
            rejectedBy: [...d.rejectedBy],
            ...(d.hint !== undefined ? { hint: d.hint } : {}),
          },
        };
      }
    }
  }

  yield* jsonDocument(
    objectPieces({
      $schema: SARIF_SCHEMA,
      version: "2.1.0",
      runs: arrayPieces([
        objectPieces({
          tool: {
            driver: {
              name: "promtext",
              version: options.toolVersion,
              ...(/^\d+\.\d+\.\d+/.test(options.toolVersion) ? { semanticVersion: options.toolVersion } : {}),
              informationUri: REPOSITORY_URL,
              rules: descriptors,
            },
          },
          columnKind: "utf16CodeUnits",
          artifacts: arrayPieces(artifacts),
          results: arrayPieces(results()),
        }),
      ]),
    }),
  );
}

export function formatSarif(reports: readonly FileReport[], options: SarifOptions): string {
  return [...sarifLog(reports, options)].join("");
}
