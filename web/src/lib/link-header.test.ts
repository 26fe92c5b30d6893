import { describe, expect, it } from 'vitest';
import { iceServersFromLinks, parseLinkHeader } from './link-header.js';

describe('Link header parsing (RFC 8288)', () => {
  it('reads the target and parameters, quoted or not', () => {
    expect(parseLinkHeader('<stun:stun.example.net>; rel="ice-server"')).toEqual([
      { target: 'stun:stun.example.net', params: { rel: 'ice-server' } },
    ]);
    expect(parseLinkHeader('<https://a.example/>;rel=next ; title=Two')).toEqual([
      { target: 'https://a.example/', params: { rel: 'next', title: 'Two' } },
    ]);
  });

  it('reads several links in one value, with commas and semicolons inside quotes', () => {
    const links = parseLinkHeader('<turn:t.example?transport=udp>; rel="ice-server"; username="a,b;c"; credential="p\\"w", <stun:s.example>; rel=ice-server');
    expect(links).toEqual([
      { target: 'turn:t.example?transport=udp', params: { rel: 'ice-server', username: 'a,b;c', credential: 'p"w' } },
      { target: 'stun:s.example', params: { rel: 'ice-server' } },
    ]);
  });

  it('reads several header values', () => {
    expect(parseLinkHeader(['<stun:a.example>; rel="ice-server"', '<stun:b.example>; rel="ice-server"']).map((l) => l.target)).toEqual([
      'stun:a.example',
      'stun:b.example',
    ]);
  });

  it('lower-cases parameter names, keeps the first of a repeated one and takes flags without a value', () => {
    expect(parseLinkHeader('<x>; REL="a"; rel="b"; crossorigin')).toEqual([{ target: 'x', params: { rel: 'a', crossorigin: '' } }]);
  });

  it('drops a malformed link and keeps the others', () => {
    expect(parseLinkHeader('garbage; rel=x, <stun:ok.example>; rel="ice-server"').map((l) => l.target)).toEqual(['stun:ok.example']);
    expect(parseLinkHeader('<a>; ; rel=x, <b>; rel=y').map((l) => l.target)).toEqual(['b']);
    expect(parseLinkHeader('<a> junk, <b>').map((l) => l.target)).toEqual(['b']);
    expect(parseLinkHeader('<never-closed; rel=x')).toEqual([]);
    expect(parseLinkHeader('')).toEqual([]);
    expect(parseLinkHeader(null)).toEqual([]);
  });
});

describe('ICE servers from a WHIP answer', () => {
  it('takes the ice-server links with their TURN credentials', () => {
    const header =
      '<stun:stun.example.net>; rel="ice-server", ' +
      '<turn:turn.example.net?transport=udp>; rel="ice-server"; username="user"; credential="myPassword"; credential-type="password"';
    expect(iceServersFromLinks(header)).toEqual([
      { urls: 'stun:stun.example.net' },
      { urls: 'turn:turn.example.net?transport=udp', username: 'user', credential: 'myPassword' },
    ]);
  });

  it('ignores other relations and targets that are not STUN or TURN', () => {
    expect(iceServersFromLinks(['<https://vigil.example/docs>; rel="help"', '<https://evil.example>; rel="ice-server"'])).toEqual([]);
    expect(iceServersFromLinks('<stuns:s.example:5349>; rel="preload ice-server"')).toEqual([{ urls: 'stuns:s.example:5349' }]);
    expect(iceServersFromLinks(null)).toEqual([]);
  });
});
