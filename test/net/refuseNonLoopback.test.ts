import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { describe, expect, it } from 'vitest';

// The guard is installed by the test setup (test/support/setup.ts), as in every test file.
describe('the network guard', () => {
  it('refuses fetch and raw sockets to an address outside loopback, naming it', async () => {
    await expect(fetch('http://192.0.2.1/')).rejects.toThrow();
    const refused = await fetch('http://192.0.2.1/').catch((error: Error) => String(error.cause ?? error));
    expect(refused).toContain('refusing a connection to 192.0.2.1');
    expect(() => net.connect(80, '192.0.2.1')).toThrow(/refusing a connection to 192\.0\.2\.1/);
    expect(() => net.connect({ host: '192.0.2.1', port: 80 })).toThrow(/refusing/);
  });

  it('lets loopback through', async () => {
    const server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok');
    server.close();
  });
});
