/**
 * The first-load budget of the production build (scripts/budget.cjs in webpack.config.js):
 * a real webpack compilation of small made-up entries, to show the build fails when the
 * pane entry's initial JavaScript is over budget, and that lazy chunks are not counted.
 */
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { gzipSync } from "zlib";
import webpack from "webpack";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { FirstLoadBudget } = require("../scripts/budget.cjs") as {
  FirstLoadBudget: new (options: { entry: string; maxGzipBytes: number; log?: (line: string) => void }) => webpack.WebpackPluginInstance;
};

/** Text that gzip cannot shrink much: `bytes` random bytes as hex. */
const noise = (bytes: number) => randomBytes(bytes).toString("hex");

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tp-budget-"));
  // ~24 KB of first load (about 12 KB gzipped), and ~60 KB more behind import().
  fs.writeFileSync(path.join(dir, "pane.js"), `window.first = "${noise(12_000)}"; document.onclick = () => import("./lazy.js").then((m) => m.show());`);
  fs.writeFileSync(path.join(dir, "lazy.js"), `export function show() { window.later = "${noise(30_000)}"; }`);
  fs.writeFileSync(path.join(dir, "functions.js"), `window.fns = "${noise(1_000)}";`);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Builds the made-up entries with the budget; resolves with webpack's errors and what the plugin printed. */
function build(maxGzipBytes: number): Promise<{ errors: string[]; lines: string[]; files: string[]; out: string }> {
  const lines: string[] = [];
  const out = fs.mkdtempSync(path.join(dir, "out-"));
  const compiler = webpack({
    mode: "production",
    context: dir,
    entry: { taskpane: "./pane.js", functions: "./functions.js" },
    output: { path: out, filename: "[name].js", chunkFilename: "[name].[contenthash:8].chunk.js", publicPath: "auto" },
    plugins: [new FirstLoadBudget({ entry: "taskpane", maxGzipBytes, log: (line) => lines.push(line) })],
    infrastructureLogging: { level: "none" },
  });
  return new Promise((resolve, reject) => {
    compiler.run((error, stats) => {
      compiler.close(() => undefined);
      if (error || !stats) return reject(error ?? new Error("no stats"));
      resolve({ errors: stats.toJson({ all: false, errors: true }).errors?.map((e) => e.message) ?? [], lines, files: fs.readdirSync(out), out });
    });
  });
}

/** "12.3 KB" → bytes */
const kbOf = (text: string) => Math.round(parseFloat(text) * 1024);

test("passes within the budget, printing the gzipped first load, and lists the lazy chunk apart", async () => {
  const { errors, lines, files } = await build(300 * 1024);
  expect(errors).toEqual([]);
  const first = lines.find((l) => l.includes("first load of the pane"));
  expect(first).toMatch(/taskpane\.js\): [\d.]+ KB, ([\d.]+) KB gzipped, within the 300\.0 KB budget/);
  // The figure is the gzipped size of what was emitted (the lazy part not included): about 12 KB.
  const printed = kbOf(/([\d.]+) KB gzipped/.exec(first ?? "")![1]);
  const lazyFile = files.find((f) => f.endsWith(".chunk.js"));
  expect(lazyFile).toMatch(/^\d+\.[0-9a-f]{8}\.chunk\.js$/);
  expect(printed).toBeGreaterThan(11_000);
  expect(printed).toBeLessThan(16_000);
  expect(lines).toContainEqual(expect.stringMatching(new RegExp(`lazy, not first load: ${lazyFile!.replace(/\./g, "\\.")}: [\\d.]+ KB, [\\d.]+ KB gzipped`)));
  expect(lines).toContainEqual(expect.stringMatching(/also on the page: functions \(functions\.js\)/));
});

test("does not count the lazy chunk: 20 KB is enough though first load and lazy chunk together are over 40 KB", async () => {
  const { errors, lines, out } = await build(20 * 1024);
  expect(errors).toEqual([]);
  const together = fs.readdirSync(out).filter((f) => f.endsWith(".js")).filter((f) => f !== "functions.js");
  expect(together).toHaveLength(2);
  const gzipped = together.reduce((sum, f) => sum + gzipSync(fs.readFileSync(path.join(out, f)), { level: 9 }).length, 0);
  expect(gzipped).toBeGreaterThan(40 * 1024);
  expect(lines.join("\n")).toMatch(/within the 20\.0 KB budget/);
});

test("fails the build when the first load is over the budget", async () => {
  const { errors, lines } = await build(8 * 1024);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(/First-load budget exceeded: the taskpane entry's initial JavaScript \(taskpane\.js\) is [\d.]+ KB gzipped, over 8\.0 KB/);
  expect(lines.join("\n")).toMatch(/OVER the 8\.0 KB budget/);
});

test("counts gzip as a server would: the printed figure matches gzip of the emitted file", async () => {
  const out = await build(300 * 1024);
  expect(out.errors).toEqual([]);
  const gz = gzipSync(fs.readFileSync(path.join(out.out, "taskpane.js")), { level: 9 }).length;
  const first = out.lines.find((l) => l.includes("first load of the pane"))!;
  expect(/([\d.]+) KB gzipped/.exec(first)![1]).toBe((gz / 1024).toFixed(1));
});
