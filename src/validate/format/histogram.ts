import { parseFloatGo } from "../../parser/values.js";
import { sampleView } from "../../model/series-node.js";
import type { MetricFamily } from "../../model/types.js";
import type { FormatCheckContext } from "./context.js";
import { memoized, pointsOf } from "./points.js";

/**
 * Histogram and gauge histogram structure: `le` parses, buckets rise and are cumulative, the
 * `+Inf` bucket exists and equals `_count`; OpenMetrics adds integer counts and the
 * `_count`/`_sum` pairing.
 */
export function checkHistogram(family: MetricFamily, { reporter: r, openMetrics }: FormatCheckContext): void {
  if (family.type !== "histogram" && family.type !== "gaugehistogram") return;
  const gauge = family.type === "gaugehistogram" && openMetrics;
  const bucketName = `${family.name}_bucket`;
  const countName = `${family.name}${gauge ? "_gcount" : "_count"}`;
  const sumName = `${family.name}${gauge ? "_gsum" : "_sum"}`;
  const bound = memoized(parseFloatGo);
  for (const metric of family.metrics) {
    const v = sampleView(metric);
    for (const point of pointsOf(v)) {
      let previousLe = -Infinity;
      let previousCount = -Infinity;
      // sample indexes, -1 for none
      let infBucket = -1;
      let count = -1;
      let sum = -1;
      let buckets = 0;
      let negativeBucket = false;
      let orderReported = false;
      let cumulativeReported = false;
      for (const i of point) {
        const name = v.nameAt(i);
        const value = v.valueAt(i);
        const offset = v.offsetAt(i);
        if (name !== bucketName) {
          const le = v.labelAt(i, "le");
          if (le !== undefined && typeof bound(le) !== "number") r.report("invalid-le", offset, name.length, `le=${JSON.stringify(le)} is not a number`);
        }
        if (name === countName) count = i;
        else if (name === sumName) sum = i;
        if ((name === countName || name === bucketName) && value < 0) {
          r.report("histogram-negative-count", offset, name.length, `negative ${name === countName ? "count" : "bucket population"} ${v.valueTextAt(i)} in histogram \`${family.name}\``);
        } else if (openMetrics && (name === countName || name === bucketName) && !Number.isInteger(value)) {
          r.report("histogram-non-integer-count", offset, name.length, `${name === countName ? "count" : "bucket"} ${v.valueTextAt(i)} is not an integer`);
        }
        if (name !== bucketName) continue;
        buckets++;
        const leText = v.labelAt(i, "le");
        if (leText === undefined) {
          r.report("histogram-le-missing", offset, name.length, `bucket of \`${family.name}\` without an \`le\` label`);
          continue;
        }
        const le = bound(leText);
        if (typeof le !== "number") {
          r.report("invalid-le", offset, name.length, `le=${JSON.stringify(leText)} is not a number`);
          continue;
        }
        if (Number.isNaN(le)) {
          r.report("histogram-le-missing", offset, name.length, `le="NaN" is no bucket bound`);
          continue;
        }
        if (openMetrics && le === Infinity && leText !== "+Inf") {
          r.report("om-le-not-canonical", offset, name.length, `le=${JSON.stringify(leText)}: OpenMetrics writes the infinite bucket as "+Inf"`);
        }
        if (le < 0) negativeBucket = true;
        if (le <= previousLe && !orderReported) {
          orderReported = true;
          r.report("histogram-bucket-order", offset, name.length, `bucket le=${JSON.stringify(leText)} of \`${family.name}\` is not above the bucket before it`);
        }
        if (value < previousCount && !cumulativeReported) {
          cumulativeReported = true;
          r.report("histogram-not-cumulative", offset, name.length, `bucket le=${JSON.stringify(leText)} counts ${v.valueTextAt(i)}, less than the bucket below it (${previousCount}); buckets are cumulative`);
        }
        previousLe = Math.max(previousLe, le);
        previousCount = Math.max(previousCount, value);
        if (le === Infinity) infBucket = i;
      }
      const at = point[0] as number;
      if (openMetrics && buckets === 0) {
        r.report("histogram-missing-buckets", v.offsetAt(at), v.nameAt(at).length, `histogram \`${family.name}\` has no buckets`);
        continue;
      }
      if (infBucket === -1 && buckets > 0) {
        r.report("histogram-missing-inf-bucket", v.offsetAt(at), v.nameAt(at).length, `histogram \`${family.name}\` has no le="+Inf" bucket`);
      }
      if (infBucket !== -1 && count !== -1 && v.valueAt(count) !== v.valueAt(infBucket)) {
        r.report("histogram-count-mismatch", v.offsetAt(count), v.nameAt(count).length, `${v.nameAt(count)} is ${v.valueTextAt(count)} but the le="+Inf" bucket is ${v.valueTextAt(infBucket)}`);
      }
      if (openMetrics && (count === -1) !== (sum === -1)) {
        const present = count !== -1 ? count : sum;
        r.report("histogram-count-sum-pairing", v.offsetAt(present), v.nameAt(present).length, `${v.nameAt(present)} without ${count !== -1 ? sumName : countName}`);
      }
      if (openMetrics && sum !== -1 && negativeBucket && !gauge) {
        r.report("histogram-sum-with-negative-bucket", v.offsetAt(sum), v.nameAt(sum).length, "a histogram with negative buckets must not expose _sum");
      }
      if (gauge && sum !== -1 && v.valueAt(sum) < 0 && !negativeBucket) {
        r.report("histogram-sum-with-negative-bucket", v.offsetAt(sum), v.nameAt(sum).length, `${v.nameAt(sum)} is negative, but no bucket is`);
      }
    }
  }
}
