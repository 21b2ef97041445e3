import { runCli } from './runCli.ts';

// The CLI's process edge: real environment, real streams, the wall clock.
process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => {
    process.stdout.write(`${text}\n`);
  },
  stderr: process.stderr,
  clock: () => new Date(),
});
