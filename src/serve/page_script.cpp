// The what-if page's script. It keeps the page's state (the scenario, each variant's overrides, the
// variant shown) in one object and in the URL's query string, and asks the API for everything it
// shows: GET /api/keys for the key panel, POST /api/view for the results and the report's charts,
// POST /api/yaml for the download, /api/sensitivity and /api/montecarlo (streamed) on request.
#include "serve/page.hpp"

namespace hippo::serve {

namespace {

const char* kScript = R"js(
(function () {
  'use strict';
  const boot = JSON.parse(document.getElementById('hippo-boot').textContent);
  const $ = (id) => document.getElementById(id);
  const state = {
    scenario: boot.scenario,  // a shipped name, or the YAML text of an uploaded file
    uploaded: null,           // the uploaded file's name
    keys: null,               // the /api/keys document of the scenario
    variants: [{}],           // each variant's overrides: key -> value as typed
    active: 0,
    seq: 0, view: null, job: null, embeds: new Map(), timer: null,
  };

  // ---- the URL: ?scenario=NAME&KEY=VALUE…; variants 2 and 3 as v2.KEY=VALUE, their number as variants=N
  function readUrl() {
    const q = new URLSearchParams(location.search);
    if (q.get('scenario')) state.scenario = q.get('scenario');
    const n = Math.min(boot.max_variants, Math.max(1, parseInt(q.get('variants') || '1', 10) || 1));
    state.variants = Array.from({ length: n }, () => ({}));
    for (const [k, v] of q) {
      if (k === 'scenario' || k === 'variants') continue;
      const m = /^v([0-9])\.(.+)$/.exec(k);
      if (m) { if (+m[1] - 1 < n) state.variants[+m[1] - 1][m[2]] = v; }
      else state.variants[0][k] = v;
    }
  }
  function writeUrl() {
    const q = new URLSearchParams();
    if (!state.uploaded) q.set('scenario', state.scenario);
    if (state.variants.length > 1) q.set('variants', String(state.variants.length));
    state.variants.forEach((set, i) => { for (const [k, v] of Object.entries(set)) q.set(i ? 'v' + (i + 1) + '.' + k : k, v); });
    history.replaceState(null, '', location.pathname + '?' + q.toString());
  }

  const asValue = (s) => (s.trim() !== '' && isFinite(Number(s)) ? Number(s) : s);
  const setOf = (i) => Object.fromEntries(Object.entries(state.variants[i]).map(([k, v]) => [k, asValue(v)]));
  const runOf = (i) => ({ scenario: state.scenario, set: setOf(i) });

  async function api(path, body, signal) {
    const res = await fetch(path, body === undefined ? { signal } :
      { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal });
    const text = await res.text();
    if (!res.ok) {
      let doc = {};
      try { doc = JSON.parse(text); } catch (_) { doc = { error: 'HTTP ' + res.status }; }
      const e = new Error(doc.error || 'HTTP ' + res.status);
      e.key = doc.key || '';
      throw e;
    }
    return path === '/api/yaml' ? text : JSON.parse(text);
  }

  function showError(e) {
    const box = $('error');
    document.querySelectorAll('.key.bad').forEach((el) => el.classList.remove('bad'));
    if (!e) { box.style.display = 'none'; box.textContent = ''; return; }
    box.style.display = 'block';
    box.textContent = e.message;
    const key = (e.key || '').replace(/^set\./, '');
    const row = document.querySelector('.key[data-key="' + CSS.escape(key) + '"]');
    if (row) row.classList.add('bad');
  }

  // ---- numbers as the report writes them
  function money(v, currency, compact) {
    try {
      return new Intl.NumberFormat('en-US', { style: 'currency', currency, notation: compact ? 'compact' : 'standard',
        maximumFractionDigits: compact ? 2 : Math.abs(v) < 10 ? 3 : 0 }).format(v);
    } catch (_) { return v.toFixed(2) + ' ' + currency; }
  }
  const month = (m) => (m === null || m === undefined ? 'never' : 'month ' + m);
  const percent = (v) => (v === null || v === undefined ? 'undefined' : (100 * v).toFixed(1) + '%');
  const plain = (v) => (Number.isInteger(v) ? v.toLocaleString('en-US') : Number(v.toPrecision(4)).toLocaleString('en-US'));
  const FIGURES = [
    ['breakeven_month', 'Break-even', (r) => month(r.breakeven_month)],
    ['payback_month', 'Payback', (r) => month(r.payback_month)],
    ['npv', 'NPV', (r) => money(r.npv, r.currency, true)],
    ['irr_annual', 'IRR (annual)', (r) => percent(r.irr_annual)],
    ['cost_per_mtok', 'Cost / M tokens', (r) => money(r.cost_per_mtok, r.currency, false)],
    ['gross_margin', 'Gross margin', (r) => (r.gross_margin === null ? '—' : percent(r.gross_margin))],
    ['fleet.gpus_peak', 'Peak GPUs', (r) => (r.fleet && r.fleet.gpus_peak !== undefined ? plain(r.fleet.gpus_peak) : '—')],
  ];

  // ---- the key panel: every numeric key of the scenario by section, a slider and a field each
  function step10(x) { return Math.pow(10, Math.floor(Math.log10(x))); }
  function sliderRange(k) {
    if (k.max - k.min <= 1) return [k.min, k.max, k.type === 'integer' ? 1 : step10((k.max - k.min) / 500)];
    const v = Math.abs(k.value);
    let lo = v > 0 ? Math.max(k.min, k.value - 3 * v) : k.min;
    let hi = v > 0 ? Math.min(k.max, k.value + 3 * v) : Math.min(k.max, k.min + 1);
    if (k.value > 0 && k.min >= 0) lo = Math.max(k.min, 0);
    let step = k.type === 'integer' ? Math.max(1, step10((hi - lo) / 200)) : step10((hi - lo) / 400);
    if (k.type === 'integer') { lo = Math.ceil(lo); hi = Math.floor(hi); }
    lo = Math.floor(lo / step) * step < k.min ? lo : Math.floor(lo / step) * step;
    return [lo, hi, step];
  }
  const unitText = (u) => u.replace(/currency/g, state.keys.currency);

  function renderKeys() {
    const list = $('key-list');
    list.textContent = '';
    for (const sec of state.keys.sections) {
      const det = document.createElement('details');
      det.dataset.section = sec.section;
      det.open = sec.section === 'demand' || sec.section === 'revenue' || sec.keys.some((k) => k.key in state.variants[state.active]);
      const sum = document.createElement('summary');
      sum.textContent = sec.section + ' (' + sec.keys.length + ')';
      det.appendChild(sum);
      for (const k of sec.keys) det.appendChild(keyRow(k));
      list.appendChild(det);
    }
    showValues();
  }

  function keyRow(k) {
    const row = document.createElement('div');
    row.className = 'key';
    row.dataset.key = k.key;
    const [lo, hi, step] = sliderRange(k);
    const name = document.createElement('div');
    name.className = 'name';
    name.textContent = k.key;
    name.title = k.description;
    const line = document.createElement('div');
    line.className = 'row';
    const slider = document.createElement('input');
    Object.assign(slider, { type: 'range', min: String(lo), max: String(hi), step: String(step) });
    slider.setAttribute('aria-label', k.key);
    const field = document.createElement('input');
    Object.assign(field, { type: 'number', step: 'any', min: String(k.min), max: String(k.max) });
    field.setAttribute('aria-label', k.key + ' value');
    line.append(slider, field);
    const meta = document.createElement('div');
    meta.className = 'meta';
    meta.textContent = (k.unit ? unitText(k.unit) + ' · ' : '') + 'range ' + plain(k.min) + ' to ' + plain(k.max) + ' · ' + k.description;
    const source = document.createElement('div');
    source.className = 'source';
    source.textContent = k.source ? 'source: ' + k.source : 'no source given';
    row.append(name, line, meta, source);
    slider.addEventListener('input', () => { field.value = slider.value; change(k, slider.value); });
    field.addEventListener('change', () => { slider.value = field.value; change(k, field.value); });
    return row;
  }

  function keyOf(name) {
    for (const sec of state.keys.sections) for (const k of sec.keys) if (k.key === name) return k;
    return null;
  }

  // A value equal to the scenario's is no override (and leaves the URL).
  function change(k, text) {
    const set = state.variants[state.active];
    if (text.trim() === '' || Number(text) === k.value) delete set[k.key];
    else set[k.key] = text;
    markChanged();
    schedule();
  }

  function showValues() {
    const set = state.variants[state.active];
    document.querySelectorAll('.key').forEach((row) => {
      const k = keyOf(row.dataset.key);
      const text = row.dataset.key in set ? set[row.dataset.key] : String(k.value);
      const [slider, field] = row.querySelectorAll('input');
      slider.value = text;
      field.value = text;
    });
    markChanged();
  }

  function markChanged() {
    const set = state.variants[state.active];
    document.querySelectorAll('.key').forEach((row) => row.classList.toggle('changed', row.dataset.key in set));
  }

  function renderTabs() {
    const tabs = $('variant-tabs');
    tabs.textContent = '';
    if (state.variants.length > 1) {
      state.variants.forEach((_, i) => {
        const b = document.createElement('button');
        b.textContent = 'variant ' + String.fromCharCode(65 + i);
        b.className = i === state.active ? 'active' : '';
        b.dataset.variant = String(i);
        b.addEventListener('click', () => { state.active = i; renderTabs(); showValues(); if (state.view) render(state.view); });
        tabs.appendChild(b);
      });
    }
    $('add-variant').disabled = state.variants.length >= boot.max_variants;
    $('remove-variant').hidden = state.variants.length < 2;
  }

  // ---- results: figures, the variants side by side, the report's charts
  // body[data-busy] is "1" from a change until the results of the last change are shown (tests
  // wait on it).
  function schedule() {
    writeUrl();
    document.body.dataset.busy = '1';
    clearTimeout(state.timer);
    state.timer = setTimeout(() => { state.timer = null; refresh(); }, 120);
  }
  const settled = () => { document.body.dataset.busy = state.timer ? '1' : '0'; };

  async function refresh() {
    const seq = ++state.seq;
    if (state.controller) state.controller.abort();
    const controller = new AbortController();
    state.controller = controller;
    $('status').textContent = 'computing…';
    try {
      const view = await api('/api/view', { runs: state.variants.map((_, i) => runOf(i)) }, controller.signal);
      if (seq !== state.seq) return;
      state.view = view;
      showError(null);
      render(view);
      $('status').textContent = 'up to date';
      settled();
    } catch (e) {
      if (e.name === 'AbortError' || seq !== state.seq) return;
      $('status').textContent = '';
      showError(e);
      settled();
    }
  }

  function render(view) {
    const r = view.results[Math.min(state.active, view.results.length - 1)];
    $('title').textContent = (state.uploaded ? state.uploaded + ': ' : '') + r.scenario;
    $('subtitle').textContent = (r.description ? r.description + ' · ' : '') + r.horizon_months + ' months · money in ' + r.currency;
    const figs = $('figures');
    figs.textContent = '';
    for (const [key, label, text] of FIGURES) {
      const card = document.createElement('div');
      card.className = 'figure';
      const l = document.createElement('div');
      l.className = 'label';
      l.textContent = label;
      const v = document.createElement('div');
      v.className = 'value';
      v.dataset.key = key;
      v.textContent = text(r);
      if (v.textContent === 'never') v.classList.add('never');
      card.append(l, v);
      figs.appendChild(card);
    }
    renderVariants(view);
    renderCharts($('charts'), view.charts, view.locale);
  }

  function renderVariants(view) {
    const card = $('variants-card');
    card.hidden = view.results.length < 2;
    if (card.hidden) return;
    const t = $('variants');
    t.textContent = '';
    const head = t.insertRow();
    head.insertCell().outerHTML = '<th></th>';
    view.results.forEach((_, i) => {
      const th = document.createElement('th');
      th.textContent = 'variant ' + String.fromCharCode(65 + i);
      head.appendChild(th);
    });
    const what = t.insertRow();
    what.insertCell().textContent = 'what-if';
    state.variants.forEach((set) => {
      const entries = Object.entries(set);
      what.insertCell().textContent = entries.length ? entries.map(([k, v]) => k + ' = ' + v).join(', ') : 'the scenario as it is';
    });
    for (const [key, label, text] of FIGURES) {
      const tr = t.insertRow();
      tr.insertCell().textContent = label;
      view.results.forEach((res, i) => {
        const td = tr.insertCell();
        td.textContent = text(res);
        td.dataset.key = key;
        td.dataset.variant = String(i);
      });
    }
  }

  function renderCharts(section, charts, locale) {
    const wanted = new Set(charts.map((c) => c.id));
    for (const fig of [...section.children]) if (!wanted.has(fig.dataset.chart)) { finalize(fig.dataset.chart); fig.remove(); }
    for (const c of charts) {
      let fig = section.querySelector('figure[data-chart="' + c.id + '"]');
      if (!fig) {
        fig = document.createElement('figure');
        fig.className = 'card';
        fig.dataset.chart = c.id;
        fig.innerHTML = '<h2></h2><p class="note"></p><div class="chart"></div>';
        section.appendChild(fig);
      }
      fig.querySelector('h2').textContent = c.title;
      fig.querySelector('.note').textContent = c.note;
      const el = fig.querySelector('.chart');
      el.id = c.id;
      el.dataset.rendered = 'pending';
      vegaEmbed(el, c.spec, { actions: false, renderer: 'svg', config: HIPPO_CHART_CONFIG, formatLocale: locale })
        .then((result) => { finalize(c.id); state.embeds.set(c.id, result); el.dataset.rendered = 'true'; })
        .catch((err) => {
          el.dataset.rendered = 'failed';
          el.textContent = 'This chart could not be drawn: ' + err.message;
          console.error('hippo serve: chart ' + c.id + ': ' + err.message);
        });
    }
  }
  function finalize(id) {
    const old = state.embeds.get(id);
    if (old) { old.finalize(); state.embeds.delete(id); }
  }

  // ---- scenarios: a shipped one, an uploaded file, the what-if downloaded as YAML
  async function loadKeys() {
    state.keys = state.uploaded ? await api('/api/keys', { scenario: state.scenario })
                                : await api('/api/keys?scenario=' + encodeURIComponent(state.scenario));
    renderKeys();
  }

  async function openScenario(scenario, uploaded) {
    const before = { scenario: state.scenario, uploaded: state.uploaded, keys: state.keys };
    state.scenario = scenario;
    state.uploaded = uploaded;
    try {
      await loadKeys();
    } catch (e) {
      Object.assign(state, before);
      showError(e);
      return;
    }
    state.variants = state.variants.map(() => ({}));
    showValues();
    schedule();
  }

  async function loadScenarios() {
    const doc = await api('/api/scenarios');
    const sel = $('scenario-select');
    for (const s of doc.scenarios) {
      const o = document.createElement('option');
      o.value = s.name;
      o.textContent = s.name;
      o.title = s.description;
      sel.appendChild(o);
    }
    sel.value = state.uploaded ? '' : state.scenario;
    sel.addEventListener('change', () => openScenario(sel.value, null));
  }

  $('upload').addEventListener('change', async (ev) => {
    const file = ev.target.files[0];
    ev.target.value = '';
    if (file) await openScenario(await file.text(), file.name);
  });

  $('download').addEventListener('click', async () => {
    try {
      const text = await api('/api/yaml', runOf(state.active));
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
      a.download = (state.view ? state.view.results[0].scenario : 'scenario') + '-what-if.yaml';
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    } catch (e) { showError(e); }
  });

  $('reset').addEventListener('click', () => { state.variants[state.active] = {}; showValues(); schedule(); });
  $('add-variant').addEventListener('click', () => {
    if (state.variants.length >= boot.max_variants) return;
    state.variants.push(Object.assign({}, state.variants[state.active]));
    state.active = state.variants.length - 1;
    renderTabs();
    showValues();
    schedule();
  });
  $('remove-variant').addEventListener('click', () => {
    if (state.variants.length < 2) return;
    state.variants.splice(state.active, 1);
    state.active = Math.max(0, state.active - 1);
    renderTabs();
    showValues();
    schedule();
  });

  // ---- sensitivity and Monte Carlo, streamed: a progress bar, and Stop closes the connection
  async function runJob(kind) {
    if (state.job) return;
    const controller = new AbortController();
    state.job = controller;
    const bar = $('progress');
    bar.hidden = false;
    bar.removeAttribute('value');
    $('stop').hidden = false;
    $('uncertainty-status').textContent = kind + ': starting…';
    const body = runOf(state.active);
    if (kind === 'montecarlo') body.samples = Math.min(boot.max_samples, Math.max(1, parseInt($('samples').value, 10) || 1000));
    try {
      const res = await fetch('/api/' + kind + '?progress=1', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal: controller.signal });
      if (!res.ok) {
        const doc = await res.json();
        const e = new Error(doc.error);
        e.key = doc.key;
        throw e;
      }
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '', last = null;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          if (!line) continue;
          const msg = JSON.parse(line);
          if (msg.progress) {
            bar.max = msg.progress.total || 1;
            bar.value = msg.progress.done;
            $('uncertainty-status').textContent = kind + ': ' + msg.progress.done + ' of ' + msg.progress.total + ' ' + msg.progress.unit;
          } else {
            last = msg;
          }
        }
      }
      if (!last) throw new Error(kind + ': the answer ended early');
      if (last.status !== 200) {
        const e = new Error(last.result.error);
        e.key = last.result.key;
        throw e;
      }
      showError(null);
      showUncertainty(kind, last.result, last.charts || []);
      $('uncertainty-status').textContent = kind + ': done';
    } catch (e) {
      if (e.name === 'AbortError') $('uncertainty-status').textContent = kind + ': stopped';
      else { $('uncertainty-status').textContent = ''; showError(e); }
    } finally {
      state.job = null;
      bar.hidden = true;
      $('stop').hidden = true;
    }
  }

  function showUncertainty(kind, doc, charts) {
    const out = $('uncertainty-result');
    out.textContent = '';
    const t = document.createElement('table');
    t.id = kind + '-table';
    const row = (cells, th) => {
      const tr = t.insertRow();
      for (const c of cells) {
        const td = document.createElement(th ? 'th' : 'td');
        td.textContent = c;
        tr.appendChild(td);
      }
    };
    if (kind === 'sensitivity') {
      row(['input', 'low', 'high', 'NPV at low', 'NPV at high', 'break-even low / high'], true);
      for (const r of doc.tornado)
        row([r.key, plain(r.low), plain(r.high), money(r.npv_low, doc.currency, true), money(r.npv_high, doc.currency, true),
             month(r.breakeven_month_low) + ' / ' + month(r.breakeven_month_high)]);
    } else {
      row(['', 'P10', 'P50', 'P90', 'mean'], true);
      row(['NPV'].concat(['p10', 'p50', 'p90', 'mean'].map((q) => money(doc.npv[q], doc.currency, true))));
      row(['IRR (annual)'].concat(['p10', 'p50', 'p90', 'mean'].map((q) => percent(doc.irr_annual[q]))));
      const p = doc.breakeven_probability_by_month;
      row(['broken even by the horizon', percent(p[p.length - 1]), '', '', doc.samples + ' samples']);
    }
    out.appendChild(t);
    renderCharts($('uncertainty-charts'), charts, state.view ? state.view.locale : undefined);
  }

  $('run-sensitivity').addEventListener('click', () => runJob('sensitivity'));
  $('run-montecarlo').addEventListener('click', () => runJob('montecarlo'));
  $('stop').addEventListener('click', () => { if (state.job) state.job.abort(); });

  // ---- start: the URL's what-if, else the server's scenario
  readUrl();
  document.body.dataset.busy = '1';
  renderTabs();
  loadScenarios().catch(showError);
  loadKeys().then(() => { renderTabs(); refresh(); }).catch((e) => { showError(e); settled(); });
})();
)js";

}  // namespace

std::string_view page_script() { return kScript; }

}  // namespace hippo::serve
