// Deterministic node-exporter-like payloads for the benchmarks and the large-input tests.
import { createWriteStream } from "node:fs";
import { once } from "node:events";

function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MODES = ["idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"];
const FSTYPES = ["ext4", "xfs", "tmpfs", "overlay"];
const METHODS = ["GET", "POST", "PUT", "DELETE"];
const CODES = ["200", "201", "304", "400", "404", "500"];
const BUCKETS = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10"];
const QUANTILES = ["0", "0.25", "0.5", "0.75", "1"];

/** A payload whose label cardinality grows with `scale`; each family appears once, HELP and TYPE first. */
export function generate(scale) {
  const rnd = mulberry32(0x5eed);
  const float = (max) => String(Math.round(rnd() * max * 100) / 100);
  const int = (max) => String(Math.floor(rnd() * max));
  const out = [];
  const family = (name, type, help, lines) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    lines();
  };
  const cpus = 8 * scale;
  const devices = Array.from({ length: 2 * scale }, (_, i) => (i % 2 === 0 ? `sd${String.fromCharCode(97 + ((i / 2) % 26))}${Math.floor(i / 52) || ""}` : `nvme${i}n1`));
  const interfaces = Array.from({ length: 2 * scale }, (_, i) => (i === 0 ? "lo" : `eth${i - 1}`));
  const mounts = Array.from({ length: 2 * scale }, (_, i) => (i === 0 ? "/" : `/srv/volume${i}`));
  const handlers = Array.from({ length: Math.max(1, Math.round(scale / 8)) }, (_, i) => `/api/v1/resource${i}`);

  family("node_cpu_seconds_total", "counter", "Seconds the CPUs spent in each mode.", () => {
    for (let cpu = 0; cpu < cpus; cpu++) for (const mode of MODES) out.push(`node_cpu_seconds_total{cpu="${cpu}",mode="${mode}"} ${float(1e6)}`);
  });
  family("node_cpu_guest_seconds_total", "counter", "Seconds the CPUs spent in guests (VMs) for each mode.", () => {
    for (let cpu = 0; cpu < cpus; cpu++) for (const mode of ["nice", "user"]) out.push(`node_cpu_guest_seconds_total{cpu="${cpu}",mode="${mode}"} ${float(100)}`);
  });
  for (const [name, help] of [
    ["node_disk_read_bytes_total", "The total number of bytes read successfully."],
    ["node_disk_written_bytes_total", "The total number of bytes written successfully."],
    ["node_disk_io_time_seconds_total", "Total seconds spent doing I/Os."],
    ["node_disk_reads_completed_total", "The total number of reads completed successfully."],
  ]) {
    family(name, "counter", help, () => {
      for (const device of devices) out.push(`${name}{device="${device}"} ${int(1e12)}`);
    });
  }
  for (const [name, help] of [
    ["node_network_receive_bytes_total", "Network device statistic receive_bytes."],
    ["node_network_transmit_bytes_total", "Network device statistic transmit_bytes."],
    ["node_network_receive_errs_total", "Network device statistic receive_errs."],
  ]) {
    family(name, "counter", help, () => {
      for (const device of interfaces) out.push(`${name}{device="${device}"} ${int(1e11)}`);
    });
  }
  for (const [name, help] of [
    ["node_filesystem_avail_bytes", "Filesystem space available to non-root users in bytes."],
    ["node_filesystem_size_bytes", "Filesystem size in bytes."],
    ["node_filesystem_files_free", "Filesystem total free file nodes."],
  ]) {
    family(name, "gauge", help, () => {
      mounts.forEach((mountpoint, i) => {
        const fstype = FSTYPES[i % FSTYPES.length];
        out.push(`${name}{device="${devices[i % devices.length]}",fstype="${fstype}",mountpoint="${mountpoint}"} ${int(1e12)}`);
      });
    });
  }
  for (const name of ["MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached", "SwapTotal", "SwapFree", "Dirty"]) {
    family(`node_memory_${name}_bytes`, "gauge", `Memory information field ${name}_bytes.`, () => out.push(`node_memory_${name}_bytes ${rnd() < 0.5 ? int(1e10) : `${(rnd() * 9 + 1).toFixed(6)}e+09`}`));
  }
  family("node_load1", "gauge", "1m load average.", () => out.push(`node_load1 ${float(10)}`));
  family("http_request_duration_seconds", "histogram", "A histogram of the request duration.", () => {
    for (const handler of handlers) {
      for (const method of METHODS) {
        for (const code of CODES) {
          const labels = `handler="${handler}",method="${method}",code="${code}"`;
          let count = 0;
          for (const le of BUCKETS) {
            count += Math.floor(rnd() * 1000);
            out.push(`http_request_duration_seconds_bucket{${labels},le="${le}"} ${count}`);
          }
          count += Math.floor(rnd() * 100);
          out.push(`http_request_duration_seconds_bucket{${labels},le="+Inf"} ${count}`);
          out.push(`http_request_duration_seconds_sum{${labels}} ${(count * rnd()).toFixed(3)}`);
          out.push(`http_request_duration_seconds_count{${labels}} ${count}`);
        }
      }
    }
  });
  family("rpc_duration_seconds", "summary", "A summary of the RPC duration in seconds.", () => {
    for (const handler of handlers) {
      for (const service of ["auth", "billing", "search"]) {
        const labels = `service="${service}",handler="${handler}"`;
        for (const q of QUANTILES) out.push(`rpc_duration_seconds{${labels},quantile="${q}"} ${(rnd() * 0.1).toExponential(6)}`);
        out.push(`rpc_duration_seconds_sum{${labels}} ${float(1e4)}`, `rpc_duration_seconds_count{${labels}} ${int(1e6)}`);
      }
    }
  });
  family("go_gc_duration_seconds", "summary", "A summary of the pause duration of garbage collection cycles.", () => {
    for (const q of QUANTILES) out.push(`go_gc_duration_seconds{quantile="${q}"} ${(rnd() * 0.001).toExponential(6)}`);
    out.push(`go_gc_duration_seconds_sum ${float(10)}`, `go_gc_duration_seconds_count ${int(1e5)}`);
  });
  family("node_exporter_build_info", "gauge", "A metric with a constant '1' value labeled by version, revision, branch, and goversion.", () =>
    out.push('node_exporter_build_info{branch="HEAD",goversion="go1.19.8",revision="1.5.0",version="1.5.0"} 1'),
  );
  return `${out.join("\n")}\n`;
}


/**
 * Writes a payload of about `bytes` bytes to `file` without holding it: blocks of the
 * generated payload at `scale`, each block's family names prefixed (`b17_node_load1`) so that
 * every family appears once. Returns the bytes written.
 */
export async function writeLargePayload(file, bytes, scale = 8) {
  const block = generate(scale);
  const out = createWriteStream(file);
  let written = 0;
  for (let k = 0; written < bytes; k++) {
    const text = block.replace(/^(# (?:HELP|TYPE) )?(?=[a-z])/gm, `$1b${k}_`);
    written += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return written;
}
