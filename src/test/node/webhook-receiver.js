// The tests' webhook receiver (WebhookReceiver.java starts it): a real HTTP server that checks every request with
// the Standard Webhooks reference library (npm standardwebhooks) against each secret it is told, answers as the
// test asks, and keeps what it saw.
//   node webhook-receiver.js            prints "listening <port>" once ready
//   POST /_control {"status":503,"forMs":30000,"delayMs":0,"location":null,"secrets":["whsec_…"]}
//        answer `status` (with Location if given) for forMs, then 204; delayMs before each answer
//   GET  /_received  every request: {path,id,timestamp,verified:[per secret],type,status,at,body}
//   STATS=1 (bench/webhooks): keeps no requests, only counts and each event's latency (arrival - data.time):
//   GET  /_stats  {count, unverified, duplicates, p50, p90, p99, max} (ms);  POST /_reset  starts counting anew
'use strict';
const http = require('http');
const { Webhook } = require('standardwebhooks');

let plan = { status: 204, until: 0, delayMs: 0, location: null };
let secrets = [];
const received = [];
const statsOnly = process.env.STATS === '1';
let stats = { count: 0, unverified: 0, duplicates: 0, latencies: [], ids: new Set() };

function percentile(sorted, p) {
  return sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
}

function answerFor(now) {
  return now < plan.until ? plan.status : 204;
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    if (req.url === '/_control' && req.method === 'POST') {
      const c = JSON.parse(body);
      if (c.secrets) secrets = c.secrets;
      plan = { status: c.status || 204, until: Date.now() + (c.forMs || 0), delayMs: c.delayMs || 0,
        location: c.location || null };
      res.writeHead(204).end();
      return;
    }
    if (req.url === '/_reset') {
      stats = { count: 0, unverified: 0, duplicates: 0, latencies: [], ids: new Set() };
      res.writeHead(204).end();
      return;
    }
    if (req.url === '/_stats') {
      const sorted = Float64Array.from(stats.latencies).sort();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ count: stats.count,
        unverified: stats.unverified, duplicates: stats.duplicates, p50: percentile(sorted, 50),
        p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: percentile(sorted, 100) }));
      return;
    }
    if (req.url === '/_received') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(received));
      return;
    }
    const headers = {
      'webhook-id': req.headers['webhook-id'],
      'webhook-timestamp': req.headers['webhook-timestamp'],
      'webhook-signature': req.headers['webhook-signature'],
    };
    const verified = secrets.map((s) => {
      try {
        new Webhook(s).verify(body, headers);
        return true;
      } catch (e) {
        return false;
      }
    });
    let type = null;
    try { type = JSON.parse(body).type; } catch (e) { /* kept as null */ }
    const status = answerFor(Date.now());
    if (statsOnly) {
      const now = Date.now();
      stats.count++;
      if (!verified.every((v) => v)) stats.unverified++;
      if (stats.ids.has(headers['webhook-id'])) stats.duplicates++; else stats.ids.add(headers['webhook-id']);
      try { stats.latencies.push(now - Date.parse(JSON.parse(body).data.time)); } catch (e) { /* not an event */ }
      res.writeHead(status).end();
      return;
    }
    received.push({ path: req.url, id: headers['webhook-id'] || null, timestamp: headers['webhook-timestamp'] || null,
      signature: headers['webhook-signature'] || null, verified, type, status, at: Date.now(), body });
    const reply = () => {
      const h = plan.location && status >= 300 && status < 400 ? { location: plan.location } : {};
      res.writeHead(status, h).end();
    };
    if (plan.delayMs > 0) setTimeout(reply, plan.delayMs); else reply();
  });
});
server.keepAliveTimeout = 30000;
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  console.log('listening ' + server.address().port);
});
