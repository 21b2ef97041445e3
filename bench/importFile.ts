/**
 * Child process of the benchmark: runs the CLI's `import` exactly as `npm run cli -- import`
 * does, then reports the process's peak resident memory. Prints one JSON object on stdout.
 */
import { runCli } from '../src/cli/runCli.ts';
import { createSilentLogger } from '../src/logging/createLogger.ts';

const [file, url] = process.argv.slice(2);
if (!file || !url) throw new Error('usage: importFile <file> <storeUrl>');
let output = '';
const code = await runCli(['import', file, '--db', url, '--json'], {
  env: process.env,
  stdout: (text) => {
    output += text;
  },
  stderr: process.stderr,
  clock: () => new Date(),
  logger: createSilentLogger(),
});
process.stdout.write(
  `${JSON.stringify({ code, summary: JSON.parse(output || 'null'), rssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
);
process.exitCode = code;
