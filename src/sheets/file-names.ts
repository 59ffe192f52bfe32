/**
 * One naming rule for the files that carry members' workbooks: the CLI's `build --per`
 * (`<folder>/<member>.xlsx`) and the pane's per-member .zip use the same names, made here.
 *
 * A file name must open on every system a workbook is sent to. Microsoft's "Naming Files,
 * Paths, and Namespaces" (learn.microsoft.com/windows/win32/fileio/naming-a-file) says:
 * - reserved characters: "< > : \" / \\ | ? *" and "Integer value zero, sometimes referred to
 *   as the ASCII NUL character. Characters whose integer representations are in the range
 *   from 1 through 31";
 * - "Do not use the following reserved names for the name of a file: CON, PRN, AUX, NUL,
 *   COM0, COM1, …, COM9, COM¹, COM², COM³, LPT0, LPT1, …, LPT9, LPT¹, LPT², and LPT³. Also
 *   avoid these names followed immediately by an extension; for example, NUL.txt and
 *   NUL.tar.gz are both equivalent to NUL.";
 * - "Do not end a file or directory name with a space or a period.";
 * - "Do not assume case sensitivity. For example, consider the names OSCAR, Oscar, and oscar
 *   to be the same" (so do macOS's default volumes).
 * Beyond that: control characters (C0, DEL, C1) and bidirectional controls (U+202E turns
 * "Alice‮xslx.exe" into what reads as another name) become "_", a leading dot (a hidden file
 * on Unix) goes, and a name is at most 80 characters and 180 bytes of UTF-8 (file systems
 * allow 255 bytes; the rest is room for a temporary name beside it and a "-2" suffix).
 *
 * Pure functions, no file system: the callers decide where the names go.
 */

/** Longest stem (the name without ".xlsx"), in characters (code points). */
export const MAX_STEM_CHARS = 80;
/** Longest stem in bytes of UTF-8. */
export const MAX_STEM_BYTES = 180;

/** Characters Windows refuses in a file name, plus the path separators. */
const RESERVED_CHARS = new Set(['<', '>', ':', '"', "/", "\\", "|", "?", "*"]);

/** Windows' reserved device names (compared without case, before the first dot). */
const DEVICE_NAMES = /^(?:CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³]|CONIN\$|CONOUT\$)$/i;

/**
 * True for a character no file name should carry: C0 controls, DEL, C1 controls, bidirectional
 * controls and marks, the byte-order mark, U+FFFE / U+FFFF and lone surrogates.
 */
function isUnsafeChar(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  return (
    c < 0x20 ||
    (c >= 0x7f && c <= 0x9f) ||
    c === 0x061c ||
    c === 0x200e ||
    c === 0x200f ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2066 && c <= 0x2069) ||
    c === 0xfeff ||
    c === 0xfffe ||
    c === 0xffff ||
    (c >= 0xd800 && c <= 0xdfff) // a lone surrogate (a pair is one code point above 0xFFFF)
  );
}

const utf8Length = (s: string): number => new TextEncoder().encode(s).length;

/** `s` cut to at most `chars` code points and `bytes` bytes of UTF-8, never inside a code point. */
function cut(s: string, chars: number, bytes: number): string {
  const out: string[] = [];
  let used = 0;
  for (const ch of s) {
    const b = utf8Length(ch);
    if (out.length >= chars || used + b > bytes) break;
    out.push(ch);
    used += b;
  }
  return out.join("");
}

/** Leading and trailing spaces and dots removed (Windows drops trailing ones; a leading dot hides the file). */
const trimEnds = (s: string): string => s.replace(/^[\s.]+|[\s.]+$/gu, "");

/**
 * A member's name as a file name stem (without extension): unsafe and reserved characters
 * become "_", spaces and dots at either end go, a Windows device name gets a "_" in front,
 * at most {@link MAX_STEM_CHARS} characters and {@link MAX_STEM_BYTES} bytes; never empty.
 * Two different names may give the same stem: {@link memberFileNames} makes them unique.
 *
 * @param name - a member's name as the plan has it (any text)
 * @returns the stem
 * @example fileStem('华东/East: "A"') // "华东_East_ _A_"
 * @example fileStem("CON") // "_CON"
 * @example fileStem("nul.txt") // "_nul.txt"
 * @example fileStem("Alice\u202Exslx.exe") // "Alice_xslx.exe"
 */
export function fileStem(name: string): string {
  let s = [...name.normalize("NFC")].map((ch) => (RESERVED_CHARS.has(ch) || isUnsafeChar(ch) ? "_" : ch)).join("");
  s = trimEnds(s);
  s = trimEnds(cut(s, MAX_STEM_CHARS, MAX_STEM_BYTES));
  if (s === "") return "_";
  const device = s.split(".")[0].trimEnd();
  if (DEVICE_NAMES.test(device)) s = cut(`_${s}`, MAX_STEM_CHARS, MAX_STEM_BYTES);
  return s;
}

/**
 * The key two file names collide under on a case-insensitive system (Windows, macOS): the
 * same letters in any case, composed or decomposed.
 * @example fileNameKey("Alice.xlsx") === fileNameKey("ALICE.XLSX") // true
 */
export function fileNameKey(fileName: string): string {
  return fileName.normalize("NFC").toUpperCase().toLowerCase();
}

/**
 * One file name per member, in order, all different even on a case-insensitive file system:
 * each is {@link fileStem} plus `ext`; a name already taken gets "-2", "-3", … (the stem
 * cut to leave room).
 *
 * @param members - the members' names, in order (duplicates allowed)
 * @param ext - the extension, with its dot (default ".xlsx")
 * @param taken - keys ({@link fileNameKey}) of names already used, e.g. by other files; not changed
 * @returns one name per member
 * @example memberFileNames(["a/b", "a_b", "Alice", "alice"]) // ["a_b.xlsx", "a_b-2.xlsx", "Alice.xlsx", "alice-2.xlsx"]
 */
export function memberFileNames(members: readonly string[], ext = ".xlsx", taken: ReadonlySet<string> = new Set()): string[] {
  const used = new Set(taken);
  return members.map((member) => {
    const stem = fileStem(member);
    let name = `${stem}${ext}`;
    for (let n = 2; used.has(fileNameKey(name)); n++) {
      const suffix = `-${n}`;
      name = `${trimEnds(cut(stem, MAX_STEM_CHARS - suffix.length, MAX_STEM_BYTES - suffix.length)) || "_"}${suffix}${ext}`;
    }
    used.add(fileNameKey(name));
    return name;
  });
}
