// 民警: officers across the halls over a range of days.
'use strict';
(() => {
  const { t, el, clear, api, num, pct, row, $ } = ST;
  let sorter = null;

  async function load() {
    if (!$('from').value) $('from').value = ST.daysAgo(6);
    if (!$('to').value) $('to').value = ST.today();
    let list;
    try {
      list = await api('GET', '/api/v1/officers?from=' + $('from').value + '&to=' + $('to').value);
      $('error').textContent = '';
    } catch (e) {
      $('error').textContent = e.message === 'login' ? '' : (e.message || t('error'));
      throw e;
    }
    const body = clear($('officers').tBodies[0]);
    for (const o of list) {
      const reasons = Object.entries(o.badReasons || {}).sort((a, b) => b[1] - a[1]).map(([k, v]) => k + ' ' + v).join('、');
      body.append(row({ 'data-officer': o.hall + '/' + o.officer }, [o.officer || '—', o.hall, [num(o.served), o.served],
        [num(o.meanServiceMinutes, 1), o.meanServiceMinutes], [num(o.rated), o.rated], [pct(o.goodRate), o.goodRate],
        [num(o.bad), o.bad, o.bad > 0 ? 'warn' : ''], [reasons || '—', reasons]]));
    }
    if (!list.length) body.append(el('tr', {}, el('td', { colspan: 8, class: 'muted' }, t('none'))));
    sorter.sort();
  }

  document.addEventListener('DOMContentLoaded', () => {
    sorter = ST.sortable($('officers'));
    $('range').addEventListener('submit', e => { e.preventDefault(); load().catch(() => {}); });
    ST.start(load);
  });
})();
