/**
 * Run as a child process with a small heap: reads each register file named on the command line as the
 * import does and prints one JSON line per file (the error code it was refused with, or `read`), then the
 * process's peak resident memory. Running out of memory kills the child, which the test sees.
 */

import { AppError } from '../../src/server/http/errors';
import { readRegisterFile } from '../../src/server/register/import/readers';

for (const file of process.argv.slice(2)) {
  try {
    await readRegisterFile(file, () => () => undefined);
    console.log(JSON.stringify({ file, outcome: 'read' }));
  } catch (error) {
    console.log(
      JSON.stringify({
        file,
        outcome: error instanceof AppError ? error.code : String(error),
        params: (error as AppError).params,
      }),
    );
  }
}
console.log(JSON.stringify({ maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
