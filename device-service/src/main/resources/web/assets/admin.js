// The hall's admin page: live queue, devices, today's figures and charts, alarms, and the catalogue and device
// configs (read-only, with the reload button). The admin token stays in this tab's session storage.
'use strict';
(() => {
  const { t, term, name, el, clear, api } = QMS;
  const $ = id => document.getElementById(id);
  let token = sessionStorage.getItem('qms.admin');
  let timer = null;
  let names = {};

  async function get(path) { return api('GET', path, undefined, token); }

  async function load() {
    try {
      const [stats, queue, devices, alarms, services, cases] = await Promise.all([get('/api/v1/stats'), get('/api/v1/queue'),
        get('/api/v1/devices'), get('/api/v1/alarms'), get('/api/v1/services'), get('/api/v1/cases')]);
      names = {};
      for (const s of services.services) names[s.code] = s.name;
      $('auth').hidden = true;
      $('panels').hidden = false;
      figures(stats);
      queueView(queue);
      deviceView(devices.devices);
      alarmView(alarms.active);
      caseView(stats.cases, cases);
      ratingView(stats.ratings);
      bars($('arrivals'), stats.arrivalsByHour || {}, v => v);
      bars($('waits'), stats.waitByHour || {}, v => v.p90 || 0);
    } catch (e) {
      if (e.status === 401 || e.status === 403) { askToken(e.problem && e.problem.detail); return; }
      $('offline').hidden = false;
    }
  }

  async function loadStatic() {
    try {
      const [cat, configs] = await Promise.all([get('/api/v1/catalog'), get('/api/v1/devices/configs')]);
      $('hall').textContent = cat.hall.name + ' · ' + t('admin');
      $('catalog').textContent = JSON.stringify(cat, null, 2);
      $('configs').textContent = JSON.stringify(configs, null, 2);
    } catch (e) { /* shown by load() */ }
  }

  function askToken(message) {
    token = null;
    sessionStorage.removeItem('qms.admin');
    $('panels').hidden = true;
    $('auth').hidden = false;
    $('authError').textContent = message || '';
    $('token').focus();
  }

  function figure(label, value, id) {
    return el('div', { class: 'figure', id }, el('span', {}, t(label)), el('b', {}, value === null || value === undefined ? '—' : String(value)));
  }

  function figures(s) {
    const tot = s.total || {};
    const times = s.times || {};
    const r = s.ratings || {};
    clear($('figures')).append(
      figure('issued', tot.issued, 'fig-issued'), figure('served', tot.done, 'fig-done'),
      figure('noShows', tot.noShow, 'fig-noshow'), figure('incompletes', tot.incomplete, 'fig-incomplete'),
      figure('avgWait', times.waitMinutes && times.waitMinutes.mean, 'fig-wait'),
      figure('p90Wait', times.waitMinutes && times.waitMinutes.p90, 'fig-wait90'),
      figure('avgService', times.serviceMinutes && times.serviceMinutes.mean, 'fig-service'),
      figure('goodRate', r.goodRate === null || r.goodRate === undefined ? null : r.goodRate + ' %', 'fig-good'));
  }

  function queueView(q) {
    const rows = clear($('queue'));
    for (const s of q.services) {
      rows.append(el('tr', { 'data-service': s.code }, el('th', {}, names[s.code] ? name(names[s.code]) : s.code),
        el('td', {}, s.waiting + ' ' + t('people')), el('td', {}, s.next.join(' '))));
    }
    const cs = clear($('counterRows'));
    for (const c of q.counters) {
      const st = t(c.state === 'closed' ? 'closedCounter' : c.state === 'paused' ? 'paused' : c.ticket ? (c.ticket.state === 'serving'
        ? 'serving' : 'calling') : c.state === 'open' ? 'idle' : c.state);
      cs.append(el('tr', { 'data-counter': c.counter }, el('th', {}, c.name), el('td', { class: 'state' }, st + (c.reason ? '（' + c.reason + '）' : '')),
        el('td', {}, c.ticket ? c.ticket.number : '—'), el('td', {}, c.officerName || '')));
    }
  }

  function deviceView(list) {
    const rows = clear($('devices'));
    // MQTT contract v1.1: a device without its own broker secret can be impersonated on the hall network
    const missing = list.filter(d => d.needsSecret === true);
    $('secretsNote').textContent = missing.length ? t('needsSecrets') + ' ' + missing.map(d => d.id).join(', ') : '';
    for (const d of list) {
      const secret = d.needsSecret === true ? el('td', { class: 'warn' }, t('needsSecret'))
        : el('td', {}, d.secretSince ? t('secretSince') + ' ' + d.secretSince.substring(0, 10) : '');
      rows.append(el('tr', { 'data-device': d.id }, el('th', {}, d.id), el('td', {}, d.kind ? term('kind', d.kind) : ''),
        el('td', { class: 'state' }, d.state ? term('device', d.state) : ''),
        el('td', {}, d.lastSeen || d.at || ''), secret));
    }
  }

  function alarmView(list) {
    const rows = clear($('alarms'));
    if (!list.length) rows.append(el('tr', {}, el('td', {}, t('none'))));
    for (const a of list) {
      rows.append(el('tr', {}, el('th', {}, term('alarm', a.kind)), el('td', {}, a.number || ''), el('td', {}, a.counter || ''),
        el('td', {}, a.reason || (a.limitMinutes ? a.limitMinutes + ' ' + t('minutes') : '')), el('td', {}, a.raisedAt.substring(11, 16)),
        el('td', {}, el('button', { type: 'button', onclick: async () => {
          await api('POST', '/api/v1/alarms/' + a.id + '/clear', { by: 'admin' }, token);
          load();
        } }, t('clear')))));
    }
  }

  /** Cases (件件有回音): the period's figures, then every case not yet resolved or dismissed, oldest first. */
  function caseView(s, list) {
    const st = (s && s.byState) || {};
    clear($('caseFigures')).append(figure('casesOpen', (st.open || 0) + (st['called-back'] || 0), 'fig-cases-open'),
      figure('casesOverdue', s && s.overdue, 'fig-cases-overdue'), figure('casesOnTime', s && s.resolvedOnTime, 'fig-cases-ontime'));
    const rows = clear($('cases'));
    const open = list.filter(c => c.state === 'open' || c.state === 'called-back');
    if (!open.length) rows.append(el('tr', {}, el('td', {}, t('none'))));
    for (const c of open) {
      rows.append(el('tr', { 'data-case': c.id, class: c.overdue ? 'warn' : null }, el('th', {}, c.id),
        el('td', {}, term('case', c.kind)), el('td', {}, c.number || ''), el('td', {}, c.counter || ''),
        el('td', { class: 'state' }, term('case', c.state) + (c.overdue ? ' · ' + t('casesOverdue') : '')),
        el('td', {}, (c.state === 'open' ? c.callbackDue : c.resolveDue).substring(0, 16).replace('T', ' '))));
    }
  }

  function ratingView(r) {
    const box = clear($('ratings'));
    const levels = (r && r.levels) || {};
    for (const l of ['5', '4', '3', '2', '1']) box.append(el('div', {}, l + ' ★ : ' + (levels[l] || 0)));
    const bad = clear($('bad'));
    for (const [k, v] of Object.entries((r && r.badReasons) || {})) bad.append(el('li', {}, k + ' : ' + v));
  }

  /** A bar chart drawn as SVG from {label: value}. */
  function bars(svg, data, value) {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const keys = Object.keys(data).sort();
    const w = 600, h = 180, pad = 24;
    svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
    const max = Math.max(1, ...keys.map(k => value(data[k])));
    const bw = keys.length ? (w - pad) / keys.length : 0;
    const ns = 'http://www.w3.org/2000/svg';
    keys.forEach((k, i) => {
      const v = value(data[k]);
      const bh = (h - 2 * pad) * v / max;
      const r = document.createElementNS(ns, 'rect');
      r.setAttribute('x', pad + i * bw + 2); r.setAttribute('y', h - pad - bh);
      r.setAttribute('width', Math.max(1, bw - 4)); r.setAttribute('height', bh); r.setAttribute('fill', '#0b4f9c');
      svg.append(r);
      for (const [text, y] of [[k, h - 6], [String(Math.round(v * 10) / 10), h - pad - bh - 4]]) {
        const tx = document.createElementNS(ns, 'text');
        tx.setAttribute('x', pad + i * bw + bw / 2); tx.setAttribute('y', y); tx.setAttribute('text-anchor', 'middle');
        tx.setAttribute('font-size', '12'); tx.textContent = text;
        svg.append(tx);
      }
    });
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('auth').addEventListener('submit', e => {
      e.preventDefault();
      token = $('token').value.trim();
      sessionStorage.setItem('qms.admin', token);
      load();
      loadStatic();
    });
    $('refresh').addEventListener('click', () => { load(); loadStatic(); });
    $('reload').addEventListener('click', async () => {
      try {
        const r = await api('POST', '/api/v1/devices/reload', undefined, token);
        $('reloadResult').textContent = 'OK: ' + r.devices.length + ' ' + t('devices');
        loadStatic();
      } catch (e) {
        $('reloadResult').textContent = (e.problem && e.problem.detail) || t('error');
      }
    });
    document.addEventListener('qms-lang', load);
    QMS.live(type => {
      if (!token || type === 'snapshot') return;
      clearTimeout(timer);
      timer = setTimeout(load, 300);
    }, $('offline'));
    if (token) { load(); loadStatic(); } else askToken();
  });
})();
