// STYLE.md §2: every export of a "use server" file is a public endpoint, so such a file exports only async
// functions named *Action. Checked on the source (importing the files would need the Next.js runtime).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseAst } from "vite";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const APP = path.join(ROOT, "app");

type Node = { type: string; [key: string]: unknown };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

function parse(source: string, file: string) {
  return parseAst(source, { lang: file.endsWith(".tsx") ? "tsx" : "ts", astType: "ts" }, file) as unknown as { body: Node[] };
}

function isUseServerFile(body: Node[]) {
  const first = body[0];
  return first?.type === "ExpressionStatement" && first.directive === "use server";
}

/** Whether an expression is, at run time, an async function. `defineAction(...)` and `defineOperatorAction(...)` return one (lib/actions). */
function isAsyncFunctionExpression(init: Node | null | undefined): boolean {
  if (!init) return false;
  if (init.type === "ArrowFunctionExpression" || init.type === "FunctionExpression") return init.async === true;
  if (init.type === "CallExpression") {
    const callee = init.callee as Node;
    return callee.type === "Identifier" && (callee.name === "defineAction" || callee.name === "defineOperatorAction");
  }
  if (init.type === "TSAsExpression" || init.type === "TSSatisfiesExpression" || init.type === "ParenthesizedExpression") {
    return isAsyncFunctionExpression(init.expression as Node);
  }
  return false;
}

/** Top-level bindings that are async functions, for `export { name }`. */
function asyncBindings(body: Node[]) {
  const names = new Set<string>();
  for (const statement of body) {
    const node = statement.type === "ExportNamedDeclaration" && statement.declaration ? (statement.declaration as Node) : statement;
    if (node.type === "FunctionDeclaration" && node.async === true) names.add((node.id as Node).name as string);
    if (node.type === "VariableDeclaration") {
      for (const d of node.declarations as Node[]) {
        if ((d.id as Node).type === "Identifier" && isAsyncFunctionExpression(d.init as Node)) names.add((d.id as Node).name as string);
      }
    }
  }
  return names;
}

/** What is wrong with the exports of a "use server" source; empty when every run-time export is an async *Action. */
function exportProblems(source: string, file = "actions.ts"): string[] {
  const { body } = parse(source, file);
  const problems: string[] = [];
  const asyncNames = asyncBindings(body);
  const checkName = (name: string) => {
    if (!name.endsWith("Action")) problems.push(`export "${name}" is not named *Action`);
  };
  for (const node of body) {
    if (node.type === "ExportDefaultDeclaration") {
      problems.push("a default export is not a named *Action");
    } else if (node.type === "ExportAllDeclaration") {
      if (node.exportKind !== "type") problems.push("`export *` re-exports what this file cannot check");
    } else if (node.type === "ExportNamedDeclaration") {
      if (node.exportKind === "type") continue; // `export type { … }`: erased, not an endpoint
      const declaration = node.declaration as Node | null;
      if (declaration) {
        switch (declaration.type) {
          case "TSTypeAliasDeclaration":
          case "TSInterfaceDeclaration":
            break; // types are erased: not an endpoint
          case "FunctionDeclaration": {
            const name = (declaration.id as Node).name as string;
            checkName(name);
            if (declaration.async !== true) problems.push(`export "${name}" is not an async function`);
            break;
          }
          case "VariableDeclaration":
            for (const d of declaration.declarations as Node[]) {
              const id = d.id as Node;
              if (id.type !== "Identifier") {
                problems.push("a destructured export cannot be checked");
                continue;
              }
              checkName(id.name as string);
              if (declaration.kind !== "const") problems.push(`export "${id.name}" is not const`);
              if (!isAsyncFunctionExpression(d.init as Node)) problems.push(`export "${id.name}" is not an async function`);
            }
            break;
          default:
            problems.push(`a ${declaration.type} is exported`);
        }
      }
      for (const specifier of (node.specifiers as Node[]) ?? []) {
        if (specifier.exportKind === "type") continue;
        const exported = specifier.exported as Node;
        const local = specifier.local as Node;
        const exportedName = (exported.name ?? exported.value) as string;
        checkName(exportedName);
        if (node.source) problems.push(`export "${exportedName}" is re-exported from another module`);
        else if (!asyncNames.has(local.name as string)) problems.push(`export "${exportedName}" is not an async function`);
      }
    }
  }
  return problems;
}

const useServerFiles = sourceFiles(APP)
  .map((file) => ({ file, source: readFileSync(file, "utf8") }))
  .filter(({ file, source }) => isUseServerFile(parse(source, file).body))
  .map(({ file, source }) => ({ name: path.relative(ROOT, file), source }));

describe('"use server" files', () => {
  it("are found under app/ (the check below is not vacuous)", () => {
    expect(useServerFiles.length).toBeGreaterThan(0);
    expect(useServerFiles.map((f) => f.name)).toContain(path.join("app", "(auth)", "sign-in", "actions.ts"));
  });

  it.each(useServerFiles)("$name exports only async functions named *Action", ({ name, source }) => {
    const { body } = parse(source, name);
    const runtimeExports = body.filter((n) => n.type.startsWith("Export") && n.exportKind !== "type");
    expect(runtimeExports.length).toBeGreaterThan(0);
    expect(exportProblems(source, name)).toEqual([]);
  });
});

describe("the export check itself", () => {
  it.each([
    ['"use server";\nexport async function payAction() {}'],
    ['"use server";\nexport const payAction = async (x: number) => x;'],
    ['"use server";\nexport const payAction = defineAction({ schema, role: "owner", run });'],
    ['"use server";\nasync function payAction() {}\nexport { payAction };'],
    ['"use server";\nexport type State = { error: string };\nexport interface Other { a: number }\nexport async function payAction() {}'],
  ])("accepts %j", (source) => {
    expect(exportProblems(source)).toEqual([]);
  });

  it.each([
    ['"use server";\nexport function payAction() {}', "not an async function"],
    ['"use server";\nexport async function pay() {}', "not named *Action"],
    ['"use server";\nexport const LIMIT = 5;', "not named *Action"],
    ['"use server";\nexport const payAction = () => 1;', "not an async function"],
    ['"use server";\nexport default async function payAction() {}', "default export"],
    ['"use server";\nexport * from "./other";', "export *"],
    ['"use server";\nexport { payAction } from "./other";', "re-exported"],
    ['"use server";\nconst secret = 1;\nexport { secret as secretAction };', "not an async function"],
    ['"use server";\nexport let payAction = async () => 1;', "not const"],
    ['"use server";\nexport enum KindAction { A }', "TSEnumDeclaration"],
    ['"use server";\nexport class PayAction {}', "ClassDeclaration"],
  ])("refuses %j", (source, problem) => {
    expect(exportProblems(source).join("\n")).toContain(problem);
  });

  it("recognises the directive only as the first statement", () => {
    expect(isUseServerFile(parse('"use server";\nexport async function aAction() {}', "a.ts").body)).toBe(true);
    expect(isUseServerFile(parse("// a comment\n'use server';\nexport async function aAction() {}", "a.ts").body)).toBe(true);
    expect(isUseServerFile(parse('import x from "y";\n"use server";', "a.ts").body)).toBe(false);
    expect(isUseServerFile(parse('"use client";\nexport const a = 1;', "a.tsx").body)).toBe(false);
  });
});
