/*
 * The one naming rule for members' files (src/sheets/file-names.ts), used by the CLI's
 * `build --per` and the pane's per-member .zip: names every system opens, none lost.
 */
import fc from "fast-check";
import { MAX_STEM_BYTES, MAX_STEM_CHARS, fileNameKey, fileStem, memberFileNames } from "../src/sheets/file-names";

describe("fileStem", () => {
  it("replaces the characters Windows reserves and keeps Chinese names", () => {
    expect(fileStem("Wang/Li")).toBe("Wang_Li");
    expect(fileStem('a:b*c?"d"<e>|f\\g')).toBe("a_b_c__d__e__f_g");
    expect(fileStem("华东")).toBe("华东");
  });

  it("puts a _ before Windows device names, with or without an extension, in any case", () => {
    for (const name of ["CON", "con", "PRN", "AUX", "NUL", "nul.txt", "NUL.tar.gz", "COM1", "com9", "LPT1", "lpt9.xlsx", "COM¹", "LPT³", "COM0", "CON .txt"]) {
      expect({ name, stem: fileStem(name) }).toEqual({ name, stem: `_${name.trim()}` });
    }
    for (const name of ["CONSOLE", "COM10", "NULL", "Connie", "LPT", "AUXILIARY.txt"]) expect(fileStem(name)).toBe(name);
  });

  it("makes control characters, bidirectional controls and characters XML cannot hold _", () => {
    expect(fileStem("Alice\u202Exslx.exe")).toBe("Alice_xslx.exe");
    expect(fileStem("a\u0000b\u001bc\u007fd\u009be")).toBe("a_b_c_d_e");
    expect(fileStem("x\u2066y\u2069z\u200ew\u200f")).toBe("x_y_z_w_");
    expect(fileStem("a\uFFFEb\uFFFF")).toBe("a_b_");
    expect(fileStem("lone\uD800 surrogate")).toBe("lone_ surrogate");
    expect(fileStem("😀 pair")).toBe("😀 pair");
  });

  it("drops spaces and dots at either end, and is never empty", () => {
    expect(fileStem("..hidden")).toBe("hidden");
    expect(fileStem("name. . ")).toBe("name");
    expect(fileStem(" spaced ")).toBe("spaced");
    for (const name of ["", ".", "..", "   ", "..."]) expect(fileStem(name)).toBe("_");
  });

  it("cuts long names to 80 characters and 180 bytes, never inside a character", () => {
    expect(fileStem("x".repeat(300))).toBe("x".repeat(MAX_STEM_CHARS));
    const chinese = fileStem("很".repeat(100));
    expect(new TextEncoder().encode(chinese).length).toBeLessThanOrEqual(MAX_STEM_BYTES);
    expect(chinese).toBe("很".repeat(60));
    const emoji = fileStem("😀".repeat(60));
    expect(emoji).toBe("😀".repeat(45)); // 4 bytes each
  });

  it("gives names every file system takes, whatever the text (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (name) => {
        const stem = fileStem(name);
        expect(stem.length).toBeGreaterThan(0);
        expect([...stem].length).toBeLessThanOrEqual(MAX_STEM_CHARS);
        expect(new TextEncoder().encode(stem).length).toBeLessThanOrEqual(MAX_STEM_BYTES);
        // eslint-disable-next-line no-control-regex
        expect(stem).not.toMatch(/[<>:"/\\|?*\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\uFFFE\uFFFF]/);
        expect(stem).not.toMatch(/^[\s.]|[\s.]$/u);
        expect(stem).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/); // no lone surrogate
        expect(/^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])$/i.test(stem.split(".")[0].trim())).toBe(false);
      }),
      { seed: 1405, numRuns: 2000 },
    );
  });
});

describe("memberFileNames", () => {
  it("gives names that collide as files a number, so none is lost", () => {
    expect(memberFileNames(["a/b", "a_b", "Li:Na", "Li?Na", "Alice", "alice"])).toEqual(["a_b.xlsx", "a_b-2.xlsx", "Li_Na.xlsx", "Li_Na-2.xlsx", "Alice.xlsx", "alice-2.xlsx"]);
  });

  it("compares composed and decomposed letters as one (macOS)", () => {
    expect(memberFileNames(["Jos\u00e9", "Jose\u0301"])).toEqual(["José.xlsx", "José-2.xlsx"]);
  });

  it("does not give a later member a name an earlier one took with its number", () => {
    expect(memberFileNames(["a_b", "a/b", "a_b-2"])).toEqual(["a_b.xlsx", "a_b-2.xlsx", "a_b-2-2.xlsx"]);
  });

  it("keeps the names with their number within the limits", () => {
    const long = "x".repeat(200);
    const names = memberFileNames([long, long.toUpperCase(), long]);
    expect(names.map((n) => [...n.replace(/\.xlsx$/, "")].length)).toEqual([80, 80, 80]);
    expect(names[2]).toMatch(/-3\.xlsx$/);
  });

  it("avoids names already taken", () => {
    expect(memberFileNames(["Alice"], ".xlsx", new Set([fileNameKey("ALICE.xlsx")]))).toEqual(["Alice-2.xlsx"]);
  });

  it("gives one distinct name per member, whatever the names (property)", () => {
    const name = fc.oneof(fc.constantFrom("a/b", "a_b", "A_B", "Li:Na", "Li?Na", "CON", "con", "..", "", "x".repeat(120)), fc.string({ maxLength: 90 }));
    fc.assert(
      fc.property(fc.array(name, { maxLength: 30 }), (members) => {
        const files = memberFileNames(members);
        expect(files).toHaveLength(members.length);
        expect(new Set(files.map(fileNameKey)).size).toBe(files.length);
        for (const f of files) expect(f.endsWith(".xlsx")).toBe(true);
      }),
      { seed: 1406, numRuns: 500 },
    );
  });
});
