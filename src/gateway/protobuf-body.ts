/**
 * A push body in the delimited protobuf format (Content-Type
 * `application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited`,
 * what client_golang's push package sends): length-prefixed MetricFamily messages, read as
 * matttproud/golang_protobuf_extensions' pbutil.ReadDelimited does. Only the classic fields are
 * decoded (native histogram fields and exemplars are skipped). Names are not validated here;
 * a later family of the same name replaces an earlier one.
 */
import { DTO_TYPES, type DtoBucket, type DtoFamily, type DtoHistogram, type DtoMetric, type DtoQuantile, type DtoSummary } from "./dto.js";
import { bytesToGoString, goStringToBytes } from "./go-text.js";

/** golang/protobuf 1.3's unmarshal errors (Debian's build; later versions word them differently). */
class WireError extends Error {}

const EOF = "unexpected EOF";

class Reader {
  pos = 0;
  constructor(
    readonly buf: Uint8Array,
    readonly end: number = buf.length,
  ) {}

  done(): boolean {
    return this.pos >= this.end;
  }

  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new WireError(EOF);
      const b = this.buf[this.pos++] as number;
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asUintN(64, result);
      shift += 7n;
    }
    throw new WireError(EOF);
  }

  double(): number {
    if (this.pos + 8 > this.end) throw new WireError(EOF);
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8).getFloat64(0, true);
    this.pos += 8;
    return v;
  }

  bytes(): Uint8Array {
    const n = this.varint();
    if (n > BigInt(this.end - this.pos)) throw new WireError(EOF);
    const out = this.buf.subarray(this.pos, this.pos + Number(n));
    this.pos += Number(n);
    return out;
  }

  /** Field number and wire type of the next key. */
  key(): [number, number] {
    const k = this.varint();
    return [Number(k >> 3n), Number(k & 7n)];
  }

  skip(wire: number): void {
    switch (wire) {
      case 0:
        this.varint();
        return;
      case 1:
        if (this.pos + 8 > this.end) throw new WireError(EOF);
        this.pos += 8;
        return;
      case 2:
        this.bytes();
        return;
      case 3: {
        // findEndGroup: the first unpaired end-group key, whatever its field
        let depth = 1;
        while (depth > 0) {
          if (this.done()) throw new WireError(EOF);
          const [, w] = this.key();
          if (w === 3) depth++;
          else if (w === 4) depth--;
          else if (w === 0 || w === 1 || w === 2 || w === 5) this.skip(w);
          else throw new WireError(EOF);
        }
        return;
      }
      case 5:
        if (this.pos + 4 > this.end) throw new WireError(EOF);
        this.pos += 4;
        return;
      default:
        throw new WireError(`proto: can't skip unknown wire type ${wire}`);
    }
  }
}

/**
 * Reads the fields of one message (`type`: its Go type, for messages); `on` returns false for
 * a field it does not take, which is skipped like an unknown field (so is a known field with
 * another wire type).
 */
function fields(type: string, bytes: Uint8Array, on: (field: number, wire: number, r: Reader) => boolean): void {
  const r = new Reader(bytes);
  while (!r.done()) {
    const [field, wire] = r.key();
    if (field === 0) throw new WireError(`proto: io_prometheus_client.${type}: illegal tag 0 (wire type ${wire})`);
    if (!on(field, wire, r)) r.skip(wire);
  }
}

function str(r: Reader): string {
  return bytesToGoString(r.bytes());
}

function valueMessage(type: string, bytes: Uint8Array, previous: number | undefined): number | undefined {
  let value = previous;
  fields(type, bytes, (f, w, r) => f === 1 && w === 1 && ((value = r.double()), true));
  return value;
}

function quantile(bytes: Uint8Array): DtoQuantile {
  const q: DtoQuantile = {};
  fields("Quantile", bytes, (f, w, r) => (f === 1 && w === 1 ? ((q.quantile = r.double()), true) : f === 2 && w === 1 ? ((q.value = r.double()), true) : false));
  return q;
}

function summary(bytes: Uint8Array, s: DtoSummary): DtoSummary {
  fields("Summary", bytes, (f, w, r) => {
    if (f === 1 && w === 0) s.sampleCount = r.varint();
    else if (f === 2 && w === 1) s.sampleSum = r.double();
    else if (f === 3 && w === 2) s.quantile.push(quantile(r.bytes()));
    else return false;
    return true;
  });
  return s;
}

function bucket(bytes: Uint8Array): DtoBucket {
  const b: DtoBucket = {};
  fields("Bucket", bytes, (f, w, r) => {
    if (f === 1 && w === 0) b.cumulativeCount = r.varint();
    else if (f === 4 && w === 1) b.cumulativeCountFloat = r.double();
    else if (f === 2 && w === 1) b.upperBound = r.double();
    else return false;
    return true;
  });
  return b;
}

function histogram(bytes: Uint8Array, h: DtoHistogram): DtoHistogram {
  fields("Histogram", bytes, (f, w, r) => {
    if (f === 1 && w === 0) h.sampleCount = r.varint();
    else if (f === 4 && w === 1) h.sampleCountFloat = r.double();
    else if (f === 2 && w === 1) h.sampleSum = r.double();
    else if (f === 3 && w === 2) h.bucket.push(bucket(r.bytes()));
    else return false;
    return true;
  });
  return h;
}

function metric(bytes: Uint8Array): DtoMetric {
  const m: DtoMetric = { label: [] };
  fields("Metric", bytes, (f, w, r) => {
    if (w === 2 && f === 1) {
      const label = { name: "", value: "" };
      fields("LabelPair", r.bytes(), (lf, lw, lr) => (lf === 1 && lw === 2 ? ((label.name = str(lr)), true) : lf === 2 && lw === 2 ? ((label.value = str(lr)), true) : false));
      m.label.push(label);
    } else if (w === 2 && f === 2) {
      const v = valueMessage("Gauge", r.bytes(), m.gauge);
      m.gauge = v ?? 0;
    } else if (w === 2 && f === 3) {
      const v = valueMessage("Counter", r.bytes(), m.counter);
      m.counter = v ?? 0;
    } else if (w === 2 && f === 4) m.summary = summary(r.bytes(), m.summary ?? { quantile: [] });
    else if (w === 2 && f === 5) {
      const v = valueMessage("Untyped", r.bytes(), m.untyped);
      m.untyped = v ?? 0;
    } else if (w === 2 && f === 7) m.histogram = histogram(r.bytes(), m.histogram ?? { bucket: [] });
    else if (w === 0 && f === 6) m.timestampMs = BigInt.asIntN(64, r.varint());
    else return false;
    return true;
  });
  return m;
}

function family(bytes: Uint8Array): DtoFamily {
  const mf: DtoFamily = { name: "", metric: [] };
  fields("MetricFamily", bytes, (f, w, r) => {
    if (f === 1 && w === 2) mf.name = str(r);
    else if (f === 2 && w === 2) mf.help = str(r);
    else if (f === 3 && w === 0) {
      const t = DTO_TYPES[Number(r.varint())];
      if (t !== undefined) mf.type = t;
    } else if (f === 4 && w === 2) mf.metric.push(metric(r.bytes()));
    else return false;
    return true;
  });
  return mf;
}

export type ProtobufBody = { families: DtoFamily[] } | { error: string };

/** The gateway's loop over pbutil.ReadDelimited: a clean end of input (even inside a length prefix) ends it without error. */
export function readProtobufBody(bytes: Uint8Array): ProtobufBody {
  const byName = new Map<string, DtoFamily>();
  let pos = 0;
  while (pos < bytes.length) {
    let length = 0n;
    let shift = 0n;
    let headerBytes = 0;
    for (;;) {
      if (headerBytes >= 5) return { error: "invalid varint32 encountered" };
      if (pos >= bytes.length) return { families: [...byName.values()] }; // io.EOF: the gateway takes it as the end
      const b = bytes[pos++] as number;
      headerBytes++;
      length |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if (b < 0x80) break;
    }
    const available = bytes.length - pos;
    if (length > BigInt(available)) return available === 0 ? { families: [...byName.values()] } : { error: "unexpected EOF" };
    const message = bytes.subarray(pos, pos + Number(length));
    pos += Number(length);
    try {
      const mf = family(message);
      byName.delete(mf.name);
      byName.set(mf.name, mf);
    } catch (error) {
      if (error instanceof WireError) return { error: error.message };
      throw error;
    }
  }
  return { families: [...byName.values()] };
}

// ------------------------------------------------------------------------ writing (for tests and push --dry-run)

function varint(v: bigint): number[] {
  const out: number[] = [];
  let x = BigInt.asUintN(64, v);
  while (x >= 0x80n) {
    out.push(Number(x & 0x7fn) | 0x80);
    x >>= 7n;
  }
  out.push(Number(x));
  return out;
}

function key(field: number, wire: number): number[] {
  return varint(BigInt((field << 3) | wire));
}

function lengthDelimited(field: number, body: number[]): number[] {
  return [...key(field, 2), ...varint(BigInt(body.length)), ...body];
}

function double(field: number, v: number): number[] {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, v, true);
  return [...key(field, 1), ...b];
}

function text(field: number, s: string): number[] {
  return lengthDelimited(field, [...goStringToBytes(s)]);
}

function encodeMetric(m: DtoMetric): number[] {
  const out: number[] = [];
  for (const l of m.label) out.push(...lengthDelimited(1, [...text(1, l.name), ...text(2, l.value)]));
  if (m.gauge !== undefined) out.push(...lengthDelimited(2, double(1, m.gauge)));
  if (m.counter !== undefined) out.push(...lengthDelimited(3, double(1, m.counter)));
  if (m.summary !== undefined) {
    const s = m.summary;
    const body: number[] = [];
    if (s.sampleCount !== undefined) body.push(...key(1, 0), ...varint(s.sampleCount));
    if (s.sampleSum !== undefined) body.push(...double(2, s.sampleSum));
    for (const q of s.quantile) body.push(...lengthDelimited(3, [...(q.quantile === undefined ? [] : double(1, q.quantile)), ...(q.value === undefined ? [] : double(2, q.value))]));
    out.push(...lengthDelimited(4, body));
  }
  if (m.untyped !== undefined) out.push(...lengthDelimited(5, double(1, m.untyped)));
  if (m.timestampMs !== undefined) out.push(...key(6, 0), ...varint(m.timestampMs));
  if (m.histogram !== undefined) {
    const h = m.histogram;
    const body: number[] = [];
    if (h.sampleCount !== undefined) body.push(...key(1, 0), ...varint(h.sampleCount));
    if (h.sampleSum !== undefined) body.push(...double(2, h.sampleSum));
    for (const b of h.bucket) {
      body.push(
        ...lengthDelimited(3, [
          ...(b.cumulativeCount === undefined ? [] : [...key(1, 0), ...varint(b.cumulativeCount)]),
          ...(b.upperBound === undefined ? [] : double(2, b.upperBound)),
          ...(b.cumulativeCountFloat === undefined ? [] : double(4, b.cumulativeCountFloat)),
        ]),
      );
    }
    if (h.sampleCountFloat !== undefined) body.push(...double(4, h.sampleCountFloat));
    out.push(...lengthDelimited(7, body));
  }
  return out;
}

/** Families as a delimited protobuf body (client_golang's push format). */
export function writeProtobufBody(families: readonly DtoFamily[]): Uint8Array {
  const out: number[] = [];
  for (const f of families) {
    const body: number[] = [...text(1, f.name)];
    if (f.help !== undefined) body.push(...text(2, f.help));
    if (f.type !== undefined) body.push(...key(3, 0), ...varint(BigInt(DTO_TYPES.indexOf(f.type))));
    for (const m of f.metric) body.push(...lengthDelimited(4, encodeMetric(m)));
    out.push(...varint(BigInt(body.length)), ...body);
  }
  return Uint8Array.from(out);
}
