/**
 * A strict little XML reader for the tests that look inside generated .xlsx parts: elements,
 * attributes and text into a tree, refusing what is not well-formed XML (a tag closed by
 * another name, an unclosed element, a second root, a bare `&` or `<` in text or an
 * attribute, a repeated attribute, an undeclared namespace prefix). Comments, processing
 * instructions and CDATA are not expected in the parts we write and are refused too.
 */

/** One element: its qualified name, local name, namespace URI, attributes, children and text. */
export interface XmlElement {
  name: string;
  local: string;
  ns: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITY: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(s: string, where: string): string {
  if (/[<]/.test(s)) throw new Error(`"<" in ${where}`);
  return s.replace(/&([^;]*);?/g, (m, name: string) => {
    if (!m.endsWith(";")) throw new Error(`a bare "&" in ${where}`);
    if (name.startsWith("#x")) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)));
    if (!(name in ENTITY)) throw new Error(`unknown entity &${name}; in ${where}`);
    return ENTITY[name];
  });
}

/**
 * The document's root element, or an Error thrown saying what is not well-formed.
 * @example parseXml('<a xmlns="u"><b x="1"/>t</a>').children[0].attrs.x // "1"
 */
export function parseXml(xml: string): XmlElement {
  let i = 0;
  const decl = /^\uFEFF?<\?xml\b[^?]*\?>\s*/.exec(xml);
  if (decl) i = decl[0].length;
  const stack: { el: XmlElement; scope: Map<string, string> }[] = [];
  let root: XmlElement | undefined;
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (text.length > 0) {
      if (stack.length === 0) {
        if (text.trim() !== "") throw new Error(`text outside the root: ${text.slice(0, 40)}`);
      } else stack[stack.length - 1].el.text += decode(text, "text");
    }
    if (lt < 0) break;
    if (xml.startsWith("<!--", lt) || xml.startsWith("<?", lt) || xml.startsWith("<![CDATA[", lt) || xml.startsWith("<!", lt)) throw new Error(`unexpected markup at ${lt}: ${xml.slice(lt, lt + 20)}`);
    tag.lastIndex = lt;
    const m = tag.exec(xml);
    if (!m) throw new Error(`not a tag at ${lt}: ${xml.slice(lt, lt + 60)}`);
    const [whole, close, name, attrText, selfClose] = m;
    i = lt + whole.length;
    if (close) {
      if (attrText.trim() !== "" || selfClose) throw new Error(`bad closing tag ${whole}`);
      const open = stack.pop();
      if (!open || open.el.name !== name) throw new Error(`</${name}> closes <${open?.el.name ?? "nothing"}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText.matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      if (a[1] in attrs) throw new Error(`attribute ${a[1]} twice on <${name}>`);
      attrs[a[1]] = decode(a[2] ?? a[3] ?? "", `attribute ${a[1]} of <${name}>`);
    }
    const scope = new Map(stack.length > 0 ? stack[stack.length - 1].scope : []);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "xmlns") scope.set("", v);
      else if (k.startsWith("xmlns:")) scope.set(k.slice(6), v);
    }
    const prefix = name.includes(":") ? name.slice(0, name.indexOf(":")) : "";
    const ns = scope.get(prefix);
    if (ns === undefined && prefix !== "") throw new Error(`undeclared prefix ${prefix}: on <${name}>`);
    for (const k of Object.keys(attrs)) {
      const p = k.includes(":") ? k.slice(0, k.indexOf(":")) : "";
      if (p !== "" && p !== "xmlns" && p !== "xml" && !scope.has(p)) throw new Error(`undeclared prefix ${p}: on attribute ${k}`);
    }
    const el: XmlElement = { name, local: name.slice(prefix ? prefix.length + 1 : 0), ns: ns ?? "", attrs, children: [], text: "" };
    if (stack.length > 0) stack[stack.length - 1].el.children.push(el);
    else if (root) throw new Error(`a second root <${name}>`);
    else root = el;
    if (!selfClose) stack.push({ el, scope });
  }
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1].el.name}> is not closed`);
  if (!root) throw new Error("no root element");
  return root;
}

/** Every element of a tree, depth first, with its parent. */
export function* walk(el: XmlElement, parent?: XmlElement): Generator<{ el: XmlElement; parent?: XmlElement }> {
  yield { el, parent };
  for (const c of el.children) yield* walk(c, el);
}
