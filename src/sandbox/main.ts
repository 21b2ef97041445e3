import './guardLoopback.ts';
import { type BotLogLine, startSandbox } from './startSandbox.ts';

/**
 * `npm run sandbox`: the whole bot in a browser, no Discord account. Prints the page's address
 * and runs until Ctrl-C; nothing leaves 127.0.0.1.
 */
const WARN = 40;

function printLog(line: BotLogLine | string): void {
  if (typeof line === 'string') process.stderr.write(`bot: ${line}\n`);
  else if (line.level >= WARN || line.msg === 'paperboy is online') process.stderr.write(`bot: ${line.msg}\n`);
}

process.stderr.write('paperboy sandbox: starting the emulator, the store and the bot…\n');
const port = Number(process.env.SANDBOX_PORT ?? 0);
const sandbox = await startSandbox({ port: Number.isInteger(port) ? port : 0, onLog: printLog }).catch(
  (error: unknown) => {
    process.stderr.write(`paperboy sandbox: could not start: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
process.stdout.write(`\nPaperboy sandbox: open ${sandbox.url}\n(Ctrl-C to stop; nothing leaves this machine)\n\n`);

let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  process.stderr.write('paperboy sandbox: stopping…\n');
  await sandbox.stop();
  process.exit(code);
};
process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));
void sandbox.bot.exited.then((code) => {
  if (stopping) return;
  process.stderr.write(`paperboy sandbox: the bot stopped (exit code ${code})\n`);
  void stop(1);
});
