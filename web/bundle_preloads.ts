/**
 * Lets the browser fetch the bundle's shared chunks beside the entry rather
 * than after it: `deno bundle --code-splitting` leaves the entry starting
 * with static imports of shared chunks, which the browser discovers only
 * once the entry is in and parsed (one more round trip before the app can
 * start). The shell is served with a `<link rel="modulepreload">` for each.
 *
 * @module
 */

/** The files the entry bundle imports statically (`./name-HASH.js`), in order. */
export function entryImports(js: string): string[] {
  // esbuild writes every static import first, one statement each, before any other code.
  const statement = /\s*import\s*(?:[^"';]*?\bfrom\s*)?"\.\/([\w-]+\.js)";?/y;
  const out: string[] = [];
  for (let m = statement.exec(js); m; m = statement.exec(js)) out.push(m[1]);
  return out;
}

/** `html` with a modulepreload link for each of `files` just before its module script. */
export function withPreloads(html: string, files: readonly string[]): string {
  if (files.length === 0) return html;
  const at = html.indexOf('<script type="module"');
  if (at < 0) return html;
  const links = files.map((f) => `<link rel="modulepreload" href="/${f}">\n    `).join("");
  return html.slice(0, at) + links + html.slice(at);
}
