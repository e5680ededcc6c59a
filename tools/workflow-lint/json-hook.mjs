// Module hook: lets Node 20 import the parser's `.json` schema files, which it imports without
// `with { type: "json" }` (Node 20 refuses such imports). A .json module becomes `export default <json>`.
import { readFile } from "node:fs/promises";

export async function load(url, context, nextLoad) {
  if (url.startsWith("file:") && url.endsWith(".json")) {
    const text = await readFile(new URL(url), "utf8");
    return { format: "module", source: `export default ${text};`, shortCircuit: true };
  }
  return nextLoad(url, context);
}
