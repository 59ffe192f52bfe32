/* The first-load budget, enforced by the production build: the JavaScript the task pane's
 * entry loads before it can show anything (its initial chunks) must stay within a gzipped
 * size, or the build fails. Chunks loaded later by dynamic import() (ExcelJS for "download
 * .xlsx", say) are not first load: they are listed apart. The other bundles the same page
 * loads (the functions and the ribbon commands) are printed beside it. */
"use strict";

const zlib = require("zlib");

const KB = 1024;

/** "94.1 KB" */
function kb(bytes) {
  return `${(bytes / KB).toFixed(1)} KB`;
}

/** Raw and gzipped (level 9, as a server would) sizes of an emitted asset. */
function sizes(asset) {
  const buffer = Buffer.from(asset.source.buffer ? asset.source.buffer() : asset.source.source());
  return { raw: buffer.length, gzip: zlib.gzipSync(buffer, { level: 9 }).length };
}

/**
 * Measures the initial and the lazy JavaScript of each entry after minification, prints it,
 * and fails the compilation when `entry`'s initial JavaScript exceeds `maxGzipBytes` gzipped.
 *
 * @example new FirstLoadBudget({ entry: "taskpane", maxGzipBytes: 300 * 1024 })
 */
class FirstLoadBudget {
  /** @param {{ entry: string, maxGzipBytes: number, log?: (line: string) => void }} options */
  constructor(options) {
    this.entry = options.entry;
    this.maxGzipBytes = options.maxGzipBytes;
    this.log = options.log ?? ((line) => console.log(line));
  }

  apply(compiler) {
    const { Compilation, WebpackError } = compiler.webpack;
    compiler.hooks.thisCompilation.tap("FirstLoadBudget", (compilation) => {
      compilation.hooks.processAssets.tap(
        // After minification, so the figures are what is served.
        { name: "FirstLoadBudget", stage: Compilation.PROCESS_ASSETS_STAGE_ANALYSE },
        () => {
          const report = this.measure(compilation);
          for (const line of report.lines) this.log(line);
          if (report.error) compilation.errors.push(new WebpackError(report.error));
        },
      );
    });
  }

  /** The figures for every entry, and an error message when the budget is exceeded. */
  measure(compilation) {
    const jsFiles = (chunks) => [...new Set([...chunks].flatMap((c) => [...c.files]).filter((f) => f.endsWith(".js")))];
    const total = (files) =>
      files.reduce(
        (sum, f) => {
          const asset = compilation.getAsset(f);
          if (!asset) return sum;
          const s = sizes(asset);
          return { raw: sum.raw + s.raw, gzip: sum.gzip + s.gzip };
        },
        { raw: 0, gzip: 0 },
      );
    const lines = [];
    let error = null;
    const entrypoint = compilation.entrypoints.get(this.entry);
    if (!entrypoint) {
      return { lines, error: `FirstLoadBudget: no entry named "${this.entry}"` };
    }
    const initialChunks = new Set(entrypoint.chunks);
    const initial = jsFiles(initialChunks);
    const first = total(initial);
    const verdict = first.gzip <= this.maxGzipBytes ? "within" : "OVER";
    lines.push(
      `[budget] first load of the pane (${this.entry} entry: ${initial.join(", ")}): ${kb(first.raw)}, ` +
        `${kb(first.gzip)} gzipped, ${verdict} the ${kb(this.maxGzipBytes)} budget`,
    );
    if (first.gzip > this.maxGzipBytes) {
      error =
        `First-load budget exceeded: the ${this.entry} entry's initial JavaScript (${initial.join(", ")}) is ` +
        `${kb(first.gzip)} gzipped, over ${kb(this.maxGzipBytes)}. Load what only some actions need with import() ` +
        "(a lazy chunk), or make the entry smaller.";
    }
    // The page's other entries, loaded by the same taskpane.html.
    for (const [name, other] of compilation.entrypoints) {
      if (name === this.entry) continue;
      const files = jsFiles(other.chunks).filter((f) => !initial.includes(f));
      const s = total(files);
      lines.push(`[budget] also on the page: ${name} (${files.join(", ")}): ${kb(s.raw)}, ${kb(s.gzip)} gzipped`);
    }
    // Lazy chunks: every chunk no entry starts with.
    const initialAnywhere = new Set([...compilation.entrypoints.values()].flatMap((e) => e.chunks));
    const lazy = [...compilation.chunks].filter((c) => !initialAnywhere.has(c));
    for (const chunk of lazy) {
      const files = jsFiles([chunk]);
      if (files.length === 0) continue;
      const s = total(files);
      lines.push(`[budget] lazy, not first load: ${files.join(", ")}: ${kb(s.raw)}, ${kb(s.gzip)} gzipped`);
    }
    return { lines, error };
  }
}

module.exports = { FirstLoadBudget };
