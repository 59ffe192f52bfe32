/**
 * Actuals in, step 2: matching the export's names to the tracking sheet's rows. A name
 * matches a row when both fold to the same key (`nameKey`: trimmed, full- and half-width
 * alike, inner spaces ignored, Latin letters in any case — 张伟, 张 伟 and 张\u3000伟 are one
 * name). Nothing else matches by itself: a near-miss (a typo one or two letters off, the same
 * name with a suffix such as 张伟(华东) or 张伟-华东) is only *suggested*, and the manager maps
 * it by hand (`--map "张伟(华东)=张伟"`, or a pick in the pane). Two rows of the sheet whose
 * names fold alike are refused for that name: which of them is meant cannot be told.
 */
import { type Words, nameKey } from "./actuals";

/** A row of the sheet a name may be matched or suggested to. */
export interface Suggestion {
  /** The row's index among the tracking rows (0 = the first data row). */
  index: number;
  /** Its name as the sheet writes it. */
  name: string;
  /** "suffix": the same name with something added (张伟(华东)); "close": a letter or two off. */
  why: "suffix" | "close";
}

/** What became of one name of the export. */
export interface NameOutcome {
  /** The name as the export first writes it. */
  name: string;
  key: string;
  /** matched: folds to one row's name; mapped: by the manager's map; unmatched: neither; duplicate: two rows of the sheet fold to it. */
  status: "matched" | "mapped" | "unmatched" | "duplicate";
  /** The row it goes to (matched or mapped). */
  index?: number;
  /** For an unmatched name: rows it may mean, most likely first (at most 3). */
  suggestions: Suggestion[];
  /** For a duplicate: the rows that share its name. */
  rows?: number[];
}

/** A map the manager gave: the export's name → a name on the sheet. */
export interface NameMap {
  from: string;
  to: string;
}

/** A map that could not be used, in both languages. */
export interface MapProblem extends Words {
  from: string;
  to: string;
}

/** The outcome of {@link matchNames}. */
export interface NameMatching {
  /** One per name of the export, in the export's order. */
  names: NameOutcome[];
  /** Names the sheet has twice (folded alike), with their rows. */
  duplicates: { name: string; rows: number[] }[];
  mapProblems: MapProblem[];
}

/**
 * Reads a map written as `from=to` (the CLI's `--map`); either side may be quoted.
 * @example parseNameMap("张 伟=张伟") // { from: "张 伟", to: "张伟" }
 */
export function parseNameMap(text: string): NameMap | undefined {
  const i = text.indexOf("=");
  if (i <= 0 || i === text.length - 1) return undefined;
  const unquote = (s: string) => s.trim().replace(/^(["'])(.*)\1$/, "$2").trim();
  const from = unquote(text.slice(0, i));
  const to = unquote(text.slice(i + 1));
  return from && to ? { from, to } : undefined;
}

/** Levenshtein distance of two strings by code point, or `max + 1` once it is past `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > max) return max + 1;
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[y.length];
}

/** How far off a near-miss may be: one letter for short names (张伟), two from five on ("zhangwei"). */
const reach = (length: number): number => (length < 2 ? 0 : length <= 4 ? 1 : 2);

/** The strings left when up to `d` code points are deleted (the string itself included). */
function deletions(key: string, d: number): Set<string> {
  let level = new Set([key]);
  const all = new Set(level);
  for (let k = 0; k < d; k++) {
    const next = new Set<string>();
    for (const s of level) {
      const cps = [...s];
      if (cps.length <= 1) continue;
      for (let i = 0; i < cps.length; i++) next.add([...cps.slice(0, i), ...cps.slice(i + 1)].join(""));
    }
    next.forEach((s) => all.add(s));
    level = next;
  }
  return all;
}

/** The name with a suffix taken off: "张伟(华东)" → "张伟", "张伟-华东" → "张伟", or undefined. */
function withoutSuffix(key: string): string | undefined {
  const m = /^(.+?)(?:[([{【<《].*|[-_/|·•,;:#].*)$/.exec(key);
  return m && m[1] !== key ? m[1] : undefined;
}

/**
 * Matches the export's names to the sheet's rows.
 *
 * @param exportNames - the export's names, once each, in order (as written)
 * @param sheetNames - the tracking rows' names, in order (index = row among the data rows)
 * @param maps - the manager's maps (export name → sheet name), applied before anything else
 * @returns per export name: matched, mapped, unmatched with suggestions, or refused as a
 *   duplicate of the sheet; the sheet's duplicates; maps that could not be used
 * @example
 * matchNames(["张 伟", "张伟(华东)", "Li Na"], ["张伟", "李娜", "Li Na", "LI NA"]).names.map((n) => n.status)
 * // ["matched", "unmatched" (suggesting 张伟), "duplicate" (rows 2 and 3 both fold to "lina")]
 */
export function matchNames(exportNames: readonly string[], sheetNames: readonly string[], maps: readonly NameMap[] = []): NameMatching {
  // The sheet's names by key; keys held by two rows or more are duplicates.
  const byKey = new Map<string, number[]>();
  sheetNames.forEach((n, i) => {
    const k = nameKey(n);
    const list = byKey.get(k);
    if (list) list.push(i);
    else byKey.set(k, [i]);
  });
  const duplicates = [...byKey].filter(([, rows]) => rows.length > 1).map(([, rows]) => ({ name: sheetNames[rows[0]], rows }));

  // The maps, checked.
  const mapProblems: MapProblem[] = [];
  const mapped = new Map<string, number>();
  const inExport = new Set(exportNames.map(nameKey));
  for (const m of maps) {
    const rows = byKey.get(nameKey(m.to));
    if (!rows) {
      mapProblems.push({ ...m, en: `"${m.from}=${m.to}": the sheet has no row named "${m.to}".`, zh: `“${m.from}=${m.to}”：表中没有名为“${m.to}”的行。` });
    } else if (rows.length > 1) {
      mapProblems.push({ ...m, en: `"${m.from}=${m.to}": the sheet has ${rows.length} rows named "${m.to}"; which one is meant cannot be told.`, zh: `“${m.from}=${m.to}”：表中有 ${rows.length} 行名为“${m.to}”，无法确定是哪一行。` });
    } else if (!inExport.has(nameKey(m.from))) {
      mapProblems.push({ ...m, en: `"${m.from}=${m.to}": the export has no name "${m.from}".`, zh: `“${m.from}=${m.to}”：导出数据中没有“${m.from}”。` });
    } else mapped.set(nameKey(m.from), rows[0]);
  }

  // Near-miss lookups, built only when a name is unmatched: deletion neighbourhoods of the
  // sheet's keys (two keys within distance d share a string left after ≤ d deletions each),
  // and the keys by their own suffix-free form and prefixes.
  let near: Map<string, number[]> | undefined;
  let bases: Map<string, number[]> | undefined;
  const uniqueKeys = [...byKey].filter(([, rows]) => rows.length === 1);
  const index = () => {
    near = new Map();
    bases = new Map();
    for (const [k, [i]] of uniqueKeys) {
      for (const d of deletions(k, reach([...k].length))) near.set(d, [...(near.get(d) ?? []), i]);
      const base = withoutSuffix(k);
      if (base) bases.set(base, [...(bases.get(base) ?? []), i]);
    }
  };

  const names: NameOutcome[] = [];
  for (const name of exportNames) {
    const key = nameKey(name);
    if (mapped.has(key)) {
      names.push({ name, key, status: "mapped", index: mapped.get(key)!, suggestions: [] });
      continue;
    }
    const rows = byKey.get(key);
    if (rows && rows.length > 1) {
      names.push({ name, key, status: "duplicate", rows, suggestions: [] });
      continue;
    }
    if (rows) {
      names.push({ name, key, status: "matched", index: rows[0], suggestions: [] });
      continue;
    }
    if (!near) index();
    names.push({ name, key, status: "unmatched", suggestions: suggest(key, byKey, near!, bases!, sheetNames) });
  }
  return { names, duplicates, mapProblems };
}

/** Up to three rows an unmatched key may mean: the same name with a suffix first, then the closest. */
function suggest(key: string, byKey: Map<string, number[]>, near: Map<string, number[]>, bases: Map<string, number[]>, sheetNames: readonly string[]): Suggestion[] {
  const found = new Map<number, { why: Suggestion["why"]; rank: number }>();
  const put = (i: number, why: Suggestion["why"], rank: number) => {
    const had = found.get(i);
    if (!had || had.rank > rank) found.set(i, { why, rank });
  };
  // The export's name with a suffix (张伟(华东)), or the sheet's (张伟 on the sheet as 张伟(华东)).
  const base = withoutSuffix(key);
  const unique = (k: string | undefined) => (k === undefined ? undefined : byKey.get(k)?.length === 1 ? byKey.get(k)![0] : undefined);
  const own = unique(base);
  if (own !== undefined) put(own, "suffix", 0);
  for (const i of bases.get(key) ?? []) put(i, "suffix", 0);
  if (base) for (const i of bases.get(base) ?? []) put(i, "suffix", 0.5);
  // A name that starts with a sheet name of two letters or more (张伟华东 → 张伟), and the other way round.
  const cps = [...key];
  for (let n = cps.length - 1; n >= 2; n--) {
    const i = unique(cps.slice(0, n).join(""));
    if (i !== undefined) put(i, "suffix", 1);
  }
  // Within reach by edit distance.
  const d = reach(cps.length);
  if (d > 0) {
    const seen = new Set<number>();
    for (const v of deletions(key, d)) {
      for (const i of near.get(v) ?? []) {
        if (seen.has(i)) continue;
        seen.add(i);
        const other = nameKey(sheetNames[i]);
        const dist = editDistance(key, other, Math.min(d, reach([...other].length)));
        if (dist <= Math.min(d, reach([...other].length))) put(i, "close", 1 + dist);
      }
    }
  }
  return [...found]
    .sort((a, b) => a[1].rank - b[1].rank || a[0] - b[0])
    .slice(0, 3)
    .map(([i, f]) => ({ index: i, name: sheetNames[i], why: f.why }));
}
