import { describe, expect, it } from 'vitest';
import { whipErrorMessage } from './whip-error.js';

describe('the message for a refused WHIP request', () => {
  it("shows the server's message verbatim", () => {
    const body = JSON.stringify({ error: { code: 'invalid_sdp', message: 'offer has no video m-line' } });
    expect(whipErrorMessage(400, body)).toBe('offer has no video m-line');
    expect(whipErrorMessage(409, '{"error":{"code":"conflict","message":"dock-1 is an RTSP camera, not a WHIP camera"}}')).toBe(
      'dock-1 is an RTSP camera, not a WHIP camera',
    );
  });

  it('says what the status means when the server sent no message', () => {
    expect(whipErrorMessage(404, '<html>Not found</html>')).toBe('Vigil has no such camera, or does not take WHIP here. (HTTP 404)');
    expect(whipErrorMessage(401, '')).toBe('The token was not accepted. (HTTP 401)');
    expect(whipErrorMessage(400, '{"error":{"code":"bad","message":"  "}}')).toBe('Vigil could not read the offer from this browser. (HTTP 400)');
    expect(whipErrorMessage(502, 'Bad gateway')).toBe('Vigil failed to set up the connection. (HTTP 502)');
    expect(whipErrorMessage(418, 'null')).toBe('Vigil refused the request. (HTTP 418)');
  });

  it('says when the server could not be reached at all', () => {
    expect(whipErrorMessage(0, '')).toBe('Vigil cannot be reached: check the connection to the server.');
  });
});
