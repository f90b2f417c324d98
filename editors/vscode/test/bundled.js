// Tokenizes the bundled plan (plans/changzhou-education-2020.plan and the six files it includes:
// 《2020年常州教育工作要点》, 常州市教育局) with the grammar, as VS Code does, and checks what
// every line must show: statement keywords as keywords, each `{id}` citation in prose as a
// citation, each number followed by a declared unit as a number and a unit, comments as comments.
"use strict";

const fs = require("fs");
const path = require("path");
const textmate = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const root = path.resolve(__dirname, "../../..");
const entry = path.join(root, "plans/changzhou-education-2020.plan");
const files = [entry].concat(
  fs
    .readdirSync(path.join(root, "plans/changzhou-education-2020"))
    .filter((name) => name.endsWith(".plan"))
    .sort()
    .map((name) => path.join(root, "plans/changzhou-education-2020", name))
);

const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm")).buffer;

async function main() {
  await oniguruma.loadWASM(wasm);
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async () =>
      textmate.parseRawGrammar(
        fs.readFileSync(path.join(__dirname, "../syntaxes/plan.tmLanguage.json"), "utf8"),
        "plan.tmLanguage.json"
      ),
  });
  const grammar = await registry.loadGrammar("source.plan");
  const entryText = fs.readFileSync(entry, "utf8");
  const units = (entryText.match(/^计量单位 (.*)$/m) || ["", ""])[1].split(/\s+/).filter(Boolean);
  const keywords = [
    "计划", "期间", "机关", "导言", "引入", "计量单位", "部门", "辖区", "机构", "分组", "基线",
    "主要目标", "目标", "部分", "事项", "正文", "牵头", "配合", "指标", "时限", "开始", "时段",
    "工期", "后于", "依赖", "节点", "周期", "标签",
  ];
  const failures = [];
  const counts = { lines: 0, keywords: 0, citations: 0, quantities: 0, comments: 0 };
  for (const file of files) {
    const lines = fs.readFileSync(file, "utf8").split("\n");
    let state = textmate.INITIAL;
    lines.forEach((line, number) => {
      counts.lines += 1;
      const result = grammar.tokenizeLine(line, state);
      state = result.ruleStack;
      const scopesAt = (column) => {
        const token = result.tokens.find((t) => t.startIndex <= column && column < t.endIndex);
        return token ? token.scopes : [];
      };
      const where = `${path.relative(root, file)}:${number + 1}`;
      const expect = (column, pattern, what) => {
        const scopes = scopesAt(column);
        if (!scopes.some((s) => pattern.test(s))) {
          failures.push(`${where}:${column + 1}: ${what}: got ${scopes.join(" ")}`);
        }
      };
      const indent = line.length - line.trimStart().length;
      const first = line.trimStart().split(/[\s"]/)[0];
      if (line.trimStart().startsWith("//")) {
        counts.comments += 1;
        expect(indent, /^comment\./, "a comment");
        expect(line.length - 1, /^comment\./, "the end of a comment");
        return;
      }
      if (keywords.includes(first)) {
        counts.keywords += 1;
        expect(indent, /^keyword\./, `\`${first}\` as a keyword`);
      }
      // Citations: every {id} or {id.part} inside the line's strings.
      for (const match of line.matchAll(/\{([^{}".]+)(?:\.[^{}"]+)?\}/g)) {
        const inString = scopesAt(match.index).some((s) => s.startsWith("string."));
        if (!inString) continue;
        counts.citations += 1;
        expect(match.index + 1, /^variable\.other\.citation\.plan$/, `the citation ${match[0]}`);
      }
      // Quantities outside strings: a number glued to a declared unit.
      const code = line.replace(/"(?:[^"\\]|\\.)*"/g, (s) => " ".repeat(s.length));
      for (const match of code.matchAll(/(?<![\p{L}\p{N}_.])(\d+(?:\.\d+)?)([\p{L}%]+)/gu)) {
        const unit = match[2];
        if (!units.includes(unit) && unit !== "%" && unit !== "个百分点") continue;
        counts.quantities += 1;
        expect(match.index, /^constant\.numeric\.plan$/, `the number of ${match[0]}`);
        expect(match.index + match[1].length, /^keyword\.other\.unit\.plan$/, `the unit of ${match[0]}`);
      }
    });
  }
  console.log(
    `${files.length} files, ${counts.lines} lines: ${counts.keywords} statement keywords, ` +
      `${counts.citations} citations, ${counts.quantities} quantities with units, ${counts.comments} comment lines`
  );
  if (counts.citations < 75 || counts.quantities < 70 || counts.keywords < 500) {
    failures.push(`too few checks ran: ${JSON.stringify(counts)}`);
  }
  if (failures.length > 0) {
    console.error(failures.slice(0, 50).join("\n"));
    console.error(`${failures.length} problem(s)`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
