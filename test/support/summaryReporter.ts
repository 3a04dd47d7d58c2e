import fs from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints the closing `N passed, N failed` line CI reads. A test file that fails to load, or whose
 * set-up fails, counts as one failure, so a broken import can never pass silently. With LINLI_SUMMARY_FILE set, the counts are also
 * appended there so .ci/run can add up several runs.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    for (const module of testModules) {
      let failedHere = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failedHere++;
      }
      // A failing hook or import fails the file without failing a test: count it once.
      if (failedHere === 0 && module.state() === 'failed') failedHere = 1;
      failed += failedHere;
    }
    console.log(`${passed} passed, ${failed} failed`);
    if (process.env.LINLI_SUMMARY_FILE)
      fs.appendFileSync(process.env.LINLI_SUMMARY_FILE, `${passed} ${failed}\n`);
  }
}
