const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

export const TOKEN_STORAGE_KEY = 'vigil.apiToken';
export const REFRESH_MS = 5000;

/**
 * The status page at `/`. The server renders only the site name; cameras and alerts are fetched from `/api` by the
 * inline script with the token the user typed (kept in this browser's localStorage), so the page itself reveals
 * nothing without a token. The script writes every value through textContent.
 */
export function renderStatusPage(options: { siteName: string; nonce: string }): string {
  const site = escapeHtml(options.siteName);
  const nonce = escapeHtml(options.nonce);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${site} · Vigil</title>
<style nonce="${nonce}">
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1d1d1f; background: #fafafa; }
  h1 { font-size: 1.4rem; margin: 0 0 .2rem; } h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
  table { border-collapse: collapse; width: 100%; background: #fff; }
  th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #e3e3e3; vertical-align: top; }
  th { background: #f0f0f0; font-weight: 600; }
  .muted { color: #6b6b6b; } .hidden { display: none; } .error { color: #b00020; }
  .state-online { color: #137333; } .state-degraded { color: #b06000; } .state-offline { color: #b00020; }
  .sev-critical, .sev-high { color: #b00020; font-weight: 600; } .sev-medium { color: #b06000; }
  form { display: flex; gap: .5rem; align-items: center; margin: 1rem 0; } input { padding: .3rem; min-width: 22rem; }
</style>
</head>
<body>
<h1>${site}</h1>
<div class="muted">Vigil status · refreshes every ${REFRESH_MS / 1000} s · <span id="updated">not loaded</span></div>
<form id="token-form" class="hidden">
  <label for="token">API token</label>
  <input id="token" type="password" autocomplete="off" placeholder="paste the Vigil API token">
  <button type="submit">Show status</button>
</form>
<p id="message" class="error"></p>
<div id="content" class="hidden">
  <button id="forget" type="button">Forget token</button>
  <h2>Cameras</h2>
  <table><thead><tr><th>Camera</th><th>Name</th><th>State</th><th>Reason</th><th>FPS</th></tr></thead><tbody id="cameras"></tbody></table>
  <h2>Latest alerts</h2>
  <table><thead><tr><th>Time</th><th>Severity</th><th>Status</th><th>Camera</th><th>Rule</th><th>Summary</th></tr></thead><tbody id="alerts"></tbody></table>
</div>
<script nonce="${nonce}">
(() => {
  const KEY = ${JSON.stringify(TOKEN_STORAGE_KEY)};
  const $ = (id) => document.getElementById(id);
  let timer = null;

  function cell(row, text, className) {
    const td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    if (className) td.className = className;
    row.appendChild(td);
  }
  function fill(tbody, rows, empty) {
    tbody.replaceChildren();
    if (rows.length === 0) { const tr = document.createElement('tr'); cell(tr, empty, 'muted'); tbody.appendChild(tr); return; }
    for (const build of rows) { const tr = document.createElement('tr'); build(tr); tbody.appendChild(tr); }
  }
  function askForToken(message) {
    if (timer) { clearInterval(timer); timer = null; }
    $('content').classList.add('hidden');
    $('token-form').classList.remove('hidden');
    $('message').textContent = message || '';
  }
  async function get(path, token) {
    const res = await fetch(path, { headers: { Authorization: 'Bearer ' + token }, cache: 'no-store' });
    if (res.status === 401) throw Object.assign(new Error('unauthorized'), { unauthorized: true });
    if (!res.ok) throw new Error(path + ' answered ' + res.status);
    return res.json();
  }
  async function refresh() {
    const token = localStorage.getItem(KEY);
    if (!token) return askForToken('');
    try {
      const [cameras, alerts] = await Promise.all([get('/api/cameras', token), get('/api/alerts?limit=20', token)]);
      fill($('cameras'), cameras.items.map((c) => (tr) => {
        const state = c.status ? c.status.state : (c.enabled ? 'unknown' : 'disabled');
        cell(tr, c.id); cell(tr, c.name); cell(tr, state, 'state-' + state);
        cell(tr, c.status ? c.status.reason : ''); cell(tr, c.status ? c.status.fps.toFixed(1) : '');
      }), 'No cameras configured.');
      fill($('alerts'), alerts.items.map((a) => (tr) => {
        cell(tr, new Date(a.startedAt).toLocaleString()); cell(tr, a.severity, 'sev-' + a.severity);
        cell(tr, a.status.replace('_', ' ')); cell(tr, a.cameraId); cell(tr, a.ruleName); cell(tr, a.summary);
      }), 'No alerts yet.');
      $('token-form').classList.add('hidden');
      $('content').classList.remove('hidden');
      $('message').textContent = '';
      $('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
      if (!timer) timer = setInterval(refresh, ${REFRESH_MS});
    } catch (err) {
      if (err.unauthorized) { localStorage.removeItem(KEY); return askForToken('That token was not accepted.'); }
      $('message').textContent = 'Could not refresh: ' + err.message;
    }
  }
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = $('token').value.trim();
    if (!token) return;
    localStorage.setItem(KEY, token);
    $('token').value = '';
    refresh();
  });
  $('forget').addEventListener('click', () => { localStorage.removeItem(KEY); askForToken(''); });
  refresh();
})();
</script>
</body>
</html>
`;
}
