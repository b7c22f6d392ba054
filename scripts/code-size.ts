// Prints the largest functions and the files over 250 lines under a source folder (default src/): the "before and
// after" numbers of issue 11. Usage: node scripts/code-size.ts [DIR] [--top N]
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const args = process.argv.slice(2);
const topIndex = args.indexOf('--top');
const top = topIndex >= 0 ? Number(args[topIndex + 1]) : 10;
const dir = args.find((a, i) => !a.startsWith('--') && i !== topIndex + 1) ?? 'src';
const FILE_LIMIT = 250;

function listFiles(d: string): string[] {
  return readdirSync(d, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(d, e.name)) : e.name.endsWith('.ts') ? [join(d, e.name)] : [],
  );
}

interface Sized {
  readonly name: string;
  readonly where: string;
  readonly lines: number;
}

/** A function's name: its own, or the variable, property or method it is assigned to. */
function nameOf(node: ts.Node): string {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name)
    return node.name.getText();
  const parent = node.parent;
  if (
    ts.isVariableDeclaration(parent) ||
    ts.isPropertyAssignment(parent) ||
    ts.isPropertyDeclaration(parent)
  ) {
    return parent.name.getText();
  }
  return '(anonymous)';
}

const functions: Sized[] = [];
const files: Sized[] = [];
for (const file of listFiles(dir)) {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const path = relative(process.cwd(), file);
  const lineCount = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lineCount > FILE_LIMIT) files.push({ name: path, where: path, lines: lineCount });
  const visit = (node: ts.Node): void => {
    if (
      ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isArrowFunction(node) ||
      ts.isFunctionExpression(node)
    ) {
      const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      functions.push({ name: nameOf(node), where: `${path}:${start + 1}`, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

functions.sort((a, b) => b.lines - a.lines);
files.sort((a, b) => b.lines - a.lines);
console.log(`Largest functions in ${dir}/ (lines):`);
for (const f of functions.slice(0, top))
  console.log(`  ${String(f.lines).padStart(4)}  ${f.name}  ${f.where}`);
console.log(`Files over ${FILE_LIMIT} lines in ${dir}/: ${files.length}`);
for (const f of files) console.log(`  ${String(f.lines).padStart(4)}  ${f.name}`);
