/**
 * "No sync inside a loop", seeing our code: every `*.sync()` call (any object: `ctx`,
 * `context`, the writer's request `req`, `this`) and every call of a function named `sync`,
 * when it sits inside a loop (`for`, `for…of`, `for…in`, `while`, `do…while`) or inside a
 * callback of an array method (`forEach`, `map`, …) without a function boundary between.
 * Each `context.sync()` is one round trip to Excel ("Calling context.sync() inside a loop …
 * increases the time the code runs, proportional to the number of iterations",
 * eslint-plugin-office-addins' no-context-sync-in-loop, whose selector matches only an object
 * named `context`). A loop that must sync (reading an area in slices until something is
 * found) says so with an eslint-disable comment and its reason.
 */
const LOOPS = new Set(["ForStatement", "ForInStatement", "ForOfStatement", "WhileStatement", "DoWhileStatement"]);
const FUNCTIONS = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"]);
const ARRAY_METHODS = new Set(["forEach", "map", "flatMap", "filter", "reduce", "reduceRight", "some", "every", "find", "findIndex"]);

/** Whether a call is `x.sync()` or `sync()`. */
function isSync(node) {
  const c = node.callee;
  if (c.type === "Identifier") return c.name === "sync";
  return c.type === "MemberExpression" && !c.computed && c.property.type === "Identifier" && c.property.name === "sync";
}

/** Whether a function node is the callback of an array method (`xs.forEach(() => …)`). */
function isArrayCallback(fn) {
  const p = fn.parent;
  return (
    p && p.type === "CallExpression" && p.arguments.includes(fn) &&
    p.callee.type === "MemberExpression" && !p.callee.computed && p.callee.property.type === "Identifier" && ARRAY_METHODS.has(p.callee.property.name)
  );
}

module.exports = {
  meta: {
    type: "problem",
    docs: { description: "Disallow Office.js sync calls inside loops and array callbacks (one round trip per iteration)." },
    messages: { loopedSync: "sync() inside {{where}}: one round trip to Excel per iteration. Queue the work and sync once after the loop." },
    schema: [],
  },
  create(context) {
    return {
      CallExpression(node) {
        if (!isSync(node)) return;
        for (let n = node.parent; n; n = n.parent) {
          if (LOOPS.has(n.type)) {
            // The loop's own test or initializer runs once per iteration too, except for…of / for…in's right side.
            if ((n.type === "ForOfStatement" || n.type === "ForInStatement") && isInside(node, n.right)) return;
            context.report({ node: node.callee, messageId: "loopedSync", data: { where: "a loop" } });
            return;
          }
          if (FUNCTIONS.has(n.type)) {
            if (isArrayCallback(n)) context.report({ node: node.callee, messageId: "loopedSync", data: { where: `a ${n.parent.callee.property.name} callback` } });
            return;
          }
        }
      },
    };
  },
};

function isInside(node, container) {
  for (let n = node; n; n = n.parent) if (n === container) return true;
  return false;
}
