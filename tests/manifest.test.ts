/**
 * The add-in manifest, checked offline (office-addin-manifest validate needs Microsoft's
 * web service): well-formed XML, the shared-runtime and custom-functions wiring, resource
 * ids, both languages, URLs that name files the build writes, and the icons. Also the
 * production rebasing of its URLs (scripts/manifest-url.cjs), and `--china`, which points
 * the built pages at 21Vianet's office.js (Office 365 operated by 21Vianet).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BUILD_OUTPUTS, OFFICE_JS_CDNS, normaliseBaseUrl, rebaseManifest, retargetOfficeJs } from "../scripts/manifest-url.cjs";
import { AUTO_SHOW_SETTING } from "../src/excel/office-workbook";

const ROOT = path.resolve(__dirname, "..");
const DIST = path.join(ROOT, "dist");
const DEV_ORIGIN = "https://localhost:3000";
const RUNTIME_RESID = "Taskpane.Url";

// ---------------------------------------------------------------------------------------
// A small, strict XML reader: enough to prove well-formedness and walk the element tree.
// It rejects what a conforming parser rejects in documents like ours: mismatched or
// unclosed tags, several roots, text outside the root, unquoted or repeated attributes,
// "<" in attribute values, unknown entities, "--" inside comments, DOCTYPE.
// ---------------------------------------------------------------------------------------

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
  parent: XmlElement | null;
  line: number;
}

const NAME = /[A-Za-z_][\w.:-]*/y;
const PREDEFINED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeEntities(raw: string, where: () => string): string {
  return raw.replace(/&([^;&\s]*);?/g, (match, ref: string) => {
    if (!match.endsWith(";")) throw new Error(`bare "&" ${where()}`);
    if (ref in PREDEFINED) return PREDEFINED[ref];
    const num = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(ref);
    if (num) return String.fromCodePoint(parseInt(num[1] ?? num[2], num[1] ? 16 : 10));
    throw new Error(`unknown entity &${ref}; ${where()}`);
  });
}

function parseXml(source: string): XmlElement {
  const src = source.replace(/^\uFEFF/, "");
  let i = 0;
  let root: XmlElement | null = null;
  const stack: XmlElement[] = [];
  const lineAt = (pos: number) => src.slice(0, pos).split("\n").length;
  const fail = (msg: string, pos = i): never => {
    throw new Error(`XML line ${lineAt(pos)}: ${msg}`);
  };
  const skipSpace = () => {
    while (i < src.length && /\s/.test(src[i])) i++;
  };
  const readName = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(src);
    if (!m) return fail("expected a name");
    i += m[0].length;
    return m[0];
  };

  if (src.startsWith("<?xml")) {
    const end = src.indexOf("?>");
    if (end < 0) fail("unterminated XML declaration");
    if (!/^<\?xml\s+version="1\.0"(\s+encoding="UTF-8")?(\s+standalone="(yes|no)")?\s*\?>$/.test(src.slice(0, end + 2))) {
      fail("unexpected XML declaration");
    }
    i = end + 2;
  }

  while (i < src.length) {
    const lt = src.indexOf("<", i);
    const textEnd = lt < 0 ? src.length : lt;
    if (textEnd > i) {
      const raw = src.slice(i, textEnd);
      const text = decodeEntities(raw, () => `at line ${lineAt(i)}`);
      if (raw.includes("]]>")) fail('"]]>" in text');
      if (stack.length === 0) {
        if (text.trim() !== "") fail("text outside the root element");
      } else {
        stack[stack.length - 1].text += text;
      }
      i = textEnd;
      continue;
    }
    if (src.startsWith("<!--", i)) {
      const end = src.indexOf("-->", i + 4);
      if (end < 0) fail("unterminated comment");
      if (src.slice(i + 4, end).includes("--") || src[end - 1] === "-") fail('"--" inside a comment');
      i = end + 3;
    } else if (src.startsWith("<![CDATA[", i)) {
      if (stack.length === 0) fail("CDATA outside the root element");
      const end = src.indexOf("]]>", i);
      if (end < 0) fail("unterminated CDATA section");
      stack[stack.length - 1].text += src.slice(i + 9, end);
      i = end + 3;
    } else if (src.startsWith("<?", i)) {
      const end = src.indexOf("?>", i);
      if (end < 0) fail("unterminated processing instruction");
      if (/^<\?xml[\s?]/i.test(src.slice(i, i + 6))) fail("XML declaration not at the start");
      i = end + 2;
    } else if (src.startsWith("<!", i)) {
      fail("DOCTYPE and other declarations are not expected in a manifest");
    } else if (src.startsWith("</", i)) {
      const start = i;
      i += 2;
      const name = readName();
      skipSpace();
      if (src[i] !== ">") fail(`malformed end tag </${name}`);
      i++;
      const open = stack.pop();
      if (!open) fail(`end tag </${name}> without a start tag`, start);
      else if (open.name !== name) fail(`</${name}> closes <${open.name}> (opened on line ${open.line})`, start);
    } else {
      const start = i;
      i += 1;
      const el: XmlElement = { name: readName(), attrs: {}, children: [], text: "", parent: null, line: lineAt(start) };
      for (;;) {
        const hadSpace = /\s/.test(src[i] ?? "");
        skipSpace();
        if (src.startsWith("/>", i) || src[i] === ">") break;
        if (i >= src.length) fail(`unterminated start tag <${el.name}`, start);
        if (!hadSpace) fail(`missing space before an attribute in <${el.name}>`);
        const attr = readName();
        skipSpace();
        if (src[i] !== "=") fail(`attribute ${attr} of <${el.name}> has no value`);
        i++;
        skipSpace();
        const quote = src[i];
        if (quote !== '"' && quote !== "'") fail(`attribute ${attr} of <${el.name}> is not quoted`);
        const end = src.indexOf(quote, i + 1);
        if (end < 0) fail(`unterminated value of ${attr}`);
        const raw = src.slice(i + 1, end);
        if (raw.includes("<")) fail(`"<" in the value of ${attr}`);
        if (attr in el.attrs) fail(`attribute ${attr} repeated in <${el.name}>`);
        el.attrs[attr] = decodeEntities(raw, () => `in attribute ${attr} on line ${lineAt(i)}`);
        i = end + 1;
      }
      const selfClosing = src.startsWith("/>", i);
      i += selfClosing ? 2 : 1;
      if (stack.length === 0) {
        if (root) fail(`second root element <${el.name}>`, start);
        root = el;
      } else {
        el.parent = stack[stack.length - 1];
        el.parent.children.push(el);
      }
      if (!selfClosing) stack.push(el);
    }
  }
  if (stack.length > 0) fail(`<${stack[stack.length - 1].name}> (line ${stack[stack.length - 1].line}) is never closed`);
  if (!root) return fail("no root element");
  return root;
}

// Tree helpers -------------------------------------------------------------------------

function descendants(el: XmlElement): XmlElement[] {
  return el.children.flatMap((c) => [c, ...descendants(c)]);
}

/** The only child named `name`; fails when there is none or more than one. */
function child(el: XmlElement, name: string): XmlElement {
  const found = el.children.filter((c) => c.name === name);
  if (found.length !== 1) throw new Error(`<${el.name}> (line ${el.line}) has ${found.length} <${name}> children, expected 1`);
  return found[0];
}

/** Follows a path of child names, e.g. at(doc, "Requirements", "Sets"). */
function at(el: XmlElement, ...names: string[]): XmlElement {
  return names.reduce(child, el);
}

function byAttr(els: XmlElement[], attr: string, value: string): XmlElement[] {
  return els.filter((e) => e.attrs[attr] === value);
}

function pathOf(el: XmlElement): string {
  const names: string[] = [];
  for (let e: XmlElement | null = el; e; e = e.parent) names.unshift(e.name);
  return names.join("/");
}

/** Reads a PNG's width and height from its IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = fs.readFileSync(file);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature) || bytes.toString("latin1", 12, 16) !== "IHDR") {
    throw new Error(`${file} is not a PNG`);
  }
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

// The manifest -------------------------------------------------------------------------

const manifestText = fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8");
const doc = parseXml(manifestText);
const all = descendants(doc);
const versionOverrides = child(doc, "VersionOverrides");
const host = at(versionOverrides, "Hosts", "Host");
const resources = child(versionOverrides, "Resources");

type ResourceKind = "bt:Images" | "bt:Urls" | "bt:ShortStrings" | "bt:LongStrings";
const RESOURCE_KINDS: ResourceKind[] = ["bt:Images", "bt:Urls", "bt:ShortStrings", "bt:LongStrings"];

/** Every resource definition (id, kind, element), in document order, duplicates kept. */
const definitions = RESOURCE_KINDS.flatMap((kind) =>
  child(resources, kind).children.map((el) => ({ id: el.attrs.id, kind, el })),
);

function resource(id: string): { kind: ResourceKind; el: XmlElement } {
  const found = definitions.filter((d) => d.id === id);
  if (found.length !== 1) throw new Error(`resource ${id} is defined ${found.length} times`);
  return found[0];
}

function resourceValue(id: string, locale?: string): string {
  const { el } = resource(id);
  if (!locale) return el.attrs.DefaultValue;
  const override = el.children.find((c) => c.name === "bt:Override" && c.attrs.Locale === locale);
  if (!override) throw new Error(`resource ${id} has no ${locale} override`);
  return override.attrs.Value;
}

/** Every attribute value and text node in the document (comments and xmlns declarations excluded). */
function valuesOf(root: XmlElement): string[] {
  return [root, ...descendants(root)].flatMap((el) => [
    ...Object.entries(el.attrs)
      .filter(([name]) => name !== "xmlns" && !name.startsWith("xmlns:"))
      .map(([, value]) => value),
    el.text,
  ]);
}
const allValues = valuesOf(doc);
const devUrls = allValues.flatMap((v) => v.match(/https:\/\/localhost:3000[^\s"'<>]*/g) ?? []);


const HAN = /[\u4e00-\u9fff]/;

describe("manifest.xml", () => {
  describe("document", () => {
    it("is well-formed XML with an OfficeApp task pane root", () => {
      expect(doc.name).toBe("OfficeApp");
      expect(doc.attrs["xsi:type"]).toBe("TaskPaneApp");
      expect(doc.attrs.xmlns).toBe("http://schemas.microsoft.com/office/appforoffice/1.1");
      expect(doc.attrs["xmlns:bt"]).toBe("http://schemas.microsoft.com/office/officeappbasictypes/1.0");
    });

    it("has the base elements in the schema's order", () => {
      expect(doc.children.map((c) => c.name)).toEqual([
        "Id",
        "Version",
        "ProviderName",
        "DefaultLocale",
        "DisplayName",
        "Description",
        "IconUrl",
        "HighResolutionIconUrl",
        "SupportUrl",
        "AppDomains",
        "Hosts",
        "Requirements",
        "DefaultSettings",
        "Permissions",
        "VersionOverrides",
      ]);
    });

    it("names itself with a fixed GUID and version 1.0.0.0", () => {
      expect(child(doc, "Id").text.trim()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(child(doc, "Id").text.trim()).toBe("2993898a-a776-4a89-9d49-ee1f98e7a3b6");
      expect(child(doc, "Version").text.trim()).toBe("1.0.0.0");
      expect(child(doc, "ProviderName").text.trim()).toBe("Target Planner");
      expect(child(doc, "DefaultLocale").text.trim()).toBe("en-US");
    });

    it("runs in workbooks and may read and write them", () => {
      expect(at(doc, "Hosts", "Host").attrs.Name).toBe("Workbook");
      expect(child(doc, "Permissions").text.trim()).toBe("ReadWriteDocument");
      expect(at(doc, "DefaultSettings", "SourceLocation").attrs.DefaultValue).toBe(`${DEV_ORIGIN}/taskpane.html`);
      expect(at(doc, "AppDomains", "AppDomain").text.trim()).toBe(DEV_ORIGIN);
    });

    it("requires the shared runtime 1.1 and nothing more (the writer checks ExcelApi at run time)", () => {
      const sets = at(doc, "Requirements", "Sets");
      expect(sets.children.map((s) => [s.attrs.Name, s.attrs.MinVersion])).toEqual([["SharedRuntime", "1.1"]]);
    });

    it("sends users who ask for support or to learn more to the help page, not the pane", () => {
      const support = child(doc, "SupportUrl");
      const learnMore = resource(at(host, "DesktopFormFactor", "GetStarted", "LearnMoreUrl").attrs.resid).el;
      for (const el of [support, learnMore]) {
        expect(el.attrs.DefaultValue).toBe(`${DEV_ORIGIN}/help.html`);
        expect(el.children.map((o) => [o.attrs.Locale, o.attrs.Value])).toEqual([["zh-CN", `${DEV_ORIGIN}/help.html#zh-cn`]]);
      }
      const help = fs.readFileSync(path.join(ROOT, "assets", "help.html"), "utf8");
      expect(help).toMatch(/<section id="en" lang="en">/);
      expect(help).toMatch(/<section id="zh-cn" lang="zh-CN">/);
      expect(help).toMatch(/Where it runs/);
      // A static page: no script, nothing fetched from elsewhere.
      expect(help).not.toMatch(/<script|https?:\/\//i);
    });
  });

  describe("both languages", () => {
    it("has a Chinese display name and description", () => {
      const displayName = child(doc, "DisplayName");
      expect(displayName.attrs.DefaultValue).toBe("Target Planner");
      expect(byAttr(displayName.children, "Locale", "zh-CN").map((o) => o.attrs.Value)).toEqual(["目标规划"]);
      const description = child(doc, "Description");
      expect(description.attrs.DefaultValue).toMatch(/target/i);
      const zh = byAttr(description.children, "Locale", "zh-CN");
      expect(zh).toHaveLength(1);
      expect(zh[0].attrs.Value).toMatch(HAN);
      for (const o of [...displayName.children, ...description.children]) expect(o.name).toBe("Override");
    });

    it("keeps names within what the store and the unified manifest accept", () => {
      const displayName = child(doc, "DisplayName");
      const description = child(doc, "Description");
      for (const value of [displayName.attrs.DefaultValue, ...displayName.children.map((o) => o.attrs.Value)]) {
        expect(value.length).toBeGreaterThan(0);
        expect(value.length).toBeLessThanOrEqual(30);
      }
      for (const value of [description.attrs.DefaultValue, ...description.children.map((o) => o.attrs.Value)]) {
        expect(value.length).toBeLessThanOrEqual(250);
      }
    });

    it("translates every ribbon and Get Started string into Chinese, but not the namespace", () => {
      const strings = definitions.filter((d) => d.kind === "bt:ShortStrings" || d.kind === "bt:LongStrings");
      for (const { id, el } of strings) {
        const overrides = el.children.filter((c) => c.name === "bt:Override");
        if (id === "Functions.Namespace") {
          expect(overrides).toEqual([]);
          continue;
        }
        expect({ id, locales: overrides.map((o) => o.attrs.Locale) }).toEqual({ id, locales: ["zh-CN"] });
        expect({ id, value: overrides[0].attrs.Value }).toEqual({ id, value: expect.stringMatching(HAN) });
      }
      expect(resourceValue("Group.Label", "zh-CN")).toBe("目标规划");
      expect(resourceValue("QuarterlySplit.Label")).toBe("Quarterly split");
      expect(resourceValue("QuarterlySplit.Label", "zh-CN")).toBe("季度分解");
    });

    it("keeps short strings within 125 characters and long strings within 250", () => {
      for (const { id, kind, el } of definitions) {
        const values = [el.attrs.DefaultValue, ...el.children.map((c) => c.attrs.Value)];
        const limit = kind === "bt:ShortStrings" ? 125 : kind === "bt:LongStrings" ? 250 : 2048;
        for (const v of values) {
          expect({ id, ok: v.length >= 1 && v.length <= limit }).toEqual({ id, ok: true });
        }
      }
    });
  });

  describe("shared runtime and custom functions", () => {
    it("declares one long-lived runtime right after the Host opens", () => {
      expect(host.attrs["xsi:type"]).toBe("Workbook");
      expect(host.children[0].name).toBe("Runtimes");
      const runtimes = host.children[0].children;
      expect(runtimes.map((r) => [r.name, r.attrs.resid, r.attrs.lifetime])).toEqual([["Runtime", RUNTIME_RESID, "long"]]);
      expect(resourceValue(RUNTIME_RESID)).toBe(`${DEV_ORIGIN}/taskpane.html`);
    });

    it("uses the runtime's page for the functions' page, the function file and the pane", () => {
      // Different resids here would make Excel start separate runtimes.
      const functions = at(host, "AllFormFactors", "ExtensionPoint");
      expect(at(functions, "Page", "SourceLocation").attrs.resid).toBe(RUNTIME_RESID);
      expect(at(host, "DesktopFormFactor", "FunctionFile").attrs.resid).toBe(RUNTIME_RESID);
      const showTaskpane = all.filter((e) => e.name === "Action" && e.attrs["xsi:type"] === "ShowTaskpane");
      expect(showTaskpane.length).toBeGreaterThan(0);
      for (const action of showTaskpane) expect(child(action, "SourceLocation").attrs.resid).toBe(RUNTIME_RESID);
    });

    it("registers the custom functions under the TARGET namespace", () => {
      const functions = at(host, "AllFormFactors", "ExtensionPoint");
      expect(functions.attrs["xsi:type"]).toBe("CustomFunctions");
      expect(resourceValue(at(functions, "Script", "SourceLocation").attrs.resid)).toBe(`${DEV_ORIGIN}/functions.js`);
      expect(resourceValue(at(functions, "Metadata", "SourceLocation").attrs.resid)).toBe(`${DEV_ORIGIN}/functions.json`);
      const namespace = child(functions, "Namespace");
      expect(resource(namespace.attrs.resid).kind).toBe("bt:ShortStrings");
      expect(resourceValue(namespace.attrs.resid)).toBe("TARGET");
    });

    it("serves Chinese function help to zh-CN Excel", () => {
      const metadata = resource("Functions.Metadata.Url").el;
      const overrides = metadata.children.filter((c) => c.name === "bt:Override");
      expect(overrides.map((o) => [o.attrs.Locale, o.attrs.Value])).toEqual([["zh-CN", `${DEV_ORIGIN}/functions.zh-cn.json`]]);
    });
  });

  describe("ribbon", () => {
    const desktop = at(host, "DesktopFormFactor");

    it("has Get Started text, the function file and the command surface in order", () => {
      expect(desktop.children.map((c) => c.name)).toEqual(["GetStarted", "FunctionFile", "ExtensionPoint"]);
      const getStarted = child(desktop, "GetStarted");
      expect(getStarted.children.map((c) => c.name)).toEqual(["Title", "Description", "LearnMoreUrl"]);
    });

    it("adds a Target Planner group to the Home tab with the pane and quarterly split buttons", () => {
      const surface = child(desktop, "ExtensionPoint");
      expect(surface.attrs["xsi:type"]).toBe("PrimaryCommandSurface");
      const tab = child(surface, "OfficeTab");
      expect(tab.attrs.id).toBe("TabHome");
      const group = child(tab, "Group");
      expect(resourceValue(child(group, "Label").attrs.resid)).toBe("Target Planner");
      const controls = group.children.filter((c) => c.name === "Control");
      expect(controls.map((c) => [c.attrs["xsi:type"], resourceValue(child(c, "Label").attrs.resid)])).toEqual([
        ["Button", "Open Target Planner"],
        ["Button", "Quarterly split"],
      ]);

      const [open, split] = controls.map((c) => child(c, "Action"));
      expect(open.attrs["xsi:type"]).toBe("ShowTaskpane");
      // "Automatically open a task pane with a document" (Microsoft Learn): "To specify the
      // task pane to open automatically, set the TaskpaneId value to
      // Office.AutoShowTaskpaneWithDocument." The writer saves the setting of that name in
      // each workbook it writes; with any other id here the pane never opens by itself.
      expect(child(open, "TaskpaneId").text.trim()).toBe("Office.AutoShowTaskpaneWithDocument");
      expect(child(open, "TaskpaneId").text.trim()).toBe(AUTO_SHOW_SETTING);
      expect(split.attrs["xsi:type"]).toBe("ExecuteFunction");
      expect(child(split, "FunctionName").text.trim()).toBe("openQuarterlySplit");

      for (const control of controls) {
        expect(control.children.map((c) => c.name)).toEqual(["Label", "Supertip", "Icon", "Action"]);
        expect(resource(at(control, "Supertip", "Description").attrs.resid).kind).toBe("bt:LongStrings");
      }
    });

    it("gives the group and every button 16, 32 and 80 px icons of those sizes", () => {
      const icons = all.filter((e) => e.name === "Icon");
      expect(icons).toHaveLength(3);
      for (const icon of icons) {
        expect(icon.children.map((img) => img.attrs.size)).toEqual(["16", "32", "80"]);
        for (const img of icon.children) {
          expect(img.name).toBe("bt:Image");
          expect(resourceValue(img.attrs.resid)).toBe(`${DEV_ORIGIN}/assets/icon-${img.attrs.size}.png`);
        }
      }
      expect(child(doc, "IconUrl").attrs.DefaultValue).toBe(`${DEV_ORIGIN}/assets/icon-32.png`);
      expect(child(doc, "HighResolutionIconUrl").attrs.DefaultValue).toBe(`${DEV_ORIGIN}/assets/icon-64.png`);
    });

    it("uses unique control and group ids", () => {
      const ids = all.filter((e) => e.name === "Group" || e.name === "Control").map((e) => e.attrs.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id.length).toBeLessThanOrEqual(125);
    });
  });

  describe("resources", () => {
    // The kind of resource each referring element needs.
    const EXPECTED_KIND: Record<string, ResourceKind> = {
      "bt:Image": "bt:Images",
      SourceLocation: "bt:Urls",
      Runtime: "bt:Urls",
      FunctionFile: "bt:Urls",
      LearnMoreUrl: "bt:Urls",
      Label: "bt:ShortStrings",
      Title: "bt:ShortStrings",
      Namespace: "bt:ShortStrings",
      Description: "bt:LongStrings",
    };
    const references = all.filter((e) => "resid" in e.attrs);

    it("defines every resource id exactly once, with an id of at most 32 characters", () => {
      const counts = new Map<string, number>();
      for (const d of definitions) counts.set(d.id, (counts.get(d.id) ?? 0) + 1);
      const repeated = [...counts].filter(([, n]) => n !== 1).map(([id]) => id);
      expect(repeated).toEqual([]);
      for (const d of definitions) {
        expect(d.id).toMatch(/^[A-Za-z0-9._-]{1,32}$/);
        expect(d.el.name).toBe(d.kind === "bt:Images" ? "bt:Image" : d.kind === "bt:Urls" ? "bt:Url" : "bt:String");
      }
    });

    it("resolves every resid to one definition of the right kind", () => {
      expect(references.length).toBeGreaterThan(20);
      for (const ref of references) {
        const where = `${pathOf(ref)} (line ${ref.line}) resid="${ref.attrs.resid}"`;
        const expected = EXPECTED_KIND[ref.name];
        expect({ where, known: expected !== undefined }).toEqual({ where, known: true });
        const defs = definitions.filter((d) => d.id === ref.attrs.resid);
        expect({ where, kinds: defs.map((d) => d.kind) }).toEqual({ where, kinds: [expected] });
      }
    });

    it("defines no resource that nothing uses, except the 64 px image kept beside the others", () => {
      const used = new Set(references.map((r) => r.attrs.resid));
      expect(definitions.filter((d) => !used.has(d.id)).map((d) => d.id)).toEqual(["Icon.64x64"]);
    });
  });

  describe("URLs", () => {
    it("points every URL at the dev server, over https", () => {
      const urls = allValues.flatMap((v) => v.match(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]*/gi) ?? []);
      expect(urls.length).toBeGreaterThan(10);
      for (const url of urls) expect({ url, dev: url.startsWith(`${DEV_ORIGIN}/`) || url === DEV_ORIGIN }).toEqual({ url, dev: true });
      expect(devUrls).toHaveLength(urls.length);
    });

    it("names only files the build writes", () => {
      const files = devUrls.map((u) => u.slice(DEV_ORIGIN.length).replace(/[?#].*$/, "").replace(/^\//, "")).filter((f) => f !== "");
      expect(files.length).toBeGreaterThan(10);
      for (const f of files) expect(BUILD_OUTPUTS).toContain(f);
    });
  });

  describe("icons in assets/", () => {
    it.each([16, 32, 64, 80])("has a %i px PNG", (size) => {
      expect(pngSize(path.join(ROOT, "assets", `icon-${size}.png`))).toEqual({ width: size, height: size });
    });

    it("keeps the SVG sources the PNGs are drawn from", () => {
      for (const svg of ["icon.svg", "icon-16.svg"]) {
        expect(fs.readFileSync(path.join(ROOT, "assets", svg), "utf8")).toMatch(/^<svg [^>]*viewBox=/);
      }
    });
  });

  describe("against the built dist/", () => {
    const distMissing = () =>
      new Error(`dist/ is missing or incomplete (${DIST}): run \`npm run build\` before this test; it checks the manifest's URLs against the built files.`);

    it("finds every file the manifest names in dist/", () => {
      if (!fs.existsSync(path.join(DIST, "taskpane.html"))) throw distMissing();
      const missing = [...new Set(devUrls)]
        .map((u) => u.slice(DEV_ORIGIN.length).replace(/[?#].*$/, "").replace(/^\//, ""))
        .filter((f) => f !== "" && !fs.existsSync(path.join(DIST, f)));
      expect(missing).toEqual([]);
    });

    it("ships the icons and an unchanged manifest in dist/", () => {
      if (!fs.existsSync(DIST)) throw distMissing();
      for (const size of [16, 32, 64, 80]) {
        expect(pngSize(path.join(DIST, "assets", `icon-${size}.png`))).toEqual({ width: size, height: size });
      }
      expect(fs.readFileSync(path.join(DIST, "manifest.xml"), "utf8")).toBe(manifestText);
    });

    it("loads the functions and the commands from the runtime's page", () => {
      if (!fs.existsSync(DIST)) throw distMissing();
      const html = fs.readFileSync(path.join(DIST, "taskpane.html"), "utf8");
      // Minified HTML may drop the quotes around attribute values.
      for (const bundle of ["functions", "commands"]) {
        expect(html).toMatch(new RegExp(`<script\\b[^>]*\\bsrc=["']?(?:[^"'\\s>]*/)?${bundle}\\.js(?:["'\\s>?#])`));
      }
    });

    it("has the commands bundle register the ribbon's function name", () => {
      if (!fs.existsSync(DIST)) throw distMissing();
      const names = all.filter((e) => e.name === "FunctionName").map((e) => e.text.trim());
      const commands = fs.readFileSync(path.join(DIST, "commands.js"), "utf8");
      // A key of the table handed to Office.actions.associate; minified, it may lose its quotes.
      for (const name of names) expect(commands).toMatch(new RegExp(`(^|[^\\w$])${name}(?![\\w$])`));
    });
  });
});

describe("parseXml (the checker above)", () => {
  it.each([
    ["<a><b></a></b>", /closes/],
    ["<a></a><b/>", /second root/],
    ["<a x=1/>", /not quoted/],
    ['<a x="1" x="2"/>', /repeated/],
    ['<a x="<"/>', /"<" in the value/],
    ["<a>&nbsp;</a>", /unknown entity/],
    ["<a>AT&T</a>", /bare "&"/],
    ["<a><!-- a -- b --></a>", /inside a comment/],
    ["<a>", /never closed/],
    ["text<a/>", /outside the root/],
    ['<a x="1"y="2"/>', /missing space/],
  ])("rejects %s", (xml, message) => {
    expect(() => parseXml(xml)).toThrow(message);
  });

  it("reads attributes, entities and nesting", () => {
    const el = parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<a k="x &amp; &#x4E2D;"><b>t&lt;</b><!-- c --><c/></a>');
    expect(el.attrs.k).toBe("x & 中");
    expect(el.children.map((c) => c.name)).toEqual(["b", "c"]);
    expect(el.children[0].text).toBe("t<");
  });
});

describe("rebaseManifest (npm run manifest:prod)", () => {
  const BASE = "https://addin.example.com/target-planner";
  const devOriginCount = manifestText.match(/https:\/\/localhost:3000/g)?.length ?? 0;

  it("replaces every dev-server URL and says how many", () => {
    const { xml, count } = rebaseManifest(manifestText, BASE);
    expect(devOriginCount).toBeGreaterThan(10);
    expect(count).toBe(devOriginCount);
    expect(xml).not.toMatch(/localhost/i);
    expect(xml.split(BASE).length - 1).toBe(devOriginCount - 1); // all but the app domain
  });

  it("keeps the manifest well-formed and changes nothing but the URLs", () => {
    const rebased = parseXml(rebaseManifest(manifestText, BASE).xml);
    const before = [doc, ...all].map((e) => e.name);
    expect([rebased, ...descendants(rebased)].map((e) => e.name)).toEqual(before);
    expect(at(rebased, "AppDomains", "AppDomain").text.trim()).toBe("https://addin.example.com");
    expect(at(rebased, "DefaultSettings", "SourceLocation").attrs.DefaultValue).toBe(`${BASE}/taskpane.html`);
    const urls = valuesOf(rebased).flatMap((v) => v.match(/https:\/\/[^\s"'<>]*/g) ?? []);
    expect(urls).toHaveLength(devOriginCount);
    const metadata = descendants(rebased).find((e) => e.attrs.id === "Functions.Metadata.Url");
    expect(metadata?.children[0].attrs.Value).toBe(`${BASE}/functions.zh-cn.json`);
  });

  it("treats a trailing slash and an upper-case host like the plain address", () => {
    expect(rebaseManifest(manifestText, "https://Addin.Example.com/target-planner/").xml).toBe(rebaseManifest(manifestText, BASE).xml);
    expect(normaliseBaseUrl("https://cdn.example.com/")).toEqual({ base: "https://cdn.example.com", origin: "https://cdn.example.com" });
    expect(rebaseManifest(manifestText, "https://cdn.example.com").xml).toContain('"https://cdn.example.com/functions.js"');
  });

  it("escapes characters that XML reserves", () => {
    const { xml } = rebaseManifest(manifestText, "https://x.example/a&b");
    expect(xml).toContain("https://x.example/a&amp;b/functions.js");
    expect(() => parseXml(xml)).not.toThrow();
  });

  it.each([
    ["http://addin.example.com", /https/],
    ["ftp://addin.example.com", /https/],
    ["addin.example.com/target-planner", /absolute URL/],
    ["", /No base URL/],
    ["https://addin.example.com/tp?v=1", /query/],
    ["https://addin.example.com/tp#x", /fragment/],
    ["https://user:secret@addin.example.com", /user name/],
  ])("rejects the base %p", (base, message) => {
    expect(() => rebaseManifest(manifestText, base)).toThrow(message);
  });

  it("refuses a manifest without dev-server URLs", () => {
    expect(() => rebaseManifest("<OfficeApp/>", BASE)).toThrow(/no https:\/\/localhost:3000/);
  });
});

describe("office.js from 21Vianet's CDN (npm run manifest:prod -- URL --china)", () => {
  // The address Office 365 operated by 21Vianet serves office.js from, written out here
  // rather than read from the script, so that a typo there fails this test.
  const CHINA = "https://appsforoffice.cdn.partner.office365.cn/appsforoffice/lib/1/hosted/office.js";
  const GLOBAL = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
  const template = fs.readFileSync(path.join(ROOT, "src", "taskpane", "taskpane.html"), "utf8");
  const officeJsSources = (html: string) => [...html.matchAll(/<script\b[^>]*\bsrc=["']?([^"'\s>]*office\.js)/g)].map((m) => m[1]);

  it("knows both addresses", () => {
    expect(OFFICE_JS_CDNS).toEqual({ global: GLOBAL, "21vianet": CHINA });
  });

  it("the page loads office.js from Microsoft's CDN by default, once", () => {
    expect(officeJsSources(template)).toEqual([GLOBAL]);
  });

  it("swaps that address, and only that, and swaps it back", () => {
    const china = retargetOfficeJs(template, "21vianet");
    expect(china).toMatchObject({ count: 1, replaced: 1 });
    expect(officeJsSources(china.html)).toEqual([CHINA]);
    expect(china.html.replace(CHINA, GLOBAL)).toBe(template);
    expect(retargetOfficeJs(china.html, "21vianet")).toEqual({ html: china.html, count: 1, replaced: 0 });
    expect(retargetOfficeJs(china.html, "global")).toEqual({ html: template, count: 1, replaced: 1 });
    expect(() => retargetOfficeJs(template, "mars" as "global")).toThrow(/Unknown office.js CDN/);
  });

  describe("the script, on a copy of the built pages", () => {
    let dir: string;
    const script = path.join(ROOT, "scripts", "manifest-prod.mjs");
    const run = (...args: string[]) => spawnSync(process.execPath, [script, ...args], { cwd: ROOT, encoding: "utf8" });

    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "tp-manifest-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("points dist/taskpane.html at 21Vianet's office.js with --china, and back with --cdn global", () => {
      const built = path.join(DIST, "taskpane.html");
      if (!fs.existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first (npm test does)`);
      const page = path.join(dir, "taskpane.html");
      fs.copyFileSync(built, page);
      const original = fs.readFileSync(page, "utf8");
      expect(officeJsSources(original)).toEqual([GLOBAL]);

      const china = run("https://addin.example.cn/target-planner", "--china", "--dist", dir, "--out", path.join(dir, "manifest.prod.xml"));
      expect(china.stderr).toBe("");
      expect(china.status).toBe(0);
      const chinaPage = fs.readFileSync(page, "utf8");
      expect(officeJsSources(chinaPage)).toEqual([CHINA]);
      expect(chinaPage).not.toContain("appsforoffice.microsoft.com");
      expect(chinaPage.replace(CHINA, GLOBAL)).toBe(original);
      const manifest = fs.readFileSync(path.join(dir, "manifest.prod.xml"), "utf8");
      expect(manifest).toContain('"https://addin.example.cn/target-planner/taskpane.html"');
      expect(manifest).not.toMatch(/localhost/);

      const back = run("https://addin.example.com/target-planner", "--cdn", "global", "--dist", dir, "--out", path.join(dir, "manifest.prod.xml"));
      expect(back.status).toBe(0);
      expect(fs.readFileSync(page, "utf8")).toBe(original);
    });

    it("refuses --china when no built page loads office.js, and writes nothing", () => {
      const result = run("https://addin.example.cn/target-planner", "--china", "--dist", dir, "--out", path.join(dir, "manifest.prod.xml"));
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/No built page .* loads office\.js/);
      expect(fs.existsSync(path.join(dir, "manifest.prod.xml"))).toBe(false);
    });

    it("rejects an unknown CDN", () => {
      const result = run("https://addin.example.cn/target-planner", "--cdn", "mars", "--dist", dir, "--out", path.join(dir, "m.xml"));
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/--cdn must be one of global, 21vianet/);
    });
  });
});
