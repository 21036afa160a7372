// Time of parse() on hostile inputs at doubling sizes (npm run bench:linearity): each ratio t(2n)/t(n)
// should stay near 2 (linear); 4 would be quadratic. Inputs: long quoted strings and runs of
// backslashes through the grammar (lines the fast path rejects), many labels on one series (a
// duplicate-label check), many families, and a long single line. Medians of 5 runs, after a warm-up.
import { parse } from "../dist/index.js";

const CASES = {
  "quoted string, grammar path": (n) => `a{x="${"v".repeat(n)}"} 1 2 3\n`,
  "unterminated quoted string": (n) => `a{x="${"v".repeat(n)}\n`,
  "backslashes": (n) => `a{x="${"\\\\".repeat(n / 2)}"} 1 2 3\n`,
  "labels on one series": (n) => `a{${Array.from({ length: n / 10 }, (_, i) => `l${i}="v"`).join(",")}} 1\n`,
  "repeated label names": (n) => `a{${Array.from({ length: n / 10 }, (_, i) => `l${i % 100}="v"`).join(",")}} 1\n`,
  "families": (n) => `${Array.from({ length: n / 10 }, (_, i) => `f${i} 1`).join("\n")}\n`,
  "one long value": (n) => `a ${"1".repeat(n)}\n`,
};
const SIZES = [1_000_000, 2_000_000, 4_000_000, 8_000_000];

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

console.log(`${"input".padEnd(30)} ${SIZES.map((n) => `${(n / 1e6).toFixed(0)}M chars`.padStart(12)).join("")}   ratios t(2n)/t(n)`);
for (const [name, make] of Object.entries(CASES)) {
  const times = [];
  for (const n of SIZES) {
    const text = make(n);
    parse(text);
    const runs = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      parse(text);
      runs.push(performance.now() - t);
    }
    times.push(median(runs));
  }
  const ratios = times.slice(1).map((t, i) => (t / times[i]).toFixed(2));
  console.log(`${name.padEnd(30)} ${times.map((t) => `${t.toFixed(1)} ms`.padStart(12)).join("")}   ${ratios.join(", ")}`);
}
