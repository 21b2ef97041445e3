import net from 'node:net';

/**
 * Loaded first in the sandbox's processes: a socket to anything outside loopback fails at once,
 * so the sandbox cannot send anything off the machine, whatever a library tries.
 */
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

const originalConnect = net.Socket.prototype.connect;
type ConnectArgs = Parameters<typeof originalConnect>;

net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: ConnectArgs) {
  const first = args[0] as unknown;
  const options =
    typeof first === 'object' && first !== null && !Array.isArray(first)
      ? (first as { host?: string; path?: string })
      : typeof args[1] === 'string'
        ? { host: args[1] }
        : { host: 'localhost' };
  const host = options.host ?? 'localhost';
  if (options.path === undefined && !LOOPBACK.test(host)) {
    throw new Error(`sandbox: refusing a connection to ${host} (the sandbox stays on this machine)`);
  }
  return originalConnect.apply(this, args);
} as typeof originalConnect;
