// Telegram's `parse_mode: HTML` as the Bot API applies it (https://core.telegram.org/bots/api#html-style):
// only its own tags, properly nested; `<`, `>` and `&` in text escaped as &lt; &gt; &amp; (and &quot;
// or numeric references); anything else is "Bad Request: can't parse entities: …". The message
// limit of 4,096 characters counts the text that remains once the markup is gone.

const TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'code', 'pre', 'blockquote', 'tg-emoji']);
const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"' };

export type Parsed = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: string };

const refuse = (why: string, at: number): Parsed => ({ ok: false, error: `Bad Request: can't parse entities: ${why} at byte offset ${at}` });

/** The visible text of an HTML-formatted message, or Telegram's refusal. */
export function parseHtml(source: string): Parsed {
  let text = '';
  const open: string[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (c === '<') {
      const end = source.indexOf('>', i);
      if (end < 0) return refuse('Unclosed start tag', i);
      const inner = source.slice(i + 1, end);
      const closing = inner.startsWith('/');
      const name = (closing ? inner.slice(1) : inner).trim().split(/\s/)[0]?.toLowerCase() ?? '';
      if (!TAGS.has(name)) return refuse(`Unsupported start tag "${name}"`, i);
      if (closing) {
        if (open.pop() !== name) return refuse(`Unmatched end tag "${name}"`, i);
      } else {
        if (name === 'span' && !/class\s*=\s*"tg-spoiler"/.test(inner)) return refuse('Tag "span" must have class "tg-spoiler"', i);
        if (name === 'a' && !/href\s*=\s*"[^"]*"/.test(inner)) return refuse('Tag "a" must have attribute "href"', i);
        open.push(name);
      }
      i = end + 1;
      continue;
    }
    if (c === '>') return refuse('Character ">" must be escaped', i);
    if (c === '&') {
      const entity = /^&(#x[0-9a-f]+|#\d+|[a-z]+);/i.exec(source.slice(i));
      if (!entity?.[1]) return refuse('Character "&" must be escaped', i);
      const name = entity[1];
      const decoded = name.startsWith('#x') ? String.fromCodePoint(parseInt(name.slice(2), 16)) : name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : NAMED[name.toLowerCase()];
      if (decoded === undefined) return refuse(`Unsupported HTML entity "&${name};"`, i);
      text += decoded;
      i += entity[0].length;
      continue;
    }
    text += c;
    i += 1;
  }
  if (open.length) return refuse(`Can't find end tag corresponding to start tag "${open.at(-1)}"`, source.length);
  return { ok: true, text };
}
