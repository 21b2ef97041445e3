import net from 'node:net';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/**
 * Makes every socket to an address outside loopback fail at once, in this process. It sits below
 * every HTTP client (fetch, undici, discord.js), so nothing can slip past it. `refusal` words the
 * error for the host that was refused. Used by the tests and by the sandbox's processes.
 */
export function refuseNonLoopback(refusal: (host: string) => string): void {
  const originalConnect = net.Socket.prototype.connect;
  type ConnectArgs = Parameters<typeof originalConnect>;
  net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: ConnectArgs) {
    // net.connect() and http pass their arguments on normalised, as one array [options, callback].
    const first = (Array.isArray(args[0]) ? args[0][0] : args[0]) as unknown;
    const options =
      typeof first === 'object' && first !== null && !Array.isArray(first)
        ? (first as { host?: string; path?: string })
        : typeof args[1] === 'string'
          ? { host: args[1] }
          : { host: 'localhost' };
    const host = options.host ?? 'localhost';
    if (options.path === undefined && !LOOPBACK.test(host)) throw new Error(refusal(host));
    return originalConnect.apply(this, args);
  } as typeof originalConnect;
}
