/**
 * Formulas as a file stores them. A SheetSpec's formulas are bare (`RANK.EQ(B2,B$2:B$9)`);
 * in an .xlsx, functions added to Excel in 2010 or later are stored with the `_xlfn.` prefix
 * (and FILTER/SORT with `_xlfn._xlws.`). Written bare, Excel and LibreOffice read them as
 * unknown names (`#NAME?`). {@link withXlfn} adds the prefixes, {@link withoutXlfn} removes
 * them again (reading a file back, for comparing with the spec or with Office.js).
 */

/**
 * Functions stored with `_xlfn.` in a file: everything added in Excel 2010 and later that a
 * spec might use (Microsoft's list of "future functions", ECMA-376 / MS-XLSX 2.2.2).
 * `_xlpm.` parameter names of LET/LAMBDA are not handled: builders do not use them.
 */
export const XLFN_FUNCTIONS: ReadonlySet<string> = new Set(
  (
    "ACOT ACOTH AGGREGATE ARABIC ARRAYTOTEXT BASE BETA.DIST BETA.INV BINOM.DIST BINOM.DIST.RANGE " +
    "BINOM.INV BITAND BITLSHIFT BITOR BITRSHIFT BITXOR BYCOL BYROW CEILING.MATH CEILING.PRECISE " +
    "CHISQ.DIST CHISQ.DIST.RT CHISQ.INV CHISQ.INV.RT CHISQ.TEST CHOOSECOLS CHOOSEROWS COMBINA " +
    "CONCAT CONFIDENCE.NORM CONFIDENCE.T COT COTH COVARIANCE.P COVARIANCE.S CSC CSCH DAYS DECIMAL " +
    "DROP ENCODEURL ERF.PRECISE ERFC.PRECISE EXPAND EXPON.DIST F.DIST F.DIST.RT F.INV F.INV.RT " +
    "F.TEST FIELDVALUE FILTERXML FLOOR.MATH FLOOR.PRECISE FORECAST.ETS FORECAST.ETS.CONFINT " +
    "FORECAST.ETS.SEASONALITY FORECAST.ETS.STAT FORECAST.LINEAR FORMULATEXT GAMMA GAMMA.DIST " +
    "GAMMA.INV GAMMALN.PRECISE GAUSS GROUPBY HSTACK HYPGEOM.DIST IFNA IFS IMAGE IMCOSH IMCOT IMCSC " +
    "IMCSCH IMSEC IMSECH IMSINH IMTAN ISFORMULA ISO.CEILING ISOMITTED ISOWEEKNUM LAMBDA LET " +
    "LOGNORM.DIST LOGNORM.INV MAKEARRAY MAP MAXIFS MINIFS MODE.MULT MODE.SNGL MUNIT NEGBINOM.DIST " +
    "NETWORKDAYS.INTL NORM.DIST NORM.INV NORM.S.DIST NORM.S.INV NUMBERVALUE PDURATION PERCENTILE.EXC " +
    "PERCENTILE.INC PERCENTOF PERCENTRANK.EXC PERCENTRANK.INC PERMUTATIONA PHI PIVOTBY POISSON.DIST " +
    "QUARTILE.EXC QUARTILE.INC RANDARRAY RANK.AVG RANK.EQ REDUCE REGEXEXTRACT REGEXREPLACE REGEXTEST " +
    "RRI SCAN SEC SECH SEQUENCE SHEET SHEETS SKEW.P SORTBY STDEV.P STDEV.S STOCKHISTORY SWITCH " +
    "T.DIST T.DIST.2T T.DIST.RT T.INV T.INV.2T T.TEST TAKE TEXTAFTER TEXTBEFORE TEXTJOIN TEXTSPLIT " +
    "TOCOL TOROW TRIMRANGE UNICHAR UNICODE UNIQUE VALUETOTEXT VAR.P VAR.S VSTACK WEBSERVICE " +
    "WEIBULL.DIST WORKDAY.INTL WRAPCOLS WRAPROWS XLOOKUP XMATCH XOR Z.TEST"
  ).split(" "),
);

/** Functions stored as `_xlfn._xlws.NAME` (worksheet-only dynamic-array functions). */
const XLWS_FUNCTIONS: ReadonlySet<string> = new Set(["FILTER", "SORT"]);

/** A call of a newer function anywhere in a formula (strings included: only a quick pre-check). */
const NEWER_CALL = new RegExp(
  `(?:${[...XLFN_FUNCTIONS, ...XLWS_FUNCTIONS]
    .sort((a, b) => b.length - a.length)
    .map((n) => n.replace(/\./g, "\\."))
    .join("|")})\\s*\\(`,
  "i",
);

const NAME_START = /[A-Za-z_\\]/;
const NAME_CHAR = /[A-Za-z0-9_.\\]/;

/**
 * Rewrites each function name of `formula` (a name directly followed by "(") with `rename`,
 * leaving string literals ("…", with "" inside) and quoted sheet names ('…') untouched.
 */
function mapFunctionNames(formula: string, rename: (name: string) => string): string {
  let out = "";
  let i = 0;
  const n = formula.length;
  while (i < n) {
    const ch = formula[i];
    if (ch === '"' || ch === "'") {
      // A string literal or a quoted sheet name: copy up to the closing quote (doubled quotes stay inside).
      let j = i + 1;
      while (j < n) {
        if (formula[j] === ch) {
          if (formula[j + 1] === ch) j += 2;
          else break;
        } else j++;
      }
      out += formula.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const prev = i > 0 ? formula[i - 1] : "";
    if (NAME_START.test(ch) && !NAME_CHAR.test(prev) && prev !== "!") {
      let j = i + 1;
      while (j < n && NAME_CHAR.test(formula[j])) j++;
      const name = formula.slice(i, j);
      out += formula[j] === "(" ? rename(name) : name;
      i = j;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/**
 * A spec formula as the file stores it: `_xlfn.` before functions newer than Excel 2007.
 * Names already prefixed are left as they are.
 *
 * @example
 * withXlfn('IF(B2="",0,RANK.EQ(B2,B$2:B$9))') // 'IF(B2="",0,_xlfn.RANK.EQ(B2,B$2:B$9))'
 * withXlfn('"RANK.EQ(" & A1')                  // unchanged: the name is inside a string
 */
export function withXlfn(formula: string): string {
  // Most formulas use no newer function at all: one regular-expression test settles them.
  if (!NEWER_CALL.test(formula)) return formula;
  return mapFunctionNames(formula, (name) => {
    const upper = name.toUpperCase();
    if (XLWS_FUNCTIONS.has(upper)) return `_xlfn._xlws.${name}`;
    return XLFN_FUNCTIONS.has(upper) ? `_xlfn.${name}` : name;
  });
}

/**
 * A stored formula as a spec (or Office.js) writes it: `_xlfn.` and `_xlws.` prefixes removed,
 * no leading "=".
 *
 * @example
 * withoutXlfn("=_xlfn.RANK.EQ(B2,B$2:B$9)") // "RANK.EQ(B2,B$2:B$9)"
 */
export function withoutXlfn(formula: string): string {
  const bare = formula.startsWith("=") ? formula.slice(1) : formula;
  return mapFunctionNames(bare, (name) => name.replace(/^_xlfn\./i, "").replace(/^_xlws\./i, ""));
}
