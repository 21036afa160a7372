import { parseFloatGo } from "../../parser/values.js";
import type { MetricFamily, Sample } from "../../model/types.js";
import type { FormatCheckContext } from "./context.js";
import { labelValue, memoized, pointsOf } from "./points.js";

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
    for (const point of pointsOf(metric)) {
      let previousLe = -Infinity;
      let previousCount = -Infinity;
      let infBucket: Sample | undefined;
      let count: Sample | undefined;
      let sum: Sample | undefined;
      let buckets = 0;
      let negativeBucket = false;
      let orderReported = false;
      let cumulativeReported = false;
      for (const s of point) {
        if (s.name !== bucketName) {
          const le = labelValue(s.labels, "le");
          if (le !== undefined && typeof bound(le) !== "number") r.report("invalid-le", s.offset, s.name.length, `le=${JSON.stringify(le)} is not a number`);
        }
        if (s.name === countName) count = s;
        else if (s.name === sumName) sum = s;
        if ((s.name === countName || s.name === bucketName) && s.value < 0) {
          r.report("histogram-negative-count", s.offset, s.name.length, `negative ${s.name === countName ? "count" : "bucket population"} ${s.valueText} in histogram \`${family.name}\``);
        } else if (openMetrics && (s.name === countName || s.name === bucketName) && !Number.isInteger(s.value)) {
          r.report("histogram-non-integer-count", s.offset, s.name.length, `${s.name === countName ? "count" : "bucket"} ${s.valueText} is not an integer`);
        }
        if (s.name !== bucketName) continue;
        buckets++;
        const leText = labelValue(s.labels, "le");
        if (leText === undefined) {
          r.report("histogram-le-missing", s.offset, s.name.length, `bucket of \`${family.name}\` without an \`le\` label`);
          continue;
        }
        const le = bound(leText);
        if (typeof le !== "number") {
          r.report("invalid-le", s.offset, s.name.length, `le=${JSON.stringify(leText)} is not a number`);
          continue;
        }
        if (Number.isNaN(le)) {
          r.report("histogram-le-missing", s.offset, s.name.length, `le="NaN" is no bucket bound`);
          continue;
        }
        if (openMetrics && le === Infinity && leText !== "+Inf") {
          r.report("om-le-not-canonical", s.offset, s.name.length, `le=${JSON.stringify(leText)}: OpenMetrics writes the infinite bucket as "+Inf"`);
        }
        if (le < 0) negativeBucket = true;
        if (le <= previousLe && !orderReported) {
          orderReported = true;
          r.report("histogram-bucket-order", s.offset, s.name.length, `bucket le=${JSON.stringify(leText)} of \`${family.name}\` is not above the bucket before it`);
        }
        if (s.value < previousCount && !cumulativeReported) {
          cumulativeReported = true;
          r.report("histogram-not-cumulative", s.offset, s.name.length, `bucket le=${JSON.stringify(leText)} counts ${s.valueText}, less than the bucket below it (${previousCount}); buckets are cumulative`);
        }
        previousLe = Math.max(previousLe, le);
        previousCount = Math.max(previousCount, s.value);
        if (le === Infinity) infBucket = s;
      }
      const at = point[0] as Sample;
      if (openMetrics && buckets === 0) {
        r.report("histogram-missing-buckets", at.offset, at.name.length, `histogram \`${family.name}\` has no buckets`);
        continue;
      }
      if (infBucket === undefined && buckets > 0) {
        r.report("histogram-missing-inf-bucket", at.offset, at.name.length, `histogram \`${family.name}\` has no le="+Inf" bucket`);
      }
      if (infBucket !== undefined && count !== undefined && count.value !== infBucket.value) {
        r.report("histogram-count-mismatch", count.offset, count.name.length, `${count.name} is ${count.valueText} but the le="+Inf" bucket is ${infBucket.valueText}`);
      }
      if (openMetrics && (count === undefined) !== (sum === undefined)) {
        const present = (count ?? sum) as Sample;
        r.report("histogram-count-sum-pairing", present.offset, present.name.length, `${present.name} without ${count ? sumName : countName}`);
      }
      if (openMetrics && sum !== undefined && negativeBucket && !gauge) {
        r.report("histogram-sum-with-negative-bucket", sum.offset, sum.name.length, "a histogram with negative buckets must not expose _sum");
      }
      if (gauge && sum !== undefined && sum.value < 0 && !negativeBucket) {
        r.report("histogram-sum-with-negative-bucket", sum.offset, sum.name.length, `${sum.name} is negative, but no bucket is`);
      }
    }
  }
}
