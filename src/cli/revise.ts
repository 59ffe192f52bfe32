/**
 * `plan revise <plan.json> (--split <id> --member <name> | --node <a/b/c> [--target <id>] | --row <name>)
 *  --to <元> --why <text> --by <name[,name]> [--date YYYY-MM-DD] -o <out.json> [--force] [--lang en|zh]`:
 * appends one revision to a plan file — `from` is the node's target before it, worked out from
 * the plan and its earlier revisions — checks the plan with it (src/sheets/revisions.ts) and
 * writes it beside its name, renamed when complete; `-o` may be the plan itself only with
 * `--force`. Exit codes: 0 written, 1 refused, 2 a wrong command line.
 */
import * as path from "node:path";
import type { Lang } from "../core/errors";
import { validatePlan } from "../sheets/plan";
import { applyRevisions, currentTarget } from "../sheets/revisions";
import type { Revision, RevisionNode } from "../sheets/revision-plan";
import { type FileSystem, PlanFileError, errorCode, readPlanText, realFileSystem } from "./files";
import { Stop, runCommand, writeJsonFile } from "./json-command";

type Params = Record<string, string | number>;

const MESSAGES = {
  usage: {
    en: () =>
      "  npm run plan -- revise <plan.json> (--split <id> --member <name> | --node <group/…/name> [--target <id>] | --row <name>) --to <amount> --why <text> --by <name,name> [--date YYYY-MM-DD] -o <out.json> [--force]",
    zh: () => "  npm run plan -- revise <计划.json> (--split <id> --member <成员> | --node <分组/…/姓名> [--target <id>] | --row <行名>) --to <金额> --why <原因> --by <审批人,审批人> [--date YYYY-MM-DD] -o <输出.json> [--force]",
  },
  missing: { en: (p: Params) => `Give ${p.what}.`, zh: (p: Params) => `请给出 ${p.what}。` },
  missingValue: { en: (p: Params) => `Option ${p.option} needs a value.`, zh: (p: Params) => `选项 ${p.option} 需要一个值。` },
  unknownOption: { en: (p: Params) => `Unknown option "${p.option}".`, zh: (p: Params) => `未知选项“${p.option}”。` },
  badNumber: { en: (p: Params) => `--to is an amount 0 or more (元, or a count), not "${p.value}".`, zh: (p: Params) => `--to 应为大于等于 0 的金额（元，或数量），不是“${p.value}”。` },
  badDate: { en: (p: Params) => `--date is a date written YYYY-MM-DD, not "${p.value}".`, zh: (p: Params) => `--date 应为 YYYY-MM-DD 格式的日期，不是“${p.value}”。` },
  readFailed: { en: (p: Params) => `Cannot read ${p.file}: ${p.reason}`, zh: (p: Params) => `无法读取 ${p.file}：${p.reason}` },
  invalid: { en: (p: Params) => `${p.file} is not a valid plan (${p.reason}); run validate first.`, zh: (p: Params) => `${p.file} 不是有效的计划（${p.reason}）；请先运行 validate。` },
  cannot: { en: (p: Params) => `This revision cannot be made: ${p.reason}`, zh: (p: Params) => `无法做此修订：${p.reason}` },
  wrote: { en: (p: Params) => `Wrote ${p.file}: ${p.node} revised from ${p.from} to ${p.to} on ${p.date}.`, zh: (p: Params) => `已写入 ${p.file}：${p.node} 于 ${p.date} 由 ${p.from} 修订为 ${p.to}。` },
} as const;

const say = (lang: Lang, key: keyof typeof MESSAGES, p: Params = {}): string => MESSAGES[key][lang](p);

/** The usage line of `revise`, in a language. */
export const reviseUsage = (lang: Lang): string => say(lang, "usage");

/**
 * Runs `plan revise` (the arguments after `revise`); returns the exit code.
 * @example await revise(["plan.json", "--split", "region", "--member", "华东", "--to", "45000000", "--why", "…", "--by", "总经理", "-o", "plan.json", "--force"], io) // 0
 */
export async function revise(argv: readonly string[], io: { out: (l: string) => void; err: (l: string) => void }, deps: { fs?: FileSystem; cwd?: string; signal?: AbortSignal; today?: string } = {}): Promise<number> {
  const lang: Lang = argv.includes("--lang") && argv[argv.indexOf("--lang") + 1] === "zh" ? "zh" : "en";
  const fs = deps.fs ?? realFileSystem;
  const cwd = deps.cwd ?? process.cwd();
  return runCommand(io, async () => {
    // ---- the command line ----
    const o: Record<string, string> = {};
    let file: string | undefined;
    let force = false;
    const rest = [...argv];
    const known = new Set(["--split", "--member", "--node", "--target", "--row", "--to", "--why", "--by", "--date", "-o", "--out", "--lang"]);
    while (rest.length) {
      const a = rest.shift()!;
      if (a === "--force") force = true;
      else if (known.has(a)) {
        const v = rest.shift();
        if (v === undefined || v.startsWith("--")) throw new Stop([say(lang, "missingValue", { option: a })], 2);
        o[a === "--out" ? "-o" : a] = v;
      } else if (a.startsWith("-")) throw new Stop([say(lang, "unknownOption", { option: a })], 2);
      else if (file === undefined) file = a;
      else throw new Stop([say(lang, "unknownOption", { option: a })], 2);
    }
    const need = (what: string, ok: boolean) => {
      if (!ok) throw new Stop([say(lang, "missing", { what }), say(lang, "usage")], 2);
    };
    need("the plan file", file !== undefined);
    need("the node: --split and --member, --node, or --row", (o["--split"] !== undefined && o["--member"] !== undefined) || o["--node"] !== undefined || o["--row"] !== undefined);
    need("--to, --why and --by", o["--to"] !== undefined && o["--why"] !== undefined && o["--by"] !== undefined);
    need("where to write with -o", o["-o"] !== undefined);
    const to = Number(o["--to"].replace(/[,，_\s]/g, ""));
    if (!Number.isFinite(to) || to < 0) throw new Stop([say(lang, "badNumber", { value: o["--to"] })], 2);
    const date = o["--date"] ?? deps.today ?? new Date().toISOString().slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Stop([say(lang, "badDate", { value: date })], 2);
    const node: RevisionNode =
      o["--node"] !== undefined
        ? { cascade: o["--node"].split("/").map((x) => x.trim()), ...(o["--target"] ? { target: o["--target"] } : {}) }
        : o["--row"] !== undefined
          ? { row: o["--row"] }
          : { split: o["--split"], member: o["--member"] };

    // ---- the plan, and the revision worked out on it ----
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(await readPlanText(fs, path.resolve(cwd, file!))) as Record<string, unknown>;
    } catch (e) {
      throw new Stop([say(lang, "readFailed", { file: file!, reason: e instanceof PlanFileError ? e.kind : e instanceof SyntaxError ? e.message : (errorCode(e) ?? String(e)) })]);
    }
    const checked = validatePlan(json);
    if (!checked.ok) throw new Stop([say(lang, "invalid", { file: file!, reason: `${checked.problems[0].path}: ${checked.problems[0].message[lang]}` })]);
    const found = currentTarget(applyRevisions(checked.plan), node);
    if (!found.ok) throw new Stop([say(lang, "cannot", { reason: found.message[lang] })]);
    const approvers = o["--by"].split(/[,，、]/).map((x) => x.trim()).filter(Boolean);
    const revision: Revision = { date, node, from: found.target.value, to, why: o["--why"], approvedBy: approvers.length === 1 ? approvers[0] : approvers };
    // The file as written, the revision appended (its other fields untouched).
    const revised = { ...json, revisions: [...((json.revisions as unknown[] | undefined) ?? []), revision] };
    const after = validatePlan(revised);
    if (!after.ok) throw new Stop(after.problems.map((p) => say(lang, "cannot", { reason: `${p.path}${lang === "zh" ? "：" : ": "}${p.message[lang]}` })));

    // ---- written beside its name and renamed ----
    const out = o["-o"];
    await writeJsonFile(fs, path.resolve(cwd, out), out, revised, { lang, replace: force, signal: deps.signal });
    const label = "split" in node ? `${node.split}: ${node.member}` : "cascade" in node ? node.cascade.join(" / ") : node.row;
    io.out(say(lang, "wrote", { file: out, node: label, from: found.target.value.toLocaleString("en-US"), to: to.toLocaleString("en-US"), date }));
    return 0;
  });
}
