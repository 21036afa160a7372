/** `scheme://userinfo@`: the credentials part of a URL (the last `@` before the path ends it). */
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@/i;

/**
 * A URL as promtext shows it, in reports, errors and prompts: as given, but with the password of
 * `user:password@` as `***` (a lone user name, often a token, is `***` too). Other text is unchanged.
 */
export function displayUrl(url: string): string {
  return url.replace(USERINFO, (_, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(":");
    return `${scheme}${colon === -1 ? "***" : `${userinfo.slice(0, colon)}:***`}@`;
  });
}

/**
 * A URL to request: without its `user:password@` (fetch refuses such URLs), which becomes a
 * Basic Authorization header, as Go's HTTP client sends it.
 */
export function withoutCredentials(url: string): { url: string; authorization: string | undefined } {
  const m = USERINFO.exec(url);
  if (!m) return { url, authorization: undefined };
  const userinfo = m[2] ?? "";
  const colon = userinfo.indexOf(":");
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const credentials = colon === -1 ? `${decode(userinfo)}:` : `${decode(userinfo.slice(0, colon))}:${decode(userinfo.slice(colon + 1))}`;
  return { url: url.replace(USERINFO, "$1"), authorization: `Basic ${Buffer.from(credentials).toString("base64")}` };
}
