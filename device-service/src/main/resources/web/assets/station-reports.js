// 报表: per hall and service over a range of days, with a total line, a CSV download and a printable page.
'use strict';
(() => {
  const { t, el, clear, api, num, pct, row, $ } = ST;
  let sorter = null;

  function query() {
    return 'from=' + $('from').value + '&to=' + $('to').value;
  }

  async function load() {
    if (!$('from').value) $('from').value = ST.daysAgo(6);
    if (!$('to').value) $('to').value = ST.today();
    let rows;
    try {
      rows = await api('GET', '/api/v1/reports?' + query());
      $('error').textContent = '';
    } catch (e) {
      $('error').textContent = e.message === 'login' ? '' : (e.message || t('error'));
      throw e;
    }
    $('csv').setAttribute('href', '/api/v1/reports?format=csv&' + query());
    $('reportTitle').textContent = t('reports') + ' ' + $('from').value + ' — ' + $('to').value;
    const body = clear($('report').tBodies[0]);
    const sum = { issued: 0, done: 0, noShow: 0, incomplete: 0, rated: 0, bad: 0, cases: 0, casesAnsweredOnTime: 0 };
    for (const r of rows) {
      Object.keys(sum).forEach(k => { sum[k] += r[k] || 0; });
      body.append(row({}, [r.hall, r.service, [num(r.issued), r.issued], [num(r.done), r.done], [num(r.noShow), r.noShow],
        [num(r.incomplete), r.incomplete], [num(r.meanWaitMinutes, 1), r.meanWaitMinutes],
        [num(r.p90WaitMinutes, 1), r.p90WaitMinutes], [num(r.rated), r.rated], [pct(r.goodRate), r.goodRate],
        [num(r.bad), r.bad], [num(r.cases), r.cases], [num(r.casesAnsweredOnTime), r.casesAnsweredOnTime]]));
    }
    if (!rows.length) body.append(el('tr', {}, el('td', { colspan: 13, class: 'muted' }, t('none'))));
    const foot = clear($('report').tFoot);
    foot.append(el('tr', {}, el('th', { scope: 'row' }, t('total')), el('td', {}, ''),
      ...['issued', 'done', 'noShow', 'incomplete'].map(k => el('td', {}, String(sum[k]))), el('td', {}, ''), el('td', {}, ''),
      el('td', {}, String(sum.rated)), el('td', {}, ''), el('td', {}, String(sum.bad)), el('td', {}, String(sum.cases)),
      el('td', {}, String(sum.casesAnsweredOnTime))));
    sorter.sort();
  }

  document.addEventListener('DOMContentLoaded', () => {
    sorter = ST.sortable($('report'));
    $('range').addEventListener('submit', e => { e.preventDefault(); load().catch(() => {}); });
    $('print').addEventListener('click', () => window.print());
    ST.start(load);
  });
})();
