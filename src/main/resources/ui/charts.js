// The status page's charts, drawn as SVG with no library and no build step. Every number is set with textContent
// or as an attribute, never parsed as HTML. Each drawn bar carries its data (data-outcome, data-count, data-code) so
// a test can read what was drawn.
'use strict';
const Charts = (() => {
  const NS = 'http://www.w3.org/2000/svg';
  const COLORS = { delivered: '#2a9d8f', sent: '#8ab17d', pending: '#e9c46a', failed: '#e76f51', suppressed: '#8d99ae' };
  const LABELS = { delivered: 'delivered', sent: 'sent (no receipt yet)', pending: 'waiting or sending',
    failed: 'failed or undelivered', suppressed: 'suppressed or canceled' };

  function el(name, attrs, text) {
    const e = document.createElementNS(NS, name);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, String(v)));
    if (text !== undefined) { e.textContent = String(text); }
    return e;
  }

  function svg(container, width, height, label) {
    const s = el('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-label': label,
      preserveAspectRatio: 'xMinYMin meet' });
    container.replaceChildren(s);
    return s;
  }

  // 0, a round step, …, at or above max: 1, 2 or 5 times a power of ten.
  function ticks(max, count) {
    if (max <= 0) { return [0, 1]; }
    const raw = max / count;
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
    const out = [];
    for (let v = 0; v < max + step; v += step) { out.push(v); }
    return out;
  }

  function hhmm(iso) {
    return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  function legend(container, outcomes, totals) {
    container.replaceChildren(...outcomes.map((o) => {
      const item = document.createElement('span');
      item.className = 'legend-item';
      item.dataset.outcome = o;
      const swatch = document.createElement('i');
      swatch.style.background = COLORS[o];
      item.append(swatch, document.createTextNode(LABELS[o] + ': ' + totals[o]));
      return item;
    }));
  }

  // Messages per minute, one stacked bar per minute, coloured by what became of them.
  function perMinute(container, legendEl, data) {
    const W = 1100; const H = 230; const left = 44; const right = 24; const bottom = 24; const top = 8;
    const s = svg(container, W, H, 'Messages per minute over the last hour, by outcome');
    const totals = data.minutes.map((m) => data.outcomes.reduce((sum, o) => sum + m[o], 0));
    const scale = ticks(Math.max(...totals, 0), 4);
    const yMax = scale[scale.length - 1];
    const plotH = H - bottom - top;
    const y = (v) => top + plotH - (v / yMax) * plotH;
    scale.forEach((v) => {
      s.append(el('line', { x1: left, x2: W - right, y1: y(v), y2: y(v), class: 'grid' }));
      s.append(el('text', { x: left - 4, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, v));
    });
    const slot = (W - left - right) / Math.max(data.minutes.length, 1);
    data.minutes.forEach((m, i) => {
      let base = 0;
      const x = left + i * slot + 1;
      data.outcomes.forEach((o) => {
        if (m[o] === 0) { return; }
        const r = el('rect', { x: x, y: y(base + m[o]), width: Math.max(slot - 2, 1), height: y(base) - y(base + m[o]),
          fill: COLORS[o], class: 'bar', 'data-outcome': o, 'data-count': m[o], 'data-minute': m.at });
        r.append(el('title', {}, hhmm(m.at) + ': ' + m[o] + ' ' + LABELS[o]));
        s.append(r);
        base += m[o];
      });
      if (new Date(m.at).getMinutes() % 10 === 0) { // on round ten minutes, local time
        s.append(el('text', { x: x + slot / 2, y: H - 6, 'text-anchor': 'middle', class: 'axis' }, hhmm(m.at)));
      }
    });
    legend(legendEl, data.outcomes, data.totals);
  }

  // The delivery ratio: the hour's figure, and per minute a point for every minute with settled messages.
  function delivery(container, figureEl, data) {
    const d = data.delivery;
    figureEl.textContent = d.ratio === null ? 'no message settled in the last hour'
      : (100 * d.ratio).toFixed(1) + ' % delivered (' + d.delivered + ' of ' + d.settled + ' settled)';
    figureEl.dataset.ratio = d.ratio === null ? '' : String(d.ratio);
    const W = 400; const H = 160; const left = 44; const right = 70; const bottom = 8; const top = 8;
    const s = svg(container, W, H, 'Delivery ratio per minute over the last hour');
    const plotH = H - bottom - top;
    const y = (v) => top + plotH - v * plotH;
    [0, 0.5, 1].forEach((v) => {
      s.append(el('line', { x1: left, x2: W - right, y1: y(v), y2: y(v), class: 'grid' }));
      s.append(el('text', { x: left - 4, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, (100 * v) + ' %'));
    });
    // The alert's threshold (deploy/prometheus/alerts.yml), labelled on the right.
    s.append(el('line', { x1: left, x2: W - right, y1: y(0.9), y2: y(0.9), class: 'grid threshold' }));
    s.append(el('text', { x: W - right + 4, y: y(0.9) + 4, class: 'axis' }, 'alert 90 %'));
    const slot = (W - left - right) / Math.max(data.minutes.length, 1);
    const points = [];
    data.minutes.forEach((m, i) => {
      const settled = m.delivered + m.failed;
      if (settled === 0) { return; }
      const x = left + (i + 0.5) * slot;
      const ratio = m.delivered / settled;
      points.push(x + ',' + y(ratio));
      const dot = el('circle', { cx: x, cy: y(ratio), r: 3, class: 'ratio-point', 'data-ratio': ratio,
        'data-minute': m.at });
      dot.append(el('title', {}, hhmm(m.at) + ': ' + (100 * ratio).toFixed(1) + ' % of ' + settled));
      s.append(dot);
    });
    if (points.length > 1) { s.insertBefore(el('polyline', { points: points.join(' '), class: 'ratio-line' }), s.firstChild); }
  }

  // The most frequent error codes of the hour, one bar each, longest first.
  function errorCodes(container, data) {
    const codes = data.errorCodes;
    if (codes.length === 0) {
      const p = document.createElement('p');
      p.className = 'hint';
      p.textContent = 'No errors in the last hour.';
      container.replaceChildren(p);
      return;
    }
    const W = 400; const row = 26; const left = 52; const H = codes.length * row + 4;
    const s = svg(container, W, H, 'Top error codes over the last hour');
    const max = Math.max(...codes.map((c) => c.count));
    codes.forEach((c, i) => {
      const yTop = i * row + 2;
      s.append(el('text', { x: left - 6, y: yTop + 15, 'text-anchor': 'end', class: 'axis code' }, c.code));
      const width = Math.max(((W - left - 40) * c.count) / max, 2);
      const r = el('rect', { x: left, y: yTop + 3, width: width, height: 16, class: 'error-bar', 'data-code': c.code,
        'data-count': c.count });
      r.append(el('title', {}, c.code + ': ' + c.description));
      s.append(r);
      s.append(el('text', { x: left + width + 4, y: yTop + 15, class: 'axis' }, c.count));
    });
    const list = document.createElement('ul');
    list.className = 'error-descriptions';
    list.append(...codes.map((c) => {
      const li = document.createElement('li');
      li.textContent = c.code + ': ' + c.description;
      return li;
    }));
    container.append(list);
  }

  return { perMinute, delivery, errorCodes };
})();
