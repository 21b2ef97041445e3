import net from 'node:net';

/**
 * Tests never leave the machine: any socket to an address outside loopback fails at once.
 * This sits below every HTTP client (fetch, undici, discord.js), so nothing can slip past it.
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
    throw new Error(`test network guard: refusing a connection to ${host} (only loopback is allowed)`);
  }
  return originalConnect.apply(this, args);
} as typeof originalConnect;
