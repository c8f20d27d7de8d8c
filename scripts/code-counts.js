#!/usr/bin/env node
// The plumbing counts issue #15 reports before and after: raw SQL templates outside the ledger
// writer (whole statements, and all `sql` templates including fragments inside typed queries),
// hand-written row types (named …Row/…Rows/Raw…, unless derived from the entities), non-null assertions, casts, global modules and the files that
// write wallet rows. Counts the TypeScript under src/ (specs excluded) by its syntax tree.
//   node scripts/code-counts.js [dir]   (prints one line per count; --json for JSON)
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const root = path.resolve(process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? 'src');
const WRITER = /src\/wallet\/ledger-(batch\.repository|statement)\.ts$/;
const WALLET_WRITE = /(update\s+wallets\b|insert\s+into\s+wallets\b|updateTable\(\s*'wallets'|insertInto\(\s*'wallets')/i;

const files = [];
(function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.name.endsWith('.ts') && !/\.(spec|e2e-spec)\.ts$/.test(entry.name)) files.push(full);
  }
})(root);

const counts = {
  rawSqlStatementsOutsideWriter: 0,
  rawSqlOutsideWriter: 0,
  handWrittenRowTypes: 0,
  nonNullAssertions: 0,
  casts: 0,
  globalModules: 0,
  filesWritingWallets: 0,
};
const walletWriters = [];
for (const file of files) {
  const text = fs.readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const isWriter = WRITER.test(file);
  if (WALLET_WRITE.test(text)) {
    counts.filesWritingWallets++;
    walletWriters.push(path.relative(process.cwd(), file));
  }
  const visit = (node) => {
    if (ts.isTaggedTemplateExpression(node) && !isWriter) {
      const tag = ts.isPropertyAccessExpression(node.tag) ? node.tag.expression : node.tag;
      if (ts.isIdentifier(tag) && tag.text === 'sql') {
        counts.rawSqlOutsideWriter++;
        if (isWholeStatement(node)) counts.rawSqlStatementsOutsideWriter++;
      }
    }
    const rowType = (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) && /(Row|Rows)$|^Raw[A-Z]/.test(node.name.text);
    if (rowType && !isDerived(node)) counts.handWrittenRowTypes++;
    if (ts.isNonNullExpression(node)) counts.nonNullAssertions++;
    if (
      (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) &&
      !(ts.isTypeReferenceNode(node.type) && node.type.typeName.getText() === 'const')
    )
      counts.casts++;
    if (ts.isDecorator(node) && node.expression.getText() === 'Global()') counts.globalModules++;
    ts.forEachChild(node, visit);
  };
  visit(source);
}

/** A row type derived from the entities (`Selectable<…>`, a mapper's `ReturnType`, a `Tables` lookup), not a second column list. */
function isDerived(node) {
  return ts.isTypeAliasDeclaration(node) && /\b(Selectable|ReturnType|Tables)\b/.test(node.type.getText());
}

/** A template run as a statement of its own (`db.rows(sql…)`, `sql….execute(…)`), not a fragment inside a typed query. */
function isWholeStatement(node) {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name.text === 'execute') return true;
  if (ts.isCallExpression(parent) && parent.arguments[0] === node) {
    const callee = parent.expression;
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
    return ['rows', 'one', 'orderedRows', 'execute'].includes(name);
  }
  return false;
}

if (process.argv.includes('--json')) console.log(JSON.stringify({ ...counts, walletWriters }, null, 2));
else {
  for (const [name, value] of Object.entries(counts)) console.log(`${name.padEnd(30)} ${value}`);
  console.log(`wallet writers: ${walletWriters.join(', ')}`);
}
