/**
 * An export saved as text (a .csv or .txt from a CRM or ERP): its bytes decoded and its
 * fields split. Chinese systems often save CSV in GBK/GB18030 rather than UTF-8 (Excel's own
 * "CSV" on a Chinese Windows does), so the text is read as UTF-8 when it is valid UTF-8
 * (with or without a byte-order mark), as UTF-16 with a byte-order mark, and otherwise as
 * GB18030 (a superset of GBK and GB2312). Fields are split by the delimiter the first lines
 * use most (comma, tab or semicolon), with RFC 4180 quoting (a quoted field may hold the
 * delimiter, a line break, or a doubled quote).
 */

/**
 * The text of an export's bytes, and the encoding it was read in.
 * @example decodeExport(new Uint8Array([0xd5, 0xc5, 0xce, 0xb0])) // { text: "张伟", encoding: "gb18030" }
 */
export function decodeExport(bytes: Uint8Array): { text: string; encoding: "utf-8" | "utf-16le" | "utf-16be" | "gb18030" } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder("utf-8").decode(bytes.subarray(3)), encoding: "utf-8" };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16be" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    return { text: new TextDecoder("gb18030").decode(bytes), encoding: "gb18030" };
  }
}

/** The delimiter the first lines use most consistently: tab, comma or semicolon. */
function delimiterOf(text: string): string {
  const lines = text.split(/\r\n|\n|\r/).filter((l) => l.trim() !== "").slice(0, 20);
  let best = ",";
  let score = -1;
  for (const d of ["\t", ",", ";"]) {
    const counts = lines.map((l) => l.split(d).length - 1);
    const lined = counts.filter((c) => c > 0).length;
    const s = lined * 1000 + counts.reduce((a, b) => a + b, 0);
    if (lined > 0 && s > score) {
      score = s;
      best = d;
    }
  }
  return best;
}

/**
 * Splits delimited text into rows of fields (text, not yet read as numbers). Rows are padded
 * to the widest; a trailing line break adds no row.
 * @example splitDelimited('姓名,1月\n"张伟","1,200"\n') // [["姓名", "1月"], ["张伟", "1,200"]]
 */
export function splitDelimited(text: string, delimiter = delimiterOf(text)): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let start = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
      continue;
    }
    if (ch === '"' && start) {
      quoted = true;
      start = false;
      continue;
    }
    if (ch === delimiter) {
      row.push(field);
      field = "";
      start = true;
      continue;
    }
    if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      start = true;
      continue;
    }
    field += ch;
    start = false;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  for (const r of rows) while (r.length < width) r.push("");
  return rows;
}
