/**
 * Jest setup (every suite, both projects): every fast-check property runs from one fixed seed,
 * so that a green run means the same every time and a red one can be replayed. A property
 * that fails prints its seed and the path to the failing case ("{ seed: 20250615, path:
 * "41:2:0", endOnFailure: true }"): pass them to that `fc.assert` to replay it alone.
 *
 * To explore other inputs on purpose, set FC_SEED (`FC_SEED=7 npx jest tests/split.test.ts`);
 * a property that gives its own `seed` keeps it. Runs stay what each property asks (100 by
 * default; the cheap ones ask for more).
 */
import fc from "fast-check";
import { FAST_CHECK_SEED } from "./seed";

const fromEnv = process.env.FC_SEED;
const seed = fromEnv !== undefined && fromEnv.trim() !== "" ? Number(fromEnv) : FAST_CHECK_SEED;
if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be a whole number, not "${fromEnv}"`);
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
