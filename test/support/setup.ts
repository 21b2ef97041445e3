import { refuseNonLoopback } from '../../src/net/refuseNonLoopback.ts';

/** Tests never leave the machine: any socket to an address outside loopback fails at once. */
refuseNonLoopback((host) => `test network guard: refusing a connection to ${host} (only loopback is allowed)`);
