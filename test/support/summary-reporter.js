// Prints the plain closing line CI reads ("N passed, M failed") after Jest's own summary, and
// writes it to JEST_SUMMARY_FILE when set, so .ci/run can repeat it as its very last line.
const fs = require('node:fs');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const line = `${results.numPassedTests} passed, ${failed} failed`;
    process.stdout.write(`\n${line}\n`);
    if (process.env.JEST_SUMMARY_FILE) fs.writeFileSync(process.env.JEST_SUMMARY_FILE, `${line}\n`);
  }
}

module.exports = SummaryReporter;
