/* Rebasing the add-in manifest from the dev server to where the add-in is hosted.
 * CommonJS so that scripts/manifest-prod.mjs and the jest tests (ts-jest, CommonJS) can
 * both load it. */
"use strict";

/** The dev server's origin, as written throughout manifest.xml. */
const DEV_ORIGIN = "https://localhost:3000";

/** Every occurrence of the dev origin, not followed by more port digits (…:30001). */
const DEV_ORIGIN_PATTERN = /https:\/\/localhost:3000(?![0-9])/g;

/**
 * Checks and normalises the address the add-in will be served from.
 *
 * @param {string} base an absolute https URL, with or without a path and a trailing slash,
 *   e.g. "https://addin.example.com/target-planner/"
 * @returns {{ base: string, origin: string }} `base` without a trailing slash
 *   ("https://addin.example.com/target-planner") and its `origin` ("https://addin.example.com")
 * @throws {Error} when the address is missing, not a URL, not https, or carries a user name,
 *   a query or a fragment (Office would append the file names after them)
 * @example normaliseBaseUrl("https://Addin.Example.com/tp/") // { base: "https://addin.example.com/tp", origin: "https://addin.example.com" }
 */
function normaliseBaseUrl(base) {
  if (typeof base !== "string" || base.trim() === "") {
    throw new Error("No base URL given: pass the https address the add-in is served from, e.g. https://addin.example.com/target-planner");
  }
  let url;
  try {
    url = new URL(base.trim());
  } catch {
    throw new Error(`"${base}" is not an absolute URL; expected e.g. https://addin.example.com/target-planner`);
  }
  if (url.protocol !== "https:") {
    throw new Error(`"${base}" must use https: Office loads add-ins only over https.`);
  }
  if (url.username || url.password) {
    throw new Error(`"${base}" must not contain a user name or password.`);
  }
  if (url.search || url.hash || base.includes("?") || base.includes("#")) {
    throw new Error(`"${base}" must not have a query (?…) or fragment (#…): file names are appended to it.`);
  }
  const path = url.pathname.replace(/\/+$/, "");
  return { base: url.origin + path, origin: url.origin };
}

/** Escapes text for an XML attribute value or element content. */
function escapeXml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

/**
 * Rewrites every dev-server URL in a manifest to the hosting address: each
 * `https://localhost:3000/<file>` becomes `<base>/<file>`, and each `<AppDomain>` that is
 * the dev origin becomes the hosting origin (app domains are origins, never paths).
 *
 * @param {string} xml the manifest text (manifest.xml)
 * @param {string} base the https address the built dist/ files are served from
 * @returns {{ xml: string, count: number, base: string, origin: string }} the rewritten
 *   manifest, how many URLs were replaced, and the normalised base and origin
 * @throws {Error} for an unacceptable base (see normaliseBaseUrl), a manifest without any
 *   dev-server URL, or if any "localhost" is left afterwards
 * @example rebaseManifest('<bt:Url DefaultValue="https://localhost:3000/functions.js"/>', "https://a.example/tp/").xml
 *   // '<bt:Url DefaultValue="https://a.example/tp/functions.js"/>'
 */
function rebaseManifest(xml, base) {
  const target = normaliseBaseUrl(base);
  let count = 0;
  // App domains first: the whole element content is the dev origin.
  let out = xml.replace(/(<AppDomain>\s*)https:\/\/localhost:3000\/?(\s*<\/AppDomain>)/g, (_m, open, close) => {
    count += 1;
    return open + escapeXml(target.origin) + close;
  });
  out = out.replace(DEV_ORIGIN_PATTERN, () => {
    count += 1;
    return escapeXml(target.base);
  });
  if (count === 0) {
    throw new Error(`The manifest contains no ${DEV_ORIGIN} URL: is it the right file?`);
  }
  if (!/localhost/i.test(target.base) && /localhost/i.test(out)) {
    throw new Error("The rebased manifest still mentions localhost; every dev-server URL must be https://localhost:3000/…");
  }
  return { xml: out, count, base: target.base, origin: target.origin };
}

/**
 * Where pages load office.js from: Microsoft's CDN (worldwide), or 21Vianet's for Office 365
 * operated by 21Vianet in mainland China, whose Office loads add-ins' office.js from there.
 */
const OFFICE_JS_CDNS = {
  global: "https://appsforoffice.microsoft.com/lib/1/hosted/office.js",
  "21vianet": "https://appsforoffice.cdn.partner.office365.cn/appsforoffice/lib/1/hosted/office.js",
};

/**
 * Points every office.js address of a page at one CDN (see {@link OFFICE_JS_CDNS}): the other
 * CDN's address is replaced, the chosen one's is left as it is, so running it twice, or after
 * the other, gives the same page.
 *
 * @param {string} html a built page (taskpane.html), minified or not
 * @param {"global" | "21vianet"} cdn which CDN to load office.js from
 * @returns {{ html: string, count: number, replaced: number }} the page, how many office.js
 *   addresses it has (after the change, all on `cdn`), and how many were replaced
 * @throws {Error} for an unknown CDN name
 * @example retargetOfficeJs('<script src="https://appsforoffice.microsoft.com/lib/1/hosted/office.js"></script>', "21vianet").html
 *   // '<script src="https://appsforoffice.cdn.partner.office365.cn/appsforoffice/lib/1/hosted/office.js"></script>'
 */
function retargetOfficeJs(html, cdn) {
  const target = OFFICE_JS_CDNS[cdn];
  if (!target) throw new Error(`Unknown office.js CDN "${cdn}": expected one of ${Object.keys(OFFICE_JS_CDNS).join(", ")}.`);
  let count = 0;
  let replaced = 0;
  const anyCdn = new RegExp(Object.values(OFFICE_JS_CDNS).map((u) => u.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|"), "g");
  const out = html.replace(anyCdn, (url) => {
    count += 1;
    if (url !== target) replaced += 1;
    return target;
  });
  return { html: out, count, replaced };
}

/** The files the build writes into dist/ that the manifest may name or the pages load (`npm run test:unit` rebuilds when one is missing; the manifest test checks every URL against them). */
const BUILD_OUTPUTS = [
  "manifest.xml",
  "taskpane.html",
  "taskpane.js",
  "functions.js",
  "functions.json",
  "functions.zh-cn.json",
  "commands.js",
  "notice.html",
  "help.html",
  "assets/icon-16.png",
  "assets/icon-32.png",
  "assets/icon-64.png",
  "assets/icon-80.png",
];

module.exports = { BUILD_OUTPUTS, DEV_ORIGIN, OFFICE_JS_CDNS, normaliseBaseUrl, rebaseManifest, retargetOfficeJs };
