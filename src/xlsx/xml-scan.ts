/*
 * A small streaming XML scanner for the parts of an .xlsx: text is fed in pieces as it is
 * inflated, and the scanner reports start tags, end tags and text to a handler as soon as
 * they are whole, so a 200 MB sheet is read without holding it. It knows what OOXML parts
 * use (elements, attributes in either quote, the five predefined entities and character
 * references, comments, CDATA, the XML declaration) and nothing more: no DTD and no entity
 * of its own is ever expanded (so an "entity bomb" stays inert text). Namespace prefixes
 * are dropped from element names (`x:c` is `c`), as some writers prefix every element.
 */

/** What the scanner reports. */
export interface XmlHandler {
  /**
   * A start tag (or an empty-element tag, `selfClosing`): its local name and the raw text
   * between `<` and `>`, to read attributes from with {@link attribute}.
   */
  open(name: string, tag: string, selfClosing: boolean): void;
  /** An end tag (and, after `open(…, true)`, the end of an empty element). */
  close(name: string): void;
  /** Text between tags, entities decoded (may come in several pieces). */
  text(text: string): void;
}

/**
 * The most text the scanner keeps waiting for a token to end (an unfinished tag or a text
 * node): far above what a cell holds (32,767 characters), so only a damaged part reaches it.
 */
export const MAX_PENDING = 4 * 1024 * 1024;

const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/**
 * Text with XML's predefined entities and character references decoded; anything else
 * after `&` is kept as it is.
 * @example decodeEntities("a &lt; b &amp;&#x4E2D;") // "a < b &中"
 */
export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, body: string) => {
    if (body[0] !== "#") return NAMED[body] ?? whole;
    const code = body[1] === "x" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * One attribute of a tag as {@link XmlHandler.open} reports it, decoded; undefined when
 * absent. A prefixed name is matched as written (`r:id`).
 * @example attribute('c r="B2" t="s"', "t") // "s"
 */
export function attribute(tag: string, name: string): string | undefined {
  const n = tag.length;
  let i = 0;
  while (i < n && !isSpace(tag.charCodeAt(i))) i++; // the element's name
  while (i < n) {
    while (i < n && isSpace(tag.charCodeAt(i))) i++;
    const start = i;
    while (i < n && tag[i] !== "=" && !isSpace(tag.charCodeAt(i))) i++;
    const key = tag.slice(start, i);
    while (i < n && isSpace(tag.charCodeAt(i))) i++;
    if (tag[i] !== "=") {
      if (i === start) i++; // not an attribute at all: step over the character
      continue;
    }
    i++;
    while (i < n && isSpace(tag.charCodeAt(i))) i++;
    const quote = tag[i];
    if (quote !== '"' && quote !== "'") return undefined;
    const end = tag.indexOf(quote, i + 1);
    if (end < 0) return undefined;
    if (key === name) return decodeEntities(tag.slice(i + 1, end));
    i = end + 1;
  }
  return undefined;
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/** The end of the tag starting at `start` (the index of its `>`), or -1 when not yet fed. */
function tagEnd(buffer: string, start: number): number {
  let gt = buffer.indexOf(">", start + 1);
  if (gt < 0) return -1;
  // Usual case: no quote before the ">" or balanced double quotes only.
  const segment = buffer.slice(start, gt);
  if (!segment.includes("'") && countOf(segment, '"') % 2 === 0) return gt;
  // A ">" inside a quoted attribute value: walk the tag quote by quote.
  let quote = 0;
  for (let i = start + 1; i < buffer.length; i++) {
    const c = buffer.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return i;
  }
  gt = -1;
  return gt;
}

function countOf(text: string, ch: string): number {
  let n = 0;
  for (let i = text.indexOf(ch); i >= 0; i = text.indexOf(ch, i + 1)) n++;
  return n;
}

function localName(raw: string): string {
  const colon = raw.indexOf(":");
  return colon < 0 ? raw : raw.slice(colon + 1);
}

/**
 * Feeds XML text in pieces to a handler.
 *
 * @example
 * const scanner = new XmlScanner({ open: (n) => console.log(n), close() {}, text() {} });
 * scanner.feed("<row><c r="); scanner.feed('"A1"/></row>'); scanner.end(); // logs "row", "c"
 */
export class XmlScanner {
  private buffer = "";

  constructor(private readonly handler: XmlHandler) {}

  /**
   * Reads as much of `piece` (after what was left over) as forms whole tokens.
   * @throws Error (name "XmlTokenTooLong") when more than {@link MAX_PENDING} characters wait
   */
  feed(piece: string): void {
    const buffer = this.buffer.length > 0 ? this.buffer + piece : piece;
    const h = this.handler;
    let pos = 0;
    const n = buffer.length;
    while (pos < n) {
      const lt = buffer.indexOf("<", pos);
      if (lt < 0) break; // text to the end: keep it (an entity may be cut in two)
      if (lt > pos) h.text(decodeEntities(buffer.slice(pos, lt)));
      pos = lt;
      const next = buffer.charCodeAt(lt + 1);
      if (next === 33 /* ! */) {
        if (buffer.startsWith("<!--", lt)) {
          const end = buffer.indexOf("-->", lt + 4);
          if (end < 0) break;
          pos = end + 3;
          continue;
        }
        if (buffer.startsWith("<![CDATA[", lt)) {
          const end = buffer.indexOf("]]>", lt + 9);
          if (end < 0) break;
          h.text(buffer.slice(lt + 9, end));
          pos = end + 3;
          continue;
        }
        if (lt + 9 > n) break; // not enough to tell which "<!" it is
        // A DOCTYPE (OOXML has none): skipped, its entities never defined.
        const end = tagEnd(buffer, lt);
        if (end < 0) break;
        pos = end + 1;
        continue;
      }
      if (next === 63 /* ? */) {
        const end = buffer.indexOf("?>", lt + 2);
        if (end < 0) break;
        pos = end + 2;
        continue;
      }
      if (Number.isNaN(next)) break;
      const end = tagEnd(buffer, lt);
      if (end < 0) break;
      if (next === 47 /* / */) {
        h.close(localName(buffer.slice(lt + 2, end).trim()));
      } else {
        const selfClosing = buffer.charCodeAt(end - 1) === 47;
        const tag = buffer.slice(lt + 1, selfClosing ? end - 1 : end);
        let nameEnd = 0;
        while (nameEnd < tag.length && !/\s/.test(tag[nameEnd])) nameEnd++;
        const name = localName(tag.slice(0, nameEnd));
        h.open(name, tag, selfClosing);
        if (selfClosing) h.close(name);
      }
      pos = end + 1;
    }
    this.buffer = pos < n ? buffer.slice(pos) : "";
    if (this.buffer.length > MAX_PENDING) {
      const error = new Error(`XML token longer than ${MAX_PENDING} characters: the part is damaged`);
      error.name = "XmlTokenTooLong";
      throw error;
    }
  }

  /** The end of the input: text left over is reported; an unfinished tag is dropped. */
  end(): void {
    if (this.buffer.length > 0 && !this.buffer.includes("<")) this.handler.text(decodeEntities(this.buffer));
    this.buffer = "";
  }
}
