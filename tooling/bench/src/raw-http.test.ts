import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { RawHttpConnection } from './raw-http';

const server = http.createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk: string) => {
    body += chunk;
  });
  request.on('end', () => {
    const answer = JSON.stringify({ path: request.url, header: request.headers['x-test'], body: JSON.parse(body) });
    if (request.url === '/chunked') {
      // No length: Node answers chunked, here in three chunks.
      response.write(answer.slice(0, 5));
      response.write(answer.slice(5, 12));
      response.end(answer.slice(12));
    } else {
      response.setHeader('content-length', Buffer.byteLength(answer));
      response.statusCode = request.url === '/missing' ? 404 : 200;
      response.end(answer);
    }
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('RawHttpConnection', () => {
  it('sends encoded requests one after another on one connection, and reads both kinds of answer', async () => {
    const connection = await RawHttpConnection.open(port);
    for (const path of ['/plain', '/chunked', '/missing', '/plain']) {
      const answer = await connection.send(RawHttpConnection.post(path, '{"é":1}', { 'x-test': 'oui' }));
      expect(answer.status).toBe(path === '/missing' ? 404 : 200);
      expect(JSON.parse(answer.body)).toEqual({ path, header: 'oui', body: { é: 1 } });
    }
    connection.close();
  });

  it('refuses a second request before the first is answered', async () => {
    const connection = await RawHttpConnection.open(port);
    const first = connection.send(RawHttpConnection.post('/plain', '{}'));
    await expect(connection.send(RawHttpConnection.post('/plain', '{}'))).rejects.toThrow('one request at a time');
    expect((await first).status).toBe(200);
    connection.close();
  });
});
