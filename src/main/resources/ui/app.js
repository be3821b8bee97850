// The status page: reads /ui/api/* with the API key kept in sessionStorage (never a cookie).
'use strict';
const KEY = 'switchboard.apiKey';
const $ = (id) => document.getElementById(id);

function key() { return sessionStorage.getItem(KEY); }

async function api(path) {
  const res = await fetch(path, { headers: { 'Authorization': 'Bearer ' + key() } });
  if (res.status === 401) {
    sessionStorage.removeItem(KEY);
    showLogin('That key was not accepted.');
    throw new Error('unauthorized');
  }
  const json = await res.json();
  if (!res.ok) { throw new Error(json.error ? json.error.message : res.statusText); }
  return json;
}

function cell(text, cls) {
  const td = document.createElement('td');
  td.textContent = text === null || text === undefined ? '' : String(text);
  if (cls) { td.className = cls; }
  return td;
}

function fill(tableId, rows, toCells) {
  const body = $(tableId).tBodies[0];
  body.replaceChildren(...rows.map((r) => {
    const tr = document.createElement('tr');
    tr.append(...toCells(r));
    return tr;
  }));
}

function showLogin(message) {
  $('status').hidden = true;
  $('logout').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message || '';
}

async function refresh() {
  const s = await api('/ui/api/summary');
  fill('counts', s.counts, (c) => [cell(c.channel), cell(c.status), cell(c.count, 'num')]);
  $('breaker').textContent = s.breaker.state;
  $('breaker').className = 'state-' + s.breaker.state;
  $('outbox').textContent = s.outbox.depth + ' waiting, oldest due for ' + s.outbox.oldestDueSeconds + ' s'
    + Object.entries(s.outbox.lanes || {}).map(([lane, l]) =>
      '; ' + lane + ': ' + l.depth + ' (oldest due ' + l.oldestDueSeconds + ' s)').join('');
  fill('throttles', s.throttles, (t) => [cell(t.name), cell(t.ratePerSecond, 'num'), cell(t.waiting, 'num')]);
  fill('optouts', s.optOuts, (o) => [cell(o.at), cell(o.phone), cell(o.channel), cell(o.keyword || o.source)]);
  fill('imports', s.imports, (i) => [cell(i.name), cell(i.status),
    cell(i.totalRows ? Math.round(100 * i.rows / i.totalRows) + ' % of ' + i.totalRows : i.rows),
    cell(i.accepted, 'num'), cell(i.rejected, 'num')]);
  const hooks = s.webhooks || { endpoints: [], oldestPendingSeconds: 0 };
  $('webhook-lag').textContent = hooks.endpoints.length === 0 ? 'No endpoints (SWITCHBOARD_WEBHOOK_URLS or /api/v1/webhooks).'
    : 'Oldest undelivered event waiting ' + hooks.oldestPendingSeconds + ' s';
  fill('webhooks', hooks.endpoints, (w) => [cell(w.id + ' (' + w.origin + ')'), cell(w.url),
    cell(w.enabled ? 'enabled' : 'disabled since ' + w.disabledAt, w.enabled ? '' : 'state-OPEN'),
    cell(w.pending, 'num'), cell(w.failures, 'num')]);
  const charts = await api('/ui/api/charts');
  Charts.perMinute($('per-minute-chart'), $('per-minute-legend'), charts);
  Charts.delivery($('delivery-chart'), $('delivery-figure'), charts);
  Charts.errorCodes($('error-chart'), charts);
  $('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
}

async function search() {
  $('search-error').textContent = '';
  try {
    const q = $('search').value.trim();
    const found = await api('/ui/api/messages' + (q ? '?q=' + encodeURIComponent(q) : ''));
    fill('messages', found.items, (m) => {
      const link = document.createElement('a');
      link.href = '#' + m.id;
      link.className = 'message-link';
      link.textContent = m.id;
      link.addEventListener('click', (e) => { e.preventDefault(); history(m.id); });
      const id = document.createElement('td');
      id.append(link);
      return [id, cell(m.channel), cell(m.to), cell(m.status), cell(m.createdAt)];
    });
  } catch (e) {
    $('search-error').textContent = e.message;
  }
}

async function history(id) {
  const m = await api('/ui/api/messages/' + encodeURIComponent(id));
  $('history-id').textContent = m.id;
  $('history-to').textContent = m.channel + ' to ' + m.to + ', now ' + m.status;
  fill('history', m.events, (e) => [cell(e.at), cell(e.status, 'event-status'), cell(e.source),
    cell(e.applied ? 'yes' : 'no (late)'), cell(e.errorCode)]);
  $('history-section').hidden = false;
}

async function open() {
  $('login').hidden = true;
  $('status').hidden = false;
  $('logout').hidden = false;
  try {
    await refresh();
    await search();
  } catch (e) {
    if (e.message !== 'unauthorized') { $('updated').textContent = 'error: ' + e.message; }
  }
}

$('login').addEventListener('submit', (e) => {
  e.preventDefault();
  sessionStorage.setItem(KEY, $('key').value.trim());
  $('key').value = '';
  open();
});
$('logout').addEventListener('click', () => { sessionStorage.removeItem(KEY); showLogin(); });
$('search-form').addEventListener('submit', (e) => { e.preventDefault(); search(); });
setInterval(() => { if (key()) { refresh().catch(() => {}); } }, 5000);

if (key()) { open(); } else { showLogin(); }
