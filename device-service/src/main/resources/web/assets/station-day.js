// 某所当日: one hall's day — windows and officers, waits by hour, ratings by level, bad ratings with their
// reasons, and what was left incomplete, by missing material and by reason.
'use strict';
(() => {
  const { t, el, clear, api, num, pct, time, row, $ } = ST;
  const q = new URLSearchParams(location.search);
  let hall = q.get('hall') || '';
  let day = /^\d{4}-\d{2}-\d{2}$/.test(q.get('day') || '') ? q.get('day') : null;
  const sorters = {};

  function figure(label, value) {
    return el('div', { class: 'figure' }, el('span', {}, t(label)), el('b', {}, value));
  }

  function fill(id, rows) {
    const body = clear($(id).tBodies[0]);
    rows.forEach(r => body.append(r));
    if (!rows.length) body.append(el('tr', {}, el('td', { colspan: $(id).tHead.rows[0].cells.length, class: 'muted' }, t('none'))));
    if (sorters[id]) sorters[id].sort();
  }

  function bar(value, max) {
    return el('meter', { min: 0, max: Math.max(1, max), value: value, 'aria-label': String(value) }, String(value));
  }

  async function halls() {
    const list = await api('GET', '/api/v1/halls');
    const sel = clear($('hall'));
    for (const h of list) sel.append(el('option', { value: h.hall }, h.hall));
    if (!hall && list.length) hall = list[0].hall;
    sel.value = hall;
  }

  async function load() {
    if (!day) { day = ST.today(); $('date').value = day; }
    if (!hall) return;
    let d;
    try {
      d = await api('GET', '/api/v1/halls/' + encodeURIComponent(hall) + '/days/' + day);
      $('error').textContent = '';
    } catch (e) {
      $('error').textContent = e.message === 'login' ? '' : (e.message || t('error'));
      throw e;
    }
    $('dayTitle').textContent = d.hall + ' · ' + d.day;
    const s = d.totals || {};
    clear($('figures')).append(figure('issued', num(s.issued)), figure('waiting', num(s.waiting)),
      figure('done', num(s.done)), figure('noShow', num(s.noShow)), figure('incomplete', num(s.incomplete)),
      figure('meanWait', num(s.meanWaitMinutes, 1)), figure('p90Wait', num(s.p90WaitMinutes, 1)),
      figure('goodRate', pct(s.goodRate)), figure('bad', num(s.bad)), figure('openCases', num(s.openCases)),
      figure('overdueCases', num(s.overdueCases)));
    fill('windows', (d.windows || []).map(w => row({}, [w.counter, [w.officer || '—', w.officer || ''], [num(w.served), w.served],
      [num(w.meanServiceMinutes, 1), w.meanServiceMinutes], [num(w.rated), w.rated], [pct(w.goodRate), w.goodRate],
      [num(w.bad), w.bad, w.bad > 0 ? 'warn' : '']])));
    fill('hours', (d.hours || []).map(h => row({}, [[String(h.hour).padStart(2, '0') + ':00', h.hour], [num(h.issued), h.issued],
      [num(h.called), h.called], [num(h.meanWaitMinutes, 1), h.meanWaitMinutes], [num(h.p90WaitMinutes, 1), h.p90WaitMinutes]])));
    const levels = d.ratingsByLevel || {};
    const max = Math.max(0, ...Object.values(levels));
    fill('levels', [5, 4, 3, 2, 1].map(l => row({ class: l <= 2 ? 'bad-level' : '' },
      [[l + ' ★', l], [String(levels[l] || 0), levels[l] || 0], [bar(levels[l] || 0, max), '']])));
    fill('bad', (d.bad || []).map(b => row({}, [[time(b.at), b.at], b.number || '—', b.service || '', b.counter || '',
      b.officer || '', [String(b.level), b.level], (b.reasons || []).join('、')])));
    const entries = m => Object.entries(m || {}).sort((a, b) => b[1] - a[1]);
    fill('materials', entries(d.incompleteByMaterial).map(([k, v]) => row({}, [k, [String(v), v]])));
    fill('reasons', entries(d.incompleteByReason).map(([k, v]) => row({}, [k, [String(v), v]])));
  }

  document.addEventListener('DOMContentLoaded', () => {
    ['windows', 'hours', 'bad'].forEach(id => { sorters[id] = ST.sortable($(id)); });
    if (day) $('date').value = day;
    $('pick').addEventListener('submit', e => {
      e.preventDefault();
      hall = $('hall').value;
      day = $('date').value || ST.today();
      history.replaceState(null, '', '/day?hall=' + encodeURIComponent(hall) + '&day=' + day);
      load().catch(() => {});
    });
    ST.start(async () => { if (!$('hall').options.length) await halls(); await load(); });
  });
})();
