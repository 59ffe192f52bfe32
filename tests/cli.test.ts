/*
 * The `plan` command. Most tests call `main` in this process (the file system, the signal and
 * the streams handed in; a process would add only start-up time); a few run it as the process
 * `npm run plan --` starts (tsx src/cli/plan.ts) for what only a process shows: exit codes,
 * a real Ctrl+C, and the bytes that reach the terminal. Files go to a temporary folder.
 *
 * Full disks, I/O errors and interrupts are made deterministic with a file system that fails
 * (or raises the interrupt) at a chosen write.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as fsp from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import JSZip from "jszip";
import { type FileSystem, Interrupted, MAX_PLAN_BYTES, decodePlanText, isTemporaryName, writeFileSafely } from "../src/cli/files";
import { printable } from "../src/cli/messages";
import { type CliDeps, main } from "../src/cli/run";
import { validatePlan } from "../src/sheets/plan";
import { PLAN_SHEET } from "../src/sheets/spec";
import { buildPlanWorkbook } from "../src/sheets/workbook";
import { TRACKING_LAYOUT, excelSerial } from "../src/sheets/tracking";
import * as xlsxWrite from "../src/xlsx/write";
import { readXlsxCells, readXlsxNames, readXlsxPlan } from "../src/xlsx/read";

const ROOT = path.resolve(__dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const EXAMPLES = fs.readdirSync(path.join(ROOT, "examples")).filter((f) => f.endsWith(".json")).sort();

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tp-cli-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A run of `npm run plan -- …args` in this process, from `tmp` unless told. */
async function plan(args: string[], deps: CliDeps = {}): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, { cwd: tmp, ...deps });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** `npm run plan -- …args` as a process (what npm runs), from the project root. */
function planProcess(...args: string[]): { code: number; out: string; err: string; stdout: Buffer; stderr: Buffer } {
  const r = spawnSync(TSX, [path.join(ROOT, "src/cli/plan.ts"), ...args], { cwd: ROOT, timeout: 120_000 });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, out: r.stdout.toString("utf8").trim(), err: r.stderr.toString("utf8").trim(), stdout: r.stdout, stderr: r.stderr };
}

const example = (f: string): string => path.join(ROOT, "examples", f);
const readJson = (f: string): Record<string, unknown> => JSON.parse(fs.readFileSync(f, "utf8")) as Record<string, unknown>;
const at = (...parts: string[]): string => path.join(tmp, ...parts);

/** Parsed JSON, to break on purpose by path. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** A copy of the seed plan, changed and written to the temporary folder. */
function seedCopy(name: string, change: (p: Json) => void = () => undefined): string {
  const p = readJson(example("seed-plan.json")) as Json;
  delete p.$schema;
  change(p);
  const file = at(`${name}.json`);
  fs.writeFileSync(file, JSON.stringify(p));
  return file;
}

/** A plan of `n` reps (one workbook each with --per reps), written to the temporary folder. */
function teamPlan(name: string, reps: string[]): string {
  const file = at(`${name}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify({
      title: "Team",
      year: 2025,
      total: reps.length * 1000,
      splits: [
        { id: "reps", kind: "person", members: reps.map((r) => ({ name: r, weight: 1 })) },
        { id: "quarter", kind: "quarter" },
      ],
    }),
  );
  return file;
}

const EIGHT = ["Chen", "Liu", "Zhou", "Wu", "Sun", "Ma", "Hu", "Guo"];

/** The .xlsx files in a folder, sorted. */
const workbooksIn = (folder: string): string[] =>
  fs
    .readdirSync(folder)
    .filter((f) => f.endsWith(".xlsx"))
    .sort();
/** Files a killed or failed write could leave: the CLI's temporary names. */
const temporaryIn = (folder: string): string[] => fs.readdirSync(folder).filter(isTemporaryName);

/** A Node.js-like file system error. */
const fsFailure = (code: string): Error => Object.assign(new Error(`${code}: simulated`), { code });

/**
 * The real file system, but writes to the CLI's temporary files fail with `code` once
 * `budget` bytes have been written in all (part of the chunk is written first, as a full
 * disk does), or call `onWrite` before each write (to raise an interrupt).
 */
function failingFs(options: { code?: string; budget?: number; failSync?: string; onWrite?: (file: string, written: number) => void }): FileSystem & { opened: string[] } {
  let written = 0;
  const opened: string[] = [];
  return {
    ...fsp,
    opened,
    open: (async (file: string, flags?: string, mode?: number) => {
      const handle = await fsp.open(file, flags, mode);
      if (!isTemporaryName(path.basename(file))) return handle;
      opened.push(file);
      return {
        stat: () => handle.stat(),
        close: () => handle.close(),
        read: (...a: Parameters<typeof handle.read>) => handle.read(...a),
        sync: async () => {
          if (options.failSync) throw fsFailure(options.failSync);
          return handle.sync();
        },
        write: async (buf: Uint8Array, offset: number, length: number, position: number) => {
          options.onWrite?.(file, written);
          if (options.budget !== undefined && written + length > options.budget) {
            const part = Math.max(0, options.budget - written);
            await handle.write(buf, offset, part, position);
            written += part;
            throw fsFailure(options.code ?? "ENOSPC");
          }
          written += length;
          return handle.write(buf, offset, length, position);
        },
      };
    }) as unknown as FileSystem["open"],
  };
}

/** No line printed carries a Node.js stack trace. */
const noStack = (text: string): void => expect(text).not.toMatch(/^\s+at .+[:(]/m);

describe("plan validate", () => {
  test.each(EXAMPLES)("%s is a valid plan: exit 0, one line naming its sheets", async (f) => {
    const r = await plan(["validate", example(f)]);
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.out.split("\n")).toHaveLength(1);
    expect(r.out).toContain("a valid plan");
  });

  test("a plan with several problems: exit 1, one line per problem with its JSON path, in the chosen language", async () => {
    const file = seedCopy("two-problems", (p) => {
      p.grids[0].columns = "nowhere"; // a grid over a split that does not exist
      p.scorecard.kpis[0].weight = 10; // KPI weights no longer add up to 100
    });
    const r = await plan(["validate", file]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    const lines = r.err.split("\n");
    expect(lines.some((l) => l.startsWith("grids[0].columns: "))).toBe(true);
    expect(lines.some((l) => l.startsWith("scorecard.kpis") || l.startsWith("scorecard: "))).toBe(true);
    expect(lines[lines.length - 1]).toMatch(/problem\(s\); nothing was written/);
    const v = validatePlan(readJson(file));
    expect(v.ok).toBe(false);
    if (!v.ok) expect(lines).toHaveLength(v.problems.length + 1);
    const zh = await plan(["validate", file, "--lang", "zh"]);
    expect(zh.code).toBe(1);
    expect(zh.err).toMatch(/[\u4e00-\u9fff]/);
    expect(zh.err.split("\n")[0].startsWith(lines[0].split(": ")[0] + ": ")).toBe(true);
  });

  test("a negative weight: its JSON path and message", async () => {
    const r = await plan(["validate", seedCopy("negative-weight", (p) => (p.splits[0].members[1].weight = -5))]);
    expect(r.code).toBe(1);
    expect(r.err.split("\n")[0]).toMatch(/^splits\[0\]\.members\[1\]\.weight: .*negative/);
  });

  test("a wrong command line: exit 2 and the usage", async () => {
    const cases = [
      ["frobnicate"],
      ["build", example("seed-plan.json")],
      ["build", example("seed-plan.json"), "-o"],
      ["validate", "--lang", "fr", "x.json"],
      ["build", "p.json", "-o", "x.xlsx", "--as-of", "2025-02-30"],
      ["build", "p.json", "--per", "r", "-o", "x", "--force", "--skip-existing"],
      ["build", "p.json", "-o", "x.xlsx", "--skip-existing"],
    ];
    for (const args of cases) {
      const r = await plan(args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.err).toContain("Usage:");
    }
    expect((await plan(["help"])).code).toBe(0);
  });

  test("--as-of a date a spreadsheet cannot hold (0001-01-01, before 1900-03-01) is refused, not written as 1901", async () => {
    for (const date of ["0001-01-01", "1899-12-31", "1900-02-28"]) {
      const r = await plan(["build", example("seed-plan.json"), "-o", at("never-date.xlsx"), "--as-of", date]);
      expect(r.code).toBe(2);
      expect(r.err.split("\n")[0]).toBe(`--as-of ${date} is before 1900-03-01: spreadsheets hold no dates before 1900, and Excel counts January and February 1900 a day off.`);
    }
    expect(fs.existsSync(at("never-date.xlsx"))).toBe(false);
    expect((await plan(["validate", example("seed-plan.json"), "--as-of", "9999-12-31"])).code).toBe(0);
  });

  test("validate --per checks the split too: the seed's newCustomers is refused as build would refuse it", async () => {
    const ok = await plan(["validate", example("seed-plan.json"), "--per", "region"]);
    expect(ok).toMatchObject({ code: 0, err: "" });
    expect(ok.out).toContain('one workbook for each of the 4 members of "region"');
    const counts = await plan(["validate", example("seed-plan.json"), "--per", "newCustomers"]);
    expect(counts.code).toBe(1);
    expect(counts.err).toMatch(/^A workbook per member of "newCustomers" would hold nothing/);
  });
});

describe("reading the plan file", () => {
  const seedText = (): string => fs.readFileSync(example("seed-plan.json"), "utf8").replace('"$schema": "../docs/plan.schema.json",', "");

  test("UTF-8 with a byte-order mark, and UTF-16 LE and BE with one, are read", async () => {
    const text = seedText();
    const utf16le = Buffer.from(text, "utf16le");
    const utf16be = Buffer.from(utf16le).swap16();
    const files: [string, Buffer][] = [
      ["bom-utf8.json", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")])],
      ["utf16le.json", Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le])],
      ["utf16be.json", Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be])],
    ];
    for (const [name, bytes] of files) {
      fs.writeFileSync(at(name), bytes);
      const r = await plan(["validate", at(name)]);
      expect({ name, code: r.code, err: r.err }).toEqual({ name, code: 0, err: "" });
    }
  });

  test("UTF-16 without a mark and GBK bytes say which encoding is expected", async () => {
    fs.writeFileSync(at("utf16-nobom.json"), Buffer.from(seedText(), "utf16le"));
    const a = await plan(["validate", at("utf16-nobom.json")]);
    expect(a.code).toBe(1);
    expect(a.err).toBe(`${at("utf16-nobom.json")} looks like UTF-16 text without a byte-order mark: save it as UTF-8 (or UTF-16 with a byte-order mark).`);
    // "华东" in GBK: C2 BB B6 AB.
    fs.writeFileSync(at("gbk.json"), Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xbb, 0xaa, 0xb6, 0xab, 0x22, 0x7d]));
    const b = await plan(["validate", at("gbk.json")]);
    expect(b.code).toBe(1);
    expect(b.err).toBe(`${at("gbk.json")} is not UTF-8 text (byte 0xBB at offset 6); GBK and other encodings are not read: save the plan as UTF-8.`);
    expect(decodePlanText(new Uint8Array([0x7b, 0x7d]))).toBe("{}");
  });

  test("a file over 50 MB is refused before it is read; a device (/dev/zero) and a folder are not plan files", async () => {
    const big = at("big.json");
    fs.writeFileSync(big, "");
    fs.truncateSync(big, MAX_PLAN_BYTES + 1); // sparse: nothing to read, the size is what counts
    const r = await plan(["validate", big]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`${big} is larger than 50 MB (a plan for 100,000 reps is about 20 MB); nothing was read.`);
    if (fs.existsSync("/dev/zero")) {
      const zero = await plan(["validate", "/dev/zero"]);
      expect(zero.code).toBe(1);
      expect(zero.err).toBe("/dev/zero is not a file (a device, socket or the like): give the plan's .json file.");
    }
    const folder = await plan(["validate", tmp]);
    expect(folder.err).toBe(`${tmp} is a folder, not a plan file: give the plan's .json file.`);
  });

  test("a file that is not there, or not JSON: one sentence with what to do, no stack", async () => {
    fs.writeFileSync(at("bad.json"), "{ not json");
    const bad = await plan(["validate", "bad.json"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^bad\.json is not JSON: /);
    const missing = await plan(["validate", "missing.json"]);
    expect(missing).toMatchObject({ code: 1, err: `missing.json does not exist: check the name and the folder (a relative path starts from ${tmp}).` });
    const zh = await plan(["validate", "missing.json", "--lang", "zh"]);
    expect(zh.err).toBe(`missing.json 不存在：请检查名称和文件夹（相对路径从 ${tmp} 算起）。`);
  });
});

describe("plan build", () => {
  test("the seed plan to one workbook: its sheets, its checks, the plan stored in it", async () => {
    const out = at("seed", "seed.xlsx");
    const r = await plan(["build", example("seed-plan.json"), "-o", out, "--lang", "zh", "--as-of", "2025-06-30", "--protect"]);
    expect(r).toMatchObject({ code: 0, err: "" });
    const bytes = fs.readFileSync(out);
    const cells = await readXlsxCells(bytes);
    expect(Object.keys(cells).length).toBeGreaterThanOrEqual(3);
    const names = await readXlsxNames(bytes);
    expect(names.filter((n) => n.name.startsWith("Check_")).length).toBeGreaterThan(0);
    for (const n of names) expect(Object.keys(cells)).toContain(n.sheet);
    const v = validatePlan(readJson(example("seed-plan.json")));
    expect(v.ok && (await readXlsxPlan(bytes))).toEqual(v.ok && JSON.parse(JSON.stringify(v.plan)));
    // --protect: every generated sheet is protected.
    const zip = await JSZip.loadAsync(bytes);
    const sheets = zip.file(/^xl\/worksheets\/sheet\d+\.xml$/);
    const protectedSheets = await Promise.all(sheets.map(async (f) => /<sheetProtection\b[^>]*sheet="1"/.test(await f.async("string"))));
    expect(protectedSheets.filter(Boolean).length).toBe(Object.keys(cells).length);
    expect(temporaryIn(path.dirname(out))).toEqual([]);
  });

  test("an output that exists is refused before anything is built, and replaced with --force", async () => {
    const out = at("exists.xlsx");
    fs.writeFileSync(out, "keep me");
    const build = jest.spyOn(xlsxWrite, "writeXlsx");
    try {
      const r = await plan(["build", example("seed-plan.json"), "-o", "exists.xlsx"]);
      expect(r).toMatchObject({ code: 1, err: "exists.xlsx already exists; nothing was written (add --force to replace it)." });
      expect(build).not.toHaveBeenCalled();
    } finally {
      build.mockRestore();
    }
    expect(fs.readFileSync(out, "utf8")).toBe("keep me");
    expect((await plan(["build", example("seed-plan.json"), "-o", out, "--force"])).code).toBe(0);
    expect(fs.readFileSync(out).subarray(0, 2).toString()).toBe("PK");
  });

  test("--as-of is the date in the tracking sheet's as-of cell when the plan gives none; a plan's own asOf is kept", async () => {
    /** The as-of cell of the tracking sheet (named in the plan) of a built workbook: a date serial as read back. */
    const asOfIn = async (file: string, sheet: string): Promise<unknown> => (await readXlsxCells(fs.readFileSync(file)))[sheet]?.[TRACKING_LAYOUT.asOf]?.value;
    const undated = seedCopy("undated", (p) => {
      delete p.tracking.asOf;
    });
    expect((await plan(["build", undated, "-o", "as-of-given.xlsx", "--as-of", "2025-06-30"])).code).toBe(0);
    expect(await asOfIn(at("as-of-given.xlsx"), "目标管理表")).toBe(excelSerial("2025-06-30"));
    expect((await plan(["build", undated, "-o", "as-of-other.xlsx", "--as-of", "2024-02-29"])).code).toBe(0);
    expect(await asOfIn(at("as-of-other.xlsx"), "目标管理表")).toBe(excelSerial("2024-02-29"));
    // The seed plan says 2025-03-31 itself: --as-of does not replace it.
    expect((readJson(example("seed-plan.json")) as Json).tracking.asOf).toBe("2025-03-31");
    expect((await plan(["build", example("seed-plan.json"), "-o", "as-of-own.xlsx", "--as-of", "2025-06-30"])).code).toBe(0);
    expect(await asOfIn(at("as-of-own.xlsx"), "目标管理表")).toBe(excelSerial("2025-03-31"));
    // One workbook per member: each member's tracking sheet too.
    const team = readJson(example("team-8-reps.json")) as Json;
    delete team.$schema;
    delete team.tracking.asOf;
    fs.writeFileSync(at("team-undated.json"), JSON.stringify(team));
    expect((await plan(["build", "team-undated.json", "--per", "person", "-o", "as-of-per", "--as-of", "2025-09-30"])).code).toBe(0);
    const members = workbooksIn(at("as-of-per"));
    expect(members.length).toBe(8);
    for (const f of members) expect([f, await asOfIn(at("as-of-per", f), team.tracking.name)]).toEqual([f, excelSerial("2025-09-30")]);
  });

  test("--lang picks the sheets' words: the workbook's sheets are named as the builder names them in that language", async () => {
    const v = validatePlan(readJson(example("seed-plan.json")));
    if (!v.ok) throw new Error("the seed plan does not validate");
    const want = (lang: "en" | "zh") => buildPlanWorkbook(v.plan, { lang, asOf: "2025-06-30" }).sheets.map((s) => s.name).sort();
    const sheetsIn = async (file: string) => Object.keys(await readXlsxCells(fs.readFileSync(file))).filter((s) => s !== PLAN_SHEET).sort();
    expect(want("zh")).not.toEqual(want("en"));
    for (const lang of ["zh", "en"] as const) {
      expect((await plan(["build", example("seed-plan.json"), "-o", `lang-${lang}.xlsx`, "--lang", lang, "--as-of", "2025-06-30"])).code).toBe(0);
      expect(await sheetsIn(at(`lang-${lang}.xlsx`))).toEqual(want(lang));
    }
  });

  test("a plan that does not validate writes nothing", async () => {
    const file = seedCopy("negative", (p) => {
      p.splits[1].members[0].weight = -1;
    });
    const out = at("never", "never.xlsx");
    const r = await plan(["build", file, "-o", out]);
    expect(r.code).toBe(1);
    expect(r.err.split("\n")[0]).toMatch(/^splits\[1\]\.members\[0\]\.weight: /);
    expect(fs.existsSync(path.dirname(out))).toBe(false);
    const per = await plan(["build", file, "--per", "region", "-o", at("never-per")]);
    expect(per.code).toBe(1);
    expect(fs.existsSync(at("never-per"))).toBe(false);
  });

  test("-o the plan file itself is refused even with --force: the plan is never replaced by .xlsx bytes", async () => {
    const file = seedCopy("precious");
    const before = fs.readFileSync(file);
    for (const args of [["-o", file, "--force"], ["-o", "precious.json"]]) {
      const r = await plan(["build", file, ...args]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/ is the plan file itself; it is never replaced by a workbook, even with --force: give another name \(for example .*precious\.xlsx\)\.$/);
    }
    // Through a link to it, too.
    fs.symlinkSync(file, at("link-to-plan.xlsx"));
    expect((await plan(["build", file, "-o", "link-to-plan.xlsx", "--force"])).code).toBe(1);
    expect(fs.readFileSync(file)).toEqual(before);
  });

  test("-o a folder (existing, or named with a trailing slash) without --per says what to do instead, with or without --force", async () => {
    fs.mkdirSync(at("a-folder"));
    for (const args of [["-o", "a-folder"], ["-o", "a-folder", "--force"], ["-o", "new-folder/"], ["-o", "new-folder/", "--force"]]) {
      const r = await plan(["build", example("seed-plan.json"), ...args]);
      const shown = args[1];
      expect(r).toMatchObject({
        code: 1,
        err: `${shown} is a folder: give the workbook's file name (for example ${path.join(shown, "seed-plan.xlsx")}), or add --per <split> to write one workbook per member into it.`,
      });
    }
    expect(fs.readdirSync(at("a-folder"))).toEqual([]);
    expect(fs.existsSync(at("new-folder"))).toBe(false);
    // With --per, a trailing slash names the folder to make.
    expect((await plan(["build", example("seed-plan.json"), "--per", "region", "-o", "new-folder/"])).code).toBe(0);
    expect(workbooksIn(at("new-folder"))).toHaveLength(4);
  });

  test("--per person: one workbook per rep, each with only that rep's name in it", async () => {
    const planFile = example("team-8-reps.json");
    const p = readJson(planFile) as { splits: { kind: string; members?: { name: string }[] }[] };
    const reps = p.splits.find((s) => s.kind === "person")!.members!.map((m) => m.name);
    expect(reps.length).toBe(8);
    const folder = at("per-person");
    const r = await plan(["build", planFile, "--per", "person", "-o", folder]);
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(workbooksIn(folder)).toEqual(reps.map((n) => `${n}.xlsx`).sort());
    for (const rep of reps) {
      const bytes = fs.readFileSync(path.join(folder, `${rep}.xlsx`));
      const text = JSON.stringify(await readXlsxCells(bytes, { includeHidden: true }));
      expect(text).toContain(rep);
      for (const other of reps.filter((o) => o !== rep)) expect({ rep, other, found: text.includes(other) }).toEqual({ rep, other, found: false });
      expect((await readXlsxNames(bytes)).some((n) => n.name.startsWith("Check_"))).toBe(true);
    }
  });

  test("--per onto a folder holding members' files, without --force: refused before building, those files as they were, nothing else written; --force replaces them", async () => {
    const planFile = teamPlan("per-keep", EIGHT);
    const folder = at("per-keep");
    fs.mkdirSync(folder);
    const past = new Date("2024-01-02T03:04:05Z");
    for (const n of ["Chen", "Sun"]) {
      fs.writeFileSync(path.join(folder, `${n}.xlsx`), `${n}'s own notes`);
      fs.utimesSync(path.join(folder, `${n}.xlsx`), past, past);
    }
    const build = jest.spyOn(xlsxWrite, "writeXlsx");
    try {
      const r = await plan(["build", planFile, "--per", "reps", "-o", "per-keep"]);
      expect(r).toMatchObject({
        code: 1,
        err: "2 of the 8 workbooks are already in per-keep (Chen.xlsx, Sun.xlsx); nothing was written. Add --skip-existing to keep them and write the other 6, or --force to replace them.",
      });
      expect(build).not.toHaveBeenCalled();
    } finally {
      build.mockRestore();
    }
    expect(fs.readdirSync(folder).sort()).toEqual(["Chen.xlsx", "Sun.xlsx"]);
    for (const n of ["Chen", "Sun"]) {
      expect(fs.readFileSync(path.join(folder, `${n}.xlsx`), "utf8")).toBe(`${n}'s own notes`);
      expect(fs.statSync(path.join(folder, `${n}.xlsx`)).mtimeMs).toBe(past.getTime());
    }
    const forced = await plan(["build", planFile, "--per", "reps", "-o", "per-keep", "--force"]);
    expect(forced.code).toBe(0);
    expect(workbooksIn(folder)).toEqual(EIGHT.map((n) => `${n}.xlsx`).sort());
    for (const n of ["Chen", "Sun"]) expect(fs.readFileSync(path.join(folder, `${n}.xlsx`)).subarray(0, 2).toString()).toBe("PK");
  });

  test("--per names files by the pane's rule: names that collide as files all get a workbook, device names and bidi controls made safe", async () => {
    const names = ["a/b", "a_b", "Alice", "alice", "CON", "Eve\u202Egnp.exe"];
    const r = await plan(["build", teamPlan("collide", names), "--per", "reps", "-o", "collide"]);
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(workbooksIn(at("collide"))).toEqual(["Alice.xlsx", "Eve_gnp.exe.xlsx", "_CON.xlsx", "a_b-2.xlsx", "a_b.xlsx", "alice-2.xlsx"]);
  });

  test("--per with a split the plan does not have: exit 1, the known splits named, nothing written", async () => {
    const folder = at("per-nothing");
    const r = await plan(["build", example("seed-plan.json"), "--per", "galaxy", "-o", folder]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no split "galaxy".*region/);
    expect(fs.existsSync(folder)).toBe(false);
  });

  test("--per newCustomers on the seed example is refused before building, saying why (not 'The spec has no sheet to write')", async () => {
    const build = jest.spyOn(xlsxWrite, "writeXlsx");
    try {
      const r = await plan(["build", example("seed-plan.json"), "--per", "newCustomers", "-o", at("per-counts")]);
      expect(r.code).toBe(1);
      expect(r.err).toBe(
        'A workbook per member of "newCustomers" would hold nothing for 12 of its 12 members (the first: "Jan"): a split of counts carries no amount of its own to a member\'s workbook. Give a split of amounts (product, region, quarter, channel).',
      );
      expect(build).not.toHaveBeenCalled();
    } finally {
      build.mockRestore();
    }
    expect(fs.existsSync(at("per-counts"))).toBe(false);
  });
});

describe("files are written beside and renamed: a full disk, an I/O error or an interrupt loses nothing", () => {
  /** A valid workbook at `name`, to see that it survives. */
  async function existingWorkbook(name: string): Promise<Buffer> {
    expect((await plan(["build", example("team-8-reps.json"), "-o", name])).code).toBe(0);
    return fs.readFileSync(at(name));
  }

  test("a full disk with --force: the old workbook stays as it was, no temporary file, one sentence", async () => {
    const before = await existingWorkbook("full-force.xlsx");
    const r = await plan(["build", example("seed-plan.json"), "-o", "full-force.xlsx", "--force"], { fs: failingFs({ budget: 4096 }) });
    expect(r).toMatchObject({ code: 1, out: "" });
    expect(r.err).toBe("The disk is full: full-force.xlsx was not written and what was there before is unchanged; free some space and run again.");
    noStack(r.err);
    expect(fs.readFileSync(at("full-force.xlsx"))).toEqual(before);
    expect(temporaryIn(tmp)).toEqual([]);
  });

  test("a full disk without --force: nothing at the final name, so the retry is not refused as 'already exists'", async () => {
    const failing = failingFs({ budget: 10_000 });
    const r = await plan(["build", example("seed-plan.json"), "-o", "full.xlsx"], { fs: failing });
    expect(r.code).toBe(1);
    expect(failing.opened).toHaveLength(1);
    expect(fs.existsSync(at("full.xlsx"))).toBe(false);
    expect(temporaryIn(tmp)).toEqual([]);
    const retry = await plan(["build", example("seed-plan.json"), "-o", "full.xlsx"]);
    expect(retry).toMatchObject({ code: 0, err: "" });
    expect((await readXlsxNames(fs.readFileSync(at("full.xlsx")))).length).toBeGreaterThan(0);
  });

  test("an I/O error when the file is flushed: the same (old file kept, temporary file gone), in Chinese too", async () => {
    const before = await existingWorkbook("eio.xlsx");
    const r = await plan(["build", example("seed-plan.json"), "-o", "eio.xlsx", "--force", "--lang", "zh"], { fs: failingFs({ failSync: "EIO" }) });
    expect(r).toMatchObject({ code: 1, err: "读写 eio.xlsx 时磁盘报错：请检查磁盘，或写到其他位置。" });
    expect(fs.readFileSync(at("eio.xlsx"))).toEqual(before);
    expect(temporaryIn(tmp)).toEqual([]);
  });

  test("an interrupt while writing: the old file as it was, no temporary file, exit 130 and a message", async () => {
    const before = await existingWorkbook("interrupted.xlsx");
    const controller = new AbortController();
    const r = await plan(["build", example("seed-plan.json"), "-o", "interrupted.xlsx", "--force"], {
      signal: controller.signal,
      fs: failingFs({ onWrite: () => controller.abort(new Interrupted("SIGINT")) }),
    });
    expect(r).toMatchObject({ code: 130, out: "" });
    expect(r.err).toBe("Stopped by SIGINT: nothing half-written was left behind.\ninterrupted.xlsx was not written; what was there before is unchanged.");
    expect(fs.readFileSync(at("interrupted.xlsx"))).toEqual(before);
    expect(temporaryIn(tmp)).toEqual([]);
  });

  test("each file system error is one sentence in the user's language with what to do (EACCES, ENOENT, EEXIST, EISDIR, ENOSPC, …)", async () => {
    const cases: [string, string, string][] = [
      ["EACCES", "You may not write err.xlsx: check its permissions, or use another file or folder.", "没有权限写入 err.xlsx：请检查权限，或换一个文件或文件夹。"],
      ["ENOENT", `err.xlsx does not exist: check the name and the folder (a relative path starts from ${tmp}).`, `err.xlsx 不存在：请检查名称和文件夹（相对路径从 ${tmp} 算起）。`],
      ["EEXIST", "err.xlsx appeared while this ran (another program made it) and was not replaced: run again, with --force to replace it.", "err.xlsx 在运行期间出现了（由其他程序创建），未被替换：请再运行一次，加 --force 可替换。"],
      ["EISDIR", "err.xlsx is a folder: give a file name.", "err.xlsx 是文件夹：请给出文件名。"],
      ["ENOSPC", "The disk is full: err.xlsx was not written and what was there before is unchanged; free some space and run again.", "磁盘已满：err.xlsx 未写入，原有内容保持不变；请腾出空间后再运行。"],
      ["EROFS", "err.xlsx is on a read-only disk: write somewhere else with -o.", "err.xlsx 位于只读磁盘：请用 -o 写到其他位置。"],
      ["EBUSY", "err.xlsx is in use by another program (is it open in Excel?): close it and run again.", "err.xlsx 正被其他程序使用（是否在 Excel 中打开？）：请关闭后再运行。"],
    ];
    for (const [code, en, zh] of cases) {
      const failing: FileSystem = {
        ...fsp,
        open: (async (file: string, flags?: string, mode?: number) => {
          if (isTemporaryName(path.basename(file))) throw fsFailure(code);
          return fsp.open(file, flags, mode);
        }) as FileSystem["open"],
      };
      for (const [lang, want] of [["en", en], ["zh", zh]]) {
        const r = await plan(["build", example("seed-plan.json"), "-o", "err.xlsx", "--lang", lang], { fs: failing });
        expect({ code, lang, exit: r.code, err: r.err }).toEqual({ code, lang, exit: 1, err: want });
      }
    }
    expect(fs.existsSync(at("err.xlsx"))).toBe(false);
  });

  test("without hard links (FAT, some shares) a new file is still never put over one that appeared meanwhile", async () => {
    const noLinks: FileSystem = { ...fsp, link: async () => Promise.reject(fsFailure("EPERM")) };
    await writeFileSafely(noLinks, at("nolink.xlsx"), new Uint8Array([1, 2, 3]), { replace: false });
    expect([...fs.readFileSync(at("nolink.xlsx"))]).toEqual([1, 2, 3]);
    await expect(writeFileSafely(noLinks, at("nolink.xlsx"), new Uint8Array([9]), { replace: false })).rejects.toMatchObject({ code: "EEXIST" });
    await expect(writeFileSafely(fsp, at("nolink.xlsx"), new Uint8Array([9]), { replace: false })).rejects.toMatchObject({ code: "EEXIST" });
    expect([...fs.readFileSync(at("nolink.xlsx"))]).toEqual([1, 2, 3]);
    expect(temporaryIn(tmp)).toEqual([]);
  });
});

describe("--per stopped midway, then finished", () => {
  test("an interrupt after 3 of 8: says what was written; a rerun refuses before building and says what to add; --skip-existing finishes the set", async () => {
    const planFile = teamPlan("midway", EIGHT);
    const controller = new AbortController();
    let finished = 0;
    const stopAfterThree = failingFs({
      onWrite: (_file, written) => {
        if (written === 0) finished = 0;
        if (++finished > 3) controller.abort(new Interrupted("SIGTERM"));
      },
    });
    const first = await plan(["build", planFile, "--per", "reps", "-o", "midway"], { fs: stopAfterThree, signal: controller.signal });
    expect(first.code).toBe(143);
    expect(first.err).toBe(
      "Stopped by SIGTERM: nothing half-written was left behind.\n" +
        "Wrote 3 of the 8 workbooks into midway before stopping; each one written is complete. Run the same command with --skip-existing to write the other 5.",
    );
    expect(workbooksIn(at("midway"))).toEqual(["Chen.xlsx", "Liu.xlsx", "Zhou.xlsx"]);
    expect(temporaryIn(at("midway"))).toEqual([]);
    for (const f of workbooksIn(at("midway"))) expect((await readXlsxNames(fs.readFileSync(at("midway", f)))).length).toBeGreaterThan(0);

    const build = jest.spyOn(xlsxWrite, "writeXlsx");
    try {
      const again = await plan(["build", planFile, "--per", "reps", "-o", "midway"]);
      expect(again.code).toBe(1);
      expect(again.err).toBe(
        "3 of the 8 workbooks are already in midway (Chen.xlsx, Liu.xlsx, Zhou.xlsx); nothing was written. Add --skip-existing to keep them and write the other 5, or --force to replace them.",
      );
      expect(build).not.toHaveBeenCalled();
      const finish = await plan(["build", planFile, "--per", "reps", "-o", "midway", "--skip-existing"]);
      expect(finish).toMatchObject({ code: 0, err: "", out: 'Wrote 5 workbooks into midway, one per member of "reps".\nKept the 3 that were there already (--skip-existing).' });
      expect(build).toHaveBeenCalledTimes(5);
    } finally {
      build.mockRestore();
    }
    expect(workbooksIn(at("midway"))).toEqual(EIGHT.map((n) => `${n}.xlsx`).sort());
    const all = await plan(["build", planFile, "--per", "reps", "-o", "midway"]);
    expect(all.err).toBe("All 8 workbooks are already in midway; nothing was written (add --force to replace them).");
  });

  test("a full disk after 2 of 8: the ENOSPC sentence and what was written", async () => {
    const planFile = teamPlan("full-per", EIGHT);
    const one = (await xlsxWrite.writeXlsx((await import("../src/sheets/workbook")).buildMemberWorkbooks(validatePlanOk(planFile), "reps", { lang: "en" })[0].spec)).length;
    const r = await plan(["build", planFile, "--per", "reps", "-o", "full-per"], { fs: failingFs({ budget: Math.floor(2.5 * one) }) });
    expect(r.code).toBe(1);
    expect(r.err.split("\n")).toEqual([
      `The disk is full: ${path.join("full-per", "Zhou.xlsx")} was not written and what was there before is unchanged; free some space and run again.`,
      "Wrote 2 of the 8 workbooks into full-per before stopping; each one written is complete. Run the same command with --skip-existing to write the other 6.",
    ]);
    expect(workbooksIn(at("full-per"))).toEqual(["Chen.xlsx", "Liu.xlsx"]);
    expect(temporaryIn(at("full-per"))).toEqual([]);
  });

  test("other workbooks in the folder (an earlier run's) and a killed run's temporary files are mentioned", async () => {
    fs.mkdirSync(at("stale"));
    fs.writeFileSync(at("stale", "Old Rep.xlsx"), "old");
    fs.writeFileSync(at("stale", ".tp-4242-abcdef.tmp"), "half");
    const r = await plan(["build", teamPlan("stale", EIGHT), "--per", "reps", "-o", "stale"]);
    expect(r.code).toBe(0);
    expect(r.err.split("\n")).toEqual([
      "stale also holds 1 other workbook(s) this plan did not write (Old Rep.xlsx): if they are from an earlier run, remove them.",
      "stale holds 1 unfinished temporary file(s) (.tp-4242-abcdef.tmp) from a run that was killed: they are not workbooks; delete them.",
    ]);
  });

  test("a symbolic link in the folder (dangling or not) never makes --per write outside it", async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), "tp-outside-"));
    try {
      fs.mkdirSync(at("links"));
      fs.symlinkSync(path.join(outside, "planted.xlsx"), at("links", "Chen.xlsx")); // dangling
      fs.writeFileSync(path.join(outside, "victim.xlsx"), "victim");
      fs.symlinkSync(path.join(outside, "victim.xlsx"), at("links", "Liu.xlsx"));
      const planFile = teamPlan("links", EIGHT);
      const refused = await plan(["build", planFile, "--per", "reps", "-o", "links"]);
      expect(refused.code).toBe(1);
      expect(refused.err).toMatch(/^2 of the 8 workbooks are already in links \(Chen\.xlsx, Liu\.xlsx\)/);
      expect(fs.readdirSync(outside).sort()).toEqual(["victim.xlsx"]);
      // --skip-existing leaves the links; --force replaces the links themselves, not what they point to.
      expect((await plan(["build", planFile, "--per", "reps", "-o", "links", "--skip-existing"])).code).toBe(0);
      expect(fs.lstatSync(at("links", "Chen.xlsx")).isSymbolicLink()).toBe(true);
      expect((await plan(["build", planFile, "--per", "reps", "-o", "links", "--force"])).code).toBe(0);
      for (const name of ["Chen.xlsx", "Liu.xlsx"]) expect(fs.lstatSync(at("links", name)).isFile()).toBe(true);
      expect(fs.readdirSync(outside).sort()).toEqual(["victim.xlsx"]);
      expect(fs.readFileSync(path.join(outside, "victim.xlsx"), "utf8")).toBe("victim");
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  test("a folder where a member's workbook would go is refused before building", async () => {
    fs.mkdirSync(at("dir-taken", "Wu.xlsx"), { recursive: true });
    const r = await plan(["build", teamPlan("dir-taken", EIGHT), "--per", "reps", "-o", "dir-taken", "--force"]);
    expect(r).toMatchObject({ code: 1, err: `${path.join("dir-taken", "Wu.xlsx")} is a folder where a member's workbook would go; nothing was written: move it away or choose another folder.` });
    expect(workbooksIn(at("dir-taken"))).toEqual(["Wu.xlsx"]);
  });

  test("-o a file with --per: a folder is wanted", async () => {
    fs.writeFileSync(at("a-file"), "x");
    const r = await plan(["build", teamPlan("a-file-plan", EIGHT), "--per", "reps", "-o", "a-file"]);
    expect(r).toMatchObject({ code: 1, err: "a-file is a file, not a folder: --per writes one workbook per member into a folder; give a folder with -o." });
  });
});

/** The plan in `file`, validated. */
function validatePlanOk(file: string): import("../src/sheets/plan").Plan {
  const v = validatePlan(readJson(file));
  if (!v.ok) throw new Error("plan");
  return v.plan;
}

describe("what reaches the terminal", () => {
  test("printable writes control, C1 and bidirectional characters as escapes and keeps line breaks, tabs and Chinese", () => {
    expect(printable("a\u001b[31mb\u009b2J\u202Ec\r")).toBe("a\\u001b[31mb\\u009b2J\\u202ec\\u000d");
    expect(printable("华东\tline\nnext 😀")).toBe("华东\tline\nnext 😀");
  });

  test("in this process: a plan whose names and file name carry escape sequences prints none", async () => {
    const file = at("esc\u001b]0;owned\u0007.json");
    fs.writeFileSync(file, JSON.stringify({ title: "x\u001b[2J", year: 2025, total: 1, splits: [{ id: "r", kind: "region", members: [{ name: "\u001b[31mRed", weight: 1 }] }], "k\u009b": 1 }));
    const r = await plan(["validate", file]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("U+001B (ESC)");
    // eslint-disable-next-line no-control-regex
    expect(r.err).not.toMatch(/[\u001b\u0007\u009b]/);
  });
});

describe("as a process: exit codes, a real Ctrl+C, the bytes on the terminal", () => {
  test("exit 0 for a valid plan, 2 for a wrong command line", () => {
    expect(planProcess("validate", example("seed-plan.json"))).toMatchObject({ code: 0, err: "" });
    const usage = planProcess("frobnicate");
    expect(usage.code).toBe(2);
    expect(usage.err).toContain("Usage:");
  });

  test("exit 1 for a plan with problems, and no escape byte reaches stdout or stderr from its names or its file name", () => {
    const file = at("esc\u001b[31m.json");
    fs.writeFileSync(file, JSON.stringify({ title: "\u001b]0;owned\u0007", year: "2025", total: 1 }));
    const r = planProcess("validate", file);
    expect(r.code).toBe(1);
    expect(r.err.split("\n")).toEqual([
      "title: contains the control character U+001B (ESC) at character 1; a name is one line of plain text",
      'year: must be a number, not text "2025" (write it without quotes: 2025)',
      `${at("esc\\u001b[31m.json")}: 2 problem(s); nothing was written.`,
    ]);
    expect(r.stderr.includes(0x1b)).toBe(false);
    expect(r.stdout.includes(0x1b)).toBe(false);
  });

  test("Ctrl+C during --per: exit 130, every file in the folder complete, no temporary file, and --skip-existing finishes the set", async () => {
    const reps = Array.from({ length: 120 }, (_, i) => `Rep ${String(i + 1).padStart(3, "0")}`);
    const planFile = teamPlan("sigint", reps);
    const folder = at("sigint");
    const child = spawn(TSX, [path.join(ROOT, "src/cli/plan.ts"), "build", planFile, "--per", "reps", "-o", folder], { cwd: ROOT });
    let stderr = "";
    const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString("utf8");
        // The first progress line: the first workbook is written, the rest not yet.
        if (stderr.includes("Writing workbooks: 1 of 120")) resolve();
      });
      child.on("exit", () => reject(new Error(`exited before the first workbook: ${stderr}`)));
    });
    child.kill("SIGINT");
    expect(await exit).toBe(130);
    expect(stderr).toContain("Stopped by SIGINT: nothing half-written was left behind.");
    const m = /Wrote (\d+) of the 120 workbooks into .* before stopping/.exec(stderr);
    expect(m).not.toBeNull();
    const written = workbooksIn(folder);
    expect(written.length).toBe(Number(m![1]));
    expect(written.length).toBeLessThan(120);
    expect(temporaryIn(folder)).toEqual([]);
    for (const f of written) await JSZip.loadAsync(fs.readFileSync(path.join(folder, f)));
    const finish = await plan(["build", planFile, "--per", "reps", "-o", folder, "--skip-existing"]);
    expect(finish.code).toBe(0);
    expect(workbooksIn(folder)).toHaveLength(120);
  });
});
