/**
 * A Node built-in module when the library runs on Node (`process.getBuiltinModule`, Node ≥ 20.16),
 * else undefined. The library's modules import no `node:` module, so that a browser bundle of
 * them resolves; what needs Node (loading chevrotain lazily, gzip) asks for it here at run time.
 */
export function nodeBuiltin<T>(id: string): T | undefined {
  const host = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return host?.getBuiltinModule?.(id) as T | undefined;
}
