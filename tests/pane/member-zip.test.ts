/**
 * The decomposition flow's "send out": one workbook per member of a dimension in a .zip
 * (src/taskpane/flows/forms/member-zip.ts), opened again with JSZip and ExcelJS.
 */
import JSZip from "jszip";
import { type Plan, memberAmount, validatePlan } from "../../src/sheets/plan";
import { memberFileNames } from "../../src/sheets/file-names";
import { memberFileName, zipMemberWorkbooks } from "../../src/taskpane/flows/forms/member-zip";
import { loadXlsx, readXlsxPlan } from "../../src/xlsx/read";

describe("member file names", () => {
  it("replaces what no file system takes and keeps Chinese names", () => {
    expect(memberFileName("Wang/Li")).toBe("Wang_Li.xlsx");
    expect(memberFileName('a:b*c?"d"<e>|f')).toBe("a_b_c__d__e__f.xlsx");
    expect(memberFileName("..hidden")).toBe("hidden.xlsx");
    expect(memberFileName("华东")).toBe("华东.xlsx");
  });
});

describe("one workbook per member, zipped", () => {
  it("holds one .xlsx per member whose total is that member's amount in the whole plan", async () => {
    const checked = validatePlan({
      title: "Team",
      year: 2025,
      unit: "元",
      total: 1_000_001,
      splits: [
        { id: "person", kind: "person", members: [{ name: "Wang/Li", weight: 2 }, { name: "Zhao", weight: 1 }] },
        { id: "quarter", kind: "quarter" },
      ],
    });
    if (!checked.ok) throw new Error("plan");
    const plan: Plan = checked.plan;
    const { bytes, count, files } = await zipMemberWorkbooks(plan, "person", { lang: "en", asOf: "2025-06-30" });
    expect(count).toBe(2);
    expect(files).toEqual(["Wang_Li.xlsx", "Zhao.xlsx"]);
    const zip = await JSZip.loadAsync(bytes);
    for (const [k, member] of ["Wang/Li", "Zhao"].entries()) {
      const book = await loadXlsx(await zip.file(files[k])!.async("uint8array"));
      const sheet = book.worksheets.find((w) => w.state === "visible")!;
      const values: unknown[] = [];
      sheet.eachRow((row) => row.eachCell((cell) => values.push(typeof cell.value === "object" && cell.value && "result" in cell.value ? cell.value.result : cell.value)));
      // The member's own total (core's split of the whole plan) is on their sheet; the other's name is not.
      expect(values).toContain(memberAmount(plan, { split: "person", member }));
      expect(values).not.toContain(k === 0 ? "Zhao" : "Wang/Li");
    }
  });
});

describe("one workbook per member, zipped, whatever the names", () => {
  it("keeps every member's workbook when names collide as files (a/b and a_b, Li:Na and Li?Na, Alice and alice): as many entries as it says", async () => {
    const names = ["a/b", "a_b", "Li:Na", "Li?Na", "Alice", "alice"];
    const checked = validatePlan({
      title: "Collisions",
      year: 2025,
      total: 600,
      splits: [{ id: "person", kind: "person", members: names.map((name) => ({ name, weight: 1 })) }, { id: "quarter", kind: "quarter" }],
    });
    if (!checked.ok) throw new Error("plan");
    const { bytes, count, files } = await zipMemberWorkbooks(checked.plan, "person", { lang: "en", asOf: "2025-06-30" });
    const zip = await JSZip.loadAsync(bytes);
    const entries = Object.keys(zip.files);
    expect(count).toBe(6);
    expect(entries).toHaveLength(6);
    expect(new Set(entries.map((e) => e.toLowerCase())).size).toBe(6);
    expect(files).toEqual(memberFileNames(names));
    // Each entry holds its own member's plan (the stored plan names the member in its title).
    for (const [k, member] of names.entries()) {
      const stored = (await readXlsxPlan(await zip.file(files[k])!.async("uint8array"))) as { title: string };
      expect(stored.title).toBe(`Collisions · ${member}`);
    }
  });
});
