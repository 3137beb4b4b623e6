// 各所概况: every hall's sync health and today's figures, one sortable row per hall.
'use strict';
(() => {
  const { t, el, clear, api, num, pct, stamp, row, $ } = ST;
  let sorter = null;

  /** broken chain (red) before down (amber) before OK: what the station must look at first. */
  function health(h) {
    if (h.broken) return { cls: 'sync-broken', text: t('broken'), rank: 0, why: h.brokenReason || '' };
    if (h.lastError) return { cls: 'sync-down', text: t('down'), rank: 1, why: h.lastError };
    if (!h.pulledAt) return { cls: 'sync-down', text: t('never'), rank: 1, why: '' };
    return { cls: 'sync-ok', text: t('ok'), rank: 2, why: '' };
  }

  async function load() {
    let halls;
    try {
      halls = await api('GET', '/api/v1/halls');
      $('error').textContent = '';
    } catch (e) {
      $('error').textContent = e.message === 'login' ? '' : (e.message || t('error'));
      throw e;
    }
    const body = clear($('halls').tBodies[0]);
    for (const h of halls) {
      const s = health(h);
      const d = h.today || {};
      const link = el('a', { href: '/day?hall=' + encodeURIComponent(h.hall) + '&day=' + ST.today() }, h.hall);
      const sync = el('span', { class: 'sync ' + s.cls, title: s.why }, s.text);
      body.append(row({ 'data-hall': h.hall, class: s.cls }, [
        [link, h.hall], [sync, s.rank], [stamp(h.pulledAt), h.pulledAt || ''], [num(h.lagEvents), h.lagEvents],
        [num(d.issued), d.issued], [num(d.waiting), d.waiting], [num(d.done), d.done],
        [num(d.meanWaitMinutes, 1), d.meanWaitMinutes], [num(d.p90WaitMinutes, 1), d.p90WaitMinutes],
        [pct(d.goodRate), d.goodRate], [num(d.bad), d.bad], [num(d.openCases), d.openCases],
        [num(d.overdueCases), d.overdueCases, d.overdueCases > 0 ? 'warn' : ''], [num(d.openAlarms), d.openAlarms]]));
      if (s.why) body.lastChild.cells[1].append(el('div', { class: 'why' }, s.why));
    }
    if (!halls.length) body.append(el('tr', {}, el('td', { colspan: 14 }, t('none'))));
    sorter.sort();
  }

  document.addEventListener('DOMContentLoaded', () => {
    sorter = ST.sortable($('halls'));
    ST.start(load);
  });
})();
