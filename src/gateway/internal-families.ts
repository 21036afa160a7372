/**
 * The Pushgateway's own metric families (1.5.1 as packaged by Debian: Go 1.19, client_golang
 * 1.14, common 0.39; read from a running gateway). They come first in every Gather, so a
 * pushed family of the same name must have their TYPE, and — for the families created later —
 * their HELP. Their series never carry a `job` label, so they are never duplicates of pushed
 * series; promtext does not model their values.
 */
import type { DtoType } from "./dto.js";

export interface InternalFamily {
  name: string;
  type: DtoType;
  help: string;
  /**
   * When the family first has a series and so appears in a Gather: `startup` (in the store's
   * predefined HELP table: a pushed family of that name gets this HELP), `request` (the HTTP
   * counter: after the first request other than a scrape), `push` (the push summaries: after
   * the first request that reaches the push handler).
   */
  from: "startup" | "request" | "push";
}

function startup(name: string, type: DtoType, help: string): InternalFamily {
  return { name, type, help, from: "startup" };
}

export const INTERNAL_FAMILIES_1_5_1: readonly InternalFamily[] = [
  startup("go_gc_duration_seconds", "SUMMARY", "A summary of the pause duration of garbage collection cycles."),
  startup("go_goroutines", "GAUGE", "Number of goroutines that currently exist."),
  startup("go_info", "GAUGE", "Information about the Go environment."),
  startup("go_memstats_alloc_bytes", "GAUGE", "Number of bytes allocated and still in use."),
  startup("go_memstats_alloc_bytes_total", "COUNTER", "Total number of bytes allocated, even if freed."),
  startup("go_memstats_buck_hash_sys_bytes", "GAUGE", "Number of bytes used by the profiling bucket hash table."),
  startup("go_memstats_frees_total", "COUNTER", "Total number of frees."),
  startup("go_memstats_gc_sys_bytes", "GAUGE", "Number of bytes used for garbage collection system metadata."),
  startup("go_memstats_heap_alloc_bytes", "GAUGE", "Number of heap bytes allocated and still in use."),
  startup("go_memstats_heap_idle_bytes", "GAUGE", "Number of heap bytes waiting to be used."),
  startup("go_memstats_heap_inuse_bytes", "GAUGE", "Number of heap bytes that are in use."),
  startup("go_memstats_heap_objects", "GAUGE", "Number of allocated objects."),
  startup("go_memstats_heap_released_bytes", "GAUGE", "Number of heap bytes released to OS."),
  startup("go_memstats_heap_sys_bytes", "GAUGE", "Number of heap bytes obtained from system."),
  startup("go_memstats_last_gc_time_seconds", "GAUGE", "Number of seconds since 1970 of last garbage collection."),
  startup("go_memstats_lookups_total", "COUNTER", "Total number of pointer lookups."),
  startup("go_memstats_mallocs_total", "COUNTER", "Total number of mallocs."),
  startup("go_memstats_mcache_inuse_bytes", "GAUGE", "Number of bytes in use by mcache structures."),
  startup("go_memstats_mcache_sys_bytes", "GAUGE", "Number of bytes used for mcache structures obtained from system."),
  startup("go_memstats_mspan_inuse_bytes", "GAUGE", "Number of bytes in use by mspan structures."),
  startup("go_memstats_mspan_sys_bytes", "GAUGE", "Number of bytes used for mspan structures obtained from system."),
  startup("go_memstats_next_gc_bytes", "GAUGE", "Number of heap bytes when next garbage collection will take place."),
  startup("go_memstats_other_sys_bytes", "GAUGE", "Number of bytes used for other system allocations."),
  startup("go_memstats_stack_inuse_bytes", "GAUGE", "Number of bytes in use by the stack allocator."),
  startup("go_memstats_stack_sys_bytes", "GAUGE", "Number of bytes obtained from system for stack allocator."),
  startup("go_memstats_sys_bytes", "GAUGE", "Number of bytes obtained from system."),
  startup("go_threads", "GAUGE", "Number of OS threads created."),
  startup("process_cpu_seconds_total", "COUNTER", "Total user and system CPU time spent in seconds."),
  startup("process_max_fds", "GAUGE", "Maximum number of open file descriptors."),
  startup("process_open_fds", "GAUGE", "Number of open file descriptors."),
  startup("process_resident_memory_bytes", "GAUGE", "Resident memory size in bytes."),
  startup("process_start_time_seconds", "GAUGE", "Start time of the process since unix epoch in seconds."),
  startup("process_virtual_memory_bytes", "GAUGE", "Virtual memory size in bytes."),
  startup("process_virtual_memory_max_bytes", "GAUGE", "Maximum amount of virtual memory available in bytes."),
  startup(
    "pushgateway_build_info",
    "GAUGE",
    "A metric with a constant '1' value labeled by version, revision, branch, goversion from which pushgateway was built, and the goos and goarch for the build.",
  ),
  { name: "pushgateway_http_push_duration_seconds", type: "SUMMARY", help: "HTTP request duration for pushes to the Pushgateway.", from: "push" },
  { name: "pushgateway_http_push_size_bytes", type: "SUMMARY", help: "HTTP request size for pushes to the Pushgateway.", from: "push" },
  { name: "pushgateway_http_requests_total", type: "COUNTER", help: "Total HTTP requests processed by the Pushgateway, excluding scrapes.", from: "request" },
];

/** Which of the lazily created families exist yet. */
export interface InternalActivity {
  /** Any request other than a scrape was answered by a handler (replay.py's and Kubernetes' readiness probes count). */
  requestSeen: boolean;
  /** A PUT or POST reached the push handler (even one it refused). */
  pushSeen: boolean;
}

/** The internal families a Gather returns now, in name order. */
export function presentInternalFamilies(table: readonly InternalFamily[], activity: InternalActivity): InternalFamily[] {
  return table.filter((f) => f.from === "startup" || (f.from === "request" && activity.requestSeen) || (f.from === "push" && activity.pushSeen));
}

/** The store's predefined HELP table: the families present when it was created. */
export function predefinedHelp(table: readonly InternalFamily[]): ReadonlyMap<string, string> {
  return new Map(table.filter((f) => f.from === "startup").map((f) => [f.name, f.help]));
}
