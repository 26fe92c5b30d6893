import { describe, expect, it } from 'vitest';
import { iceServerLinks } from './ice-server-links.js';

describe('iceServerLinks', () => {
  it('announces a STUN server without credentials', () => {
    expect(iceServerLinks([{ urls: 'stun:stun.example.org:3478' }])).toEqual(['<stun:stun.example.org:3478>; rel="ice-server"']);
  });

  it('announces a TURN server with its username and password credential', () => {
    expect(iceServerLinks([{ urls: 'turn:turn.example.org:3478?transport=udp', username: 'u', credential: 'p' }])).toEqual([
      '<turn:turn.example.org:3478?transport=udp>; rel="ice-server"; username="u"; credential="p"; credential-type="password"',
    ]);
  });

  it('escapes quotes and backslashes in credentials as quoted-strings', () => {
    const [link] = iceServerLinks([{ urls: 'turns:turn.example.org', username: 'site "A"', credential: 'pa\\ss"word' }]);
    expect(link).toBe('<turns:turn.example.org>; rel="ice-server"; username="site \\"A\\""; credential="pa\\\\ss\\"word"; credential-type="password"');
  });

  it('gives one link per server, in order, and none for none', () => {
    expect(iceServerLinks([])).toEqual([]);
    const links = iceServerLinks([{ urls: 'stun:a.example.org' }, { urls: 'turn:b.example.org', username: 'u', credential: 'p' }]);
    expect(links.map((link) => /^<([^>]+)>/.exec(link)?.[1])).toEqual(['stun:a.example.org', 'turn:b.example.org']);
  });
});
