import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_TOKEN, startTestVigil } from '../e2e/vigil-harness.js';
import { storeTargets } from '../store/store-targets.js';

const RUNS = Number(process.env.FAULT_FUZZ_RUNS ?? 400);
const SEED = Number(process.env.FAULT_FUZZ_SEED ?? 20260802);
const REQUEST_TIMEOUT_MS = 10_000;

const SITE = `site: { name: Fuzz plant }
cameras:
  - { id: gate-phone, name: Gate phone, url: "whip://gate-phone", sample: { fps: 2, maxSide: 320 } }
rules: rules/
`;
const RULES = `rules:
  - { id: gate-motion, name: Motion at the gate, severity: low, cameras: [gate-phone], when: { signal: motion, minArea: 0.05, for: 2s } }
`;

interface Route {
  path: string;
  methods: string[];
}

/** Routes from Fastify's own route tree (printRoutes without common prefixes), as full paths. */
function routesOf(tree: string): Route[] {
  const routes: Route[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│├└─\s]*)(\S.*?) \(([A-Z, ]+)\)$/.exec(line);
    if (!match) continue;
    const depth = Math.floor(match[1]!.length / 4);
    const parent = depth === 0 ? '' : (stack[depth - 1] ?? '');
    const path = depth === 0 ? match[2]! : `${parent}${parent.endsWith('/') || match[2]!.startsWith('/') ? '' : '/'}${match[2]}`;
    stack[depth] = path;
    stack.length = depth + 1;
    routes.push({ path, methods: match[3]!.split(',').map((m) => m.trim()) });
  }
  return routes;
}

const oddSegment = fc.oneof(
  { weight: 4, arbitrary: fc.constant('gate-phone') },
  fc.constantFrom('gate-phone', 'nope', '..', '.', '%2e%2e', '%00', '%', '%zz', '%ff%fe', '-', 'A', '0', '-1', '1e309', 'NaN', 'null', 'undefined', '__proto__', 'constructor', '😀', 'Straße', '%E2%80%AE', 'a'.repeat(3000), '00000000-0000-0000-0000-000000000000', 'x.jpg', 'x.mp4'),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent),
  fc.uuid(),
);
const oddQueryValue = fc.oneof(
  fc.constantFrom('', 'open', 'critical', 'gate-phone', '-1', '0', '1e309', 'NaN', '2026-13-45', 'yesterday', '9'.repeat(40), 'true', '[]', '{}', '%', '%zz', '😀', 'x'.repeat(10_000)),
  fc.string({ unit: 'grapheme', maxLength: 16 }),
  fc.integer().map(String),
);
const queryString = fc
  .array(fc.tuple(fc.constantFrom('camera', 'severity', 'status', 'from', 'to', 'since', 'limit', 'cursor', 'before', 'q', 'token', 'id', 'x', '__proto__', 'severity[]', 'a[b]'), oddQueryValue), { maxLength: 5 })
  .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`));

const nearValidJson = fc.constantFrom(
  { id: 'fuzz-cam', name: 'Fuzz cam', url: 'rtsp://127.0.0.1:1/none', sample: { fps: 1, maxSide: 160 } },
  { id: 'Bad Id', name: '', url: 'ftp://x' },
  { zones: [{ id: 'z', name: 'Z', polygon: [[0, 0], [1, 0], [1, 1]] }] },
  { zones: [{ id: 'z', name: 'Z', polygon: [[0, 0], [2, -1]] }] },
  { note: 'seen', actor: 'fuzz' },
  { file: 'x.yaml', text: 'rules: []' },
  { file: '../../etc/passwd', text: 'rules: [{' },
  { type: 'offer', sdp: 'v=0\r\n' },
  { username: 'admin', password: 'password' },
  { name: 'robot', role: 'admin' },
  { type: 'hazard', cameraId: 'gate-phone' },
);
const sdpBody = fc.constantFrom(
  'v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 H264/90000\r\na=sendonly\r\n',
  'v=0\r\nm=audio 0 RTP/AVP 0\r\n',
  'a=candidate:1 1 udp 1 127.0.0.1 9 typ host\r\n',
  'not sdp at all',
);
const body = fc.oneof(
  fc.constant(undefined),
  nearValidJson.map((v) => JSON.stringify(v)),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.constantFrom('{', '[1,2', '"\\u0000"', 'null', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"x":1}}}', '[]'.repeat(1), `${'['.repeat(20_000)}${']'.repeat(20_000)}`),
  fc.constantFrom('rules:\n  - id: x\n    when: [\n', 'a: &a [*a]\n', '- !!js/function "x"\n', '? [a]\n: b\n'),
  sdpBody,
  fc.uint8Array({ maxLength: 256 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  fc.constant(JSON.stringify({ id: 'x', name: 'é'.repeat(200_000) })),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
);
const contentType = fc.constantFrom(
  undefined, 'application/json', 'application/json; charset=utf-8', 'application/json; charset=utf-16', 'application/sdp',
  'application/trickle-ice-sdpfrag', 'application/yaml', 'text/plain', 'text/yaml', 'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x', 'application/octet-stream', 'garbage', '*/*',
);
const auth = fc.constantFrom('token', 'token', 'token', 'token', 'none', 'wrong', 'basic', 'empty');
const method = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND');

describe('every API endpoint under random requests', () => {
  let fuzz: Awaited<ReturnType<typeof startTestVigil>>;
  let routes: Route[] = [];
  beforeAll(async () => {
    fuzz = await startTestVigil({ siteYaml: SITE, rules: { 'gate.yaml': RULES }, target: storeTargets[0]! });
    routes = routesOf(fuzz.vigil.app.fastify.printRoutes({ commonPrefix: false })).filter((r) => !r.path.startsWith('/assets/'));
  });
  afterAll(async () => {
    await fuzz?.dispose();
  });

  it('knows the routes it fuzzes', () => {
    const paths = routes.map((r) => r.path);
    for (const expected of ['/api/whip/:cameraId', '/api/robots/:id/events', '/api/rules/validate', '/api/cameras/:id', '/api/cameras/:id/zones', '/api/alerts', '/api/cameras/:id/publish-token']) {
      expect(paths).toContain(expected);
    }
  });

  it(`${RUNS} random requests: never a 5xx, never a hang, and Vigil is healthy after`, async () => {
    const statuses = new Map<number, number>();
    const request = fc.record({
      route: fc.nat(),
      useRoute: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      method,
      segments: fc.array(oddSegment, { minLength: 3, maxLength: 3 }),
      extra: fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: oddSegment }),
      query: queryString,
      body,
      contentType,
      auth,
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const route = routes[r.route % routes.length]!;
        let n = 0;
        let path = route.path.replace(/:[A-Za-z]+/g, () => r.segments[n++ % 3]!);
        if (r.extra) path = `${path}/${r.extra}`;
        const methodToUse = r.useRoute ? route.methods[r.route % route.methods.length]! : r.method;
        const headers: Record<string, string> = {};
        if (r.auth === 'token') headers.authorization = `Bearer ${E2E_TOKEN}`;
        else if (r.auth === 'wrong') headers.authorization = 'Bearer wrong-token-0123456789';
        else if (r.auth === 'basic') headers.authorization = 'Basic dXNlcjpwYXNz';
        else if (r.auth === 'empty') headers.authorization = '';
        if (r.contentType) headers['content-type'] = r.contentType;
        const sendsBody = r.body !== undefined && methodToUse !== 'GET' && methodToUse !== 'HEAD';
        let response: Response;
        try {
          response = await fetch(`${fuzz.vigil.url}${path}${r.query}`, {
            method: methodToUse,
            headers,
            ...(sendsBody ? { body: r.body } : {}),
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          });
        } catch (error) {
          // The client refused to send it (a URL or header fetch will not build): nothing reached Vigil.
          if (error instanceof TypeError && !String((error as { cause?: unknown }).cause ?? '').includes('ECONN')) return;
          throw new Error(`${methodToUse} ${path.slice(0, 200)}: ${(error as Error).message} ${String((error as { cause?: unknown }).cause ?? '')}`);
        }
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        let text = '';
        try {
          text = (await response.text()).slice(0, 300);
        } catch {
          // A stream that is still open (live video) is cut here; its status was already checked.
        }
        expect(response.status, `${methodToUse} ${path.slice(0, 200)}${r.query.slice(0, 200)} (${r.contentType}) → ${text}`).toBeLessThan(500);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    const health = await fetch(`${fuzz.vigil.url}/healthz`);
    expect(health.status).toBe(200);
    const cameras = await fetch(`${fuzz.vigil.url}/api/cameras`, { headers: { authorization: `Bearer ${E2E_TOKEN}` } });
    expect(cameras.status).toBe(200);
    console.info(`API fuzz: ${RUNS} requests over ${routes.length} routes; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
  }, 180_000);
});
