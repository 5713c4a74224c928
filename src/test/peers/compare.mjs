// Compares a received broadcast with dump's output: node compare.mjs <dump dir> <received dir>
// Prints the differences; exit 0 when equal, 1 otherwise.
import { compareDumps } from "./lib/compare.mjs";

const [expected, actual] = process.argv.slice(2);
const problems = compareDumps(expected, actual, { limit: 50 });
for (const p of problems) console.log(p);
console.log(problems.length ? "DIFFERENT" : "equal");
process.exit(problems.length ? 1 : 0);
