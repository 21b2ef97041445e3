import type { RunningBot } from './startBot.ts';

/** What the sandbox (the parent process) sends the bot over Node's IPC channel. */
export type SandboxCommand = { type: 'clock'; id: number; at: number } | { type: 'run-job'; id: number; name: string };

/** What the bot answers: `ready` once online, `done` for each command. */
export type SandboxReply = { type: 'ready' } | { type: 'done'; id: number; error?: string };

/** The IPC end of a process: `process` in a child spawned with an `ipc` stdio entry. */
export interface IpcChannel {
  send?: (message: SandboxReply) => boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'disconnect', listener: () => void): unknown;
}

/** The bot's side of the sandbox control: a clock the sandbox moves, and jobs it runs now. */
export interface SandboxControl {
  /** The sandbox's time: it moves on with the real clock between jumps. */
  clock: () => Date;
  /** Answers `run-job`, says `ready`, and calls `onClose` when the sandbox goes away. */
  serve(bot: Pick<RunningBot, 'runJob'>, onClose: () => void): void;
}

/**
 * Waits for the sandbox's first `clock` message (the bot must not read the time before it
 * knows it), then follows every later one. The sandbox sets a time; the bot's clock runs on
 * from there, so `jump to tomorrow 09:00` is seen by the digest planner as it would be by a
 * bot left running overnight. Only `src/main.ts` calls this, and only with `SANDBOX_CLOCK=ipc`.
 */
export function connectSandboxControl(channel: IpcChannel): Promise<SandboxControl> {
  const send = (reply: SandboxReply) => channel.send?.(reply);
  if (!channel.send) return Promise.reject(new Error('SANDBOX_CLOCK=ipc: this process has no IPC channel'));
  let offsetMs = 0;
  let bot: Pick<RunningBot, 'runJob'> | undefined;
  return new Promise((resolve) => {
    const control: SandboxControl = {
      clock: () => new Date(Date.now() + offsetMs),
      serve(running, onClose) {
        bot = running;
        channel.on('disconnect', onClose);
        send({ type: 'ready' });
      },
    };
    channel.on('message', (raw) => {
      const message = raw as SandboxCommand;
      if (message.type === 'clock') {
        offsetMs = message.at - Date.now();
        send({ type: 'done', id: message.id });
        resolve(control);
      } else if (message.type === 'run-job') {
        const running = bot?.runJob(message.name) ?? Promise.reject(new Error('the bot is not online yet'));
        running.then(
          () => send({ type: 'done', id: message.id }),
          (error: unknown) => send({ type: 'done', id: message.id, error: String(error) }),
        );
      }
    });
  });
}
