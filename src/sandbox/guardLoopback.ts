import { refuseNonLoopback } from '../net/refuseNonLoopback.ts';

/**
 * Loaded first in the sandbox's processes: a socket to anything outside loopback fails at once,
 * so the sandbox cannot send anything off the machine, whatever a library tries.
 */
refuseNonLoopback((host) => `sandbox: refusing a connection to ${host} (the sandbox stays on this machine)`);
