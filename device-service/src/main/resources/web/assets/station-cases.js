// 案件: cases across halls, overdue first. An action goes to the hall; the station's copy changes only when the
// hall's event comes back through the pull, so until then the row says "已转所里，待回传".
'use strict';
(() => {
  const { t, term, el, clear, api, stamp, row, $ } = ST;
  const TARGET = { callback: 'called-back', resolve: 'resolved', dismiss: 'dismissed' };
  const pending = JSON.parse(sessionStorage.getItem('qms.station.pending') || '{}');
  let current = null;
  let sorter = null;

  function savePending() { sessionStorage.setItem('qms.station.pending', JSON.stringify(pending)); }

  function actions(c) {
    if (c.state === 'resolved' || c.state === 'dismissed') return [];
    const list = c.state === 'open' ? ['callback', 'resolve', 'dismiss'] : ['resolve', 'dismiss'];
    return list.map(a => el('button', { type: 'button', class: a === 'dismiss' ? 'danger small' : 'small',
      'data-action': a, onclick: () => open(c, a) }, t(a)));
  }

  async function load() {
    const p = new URLSearchParams();
    if ($('state').value) p.set('state', $('state').value);
    if ($('hall').value) p.set('hall', $('hall').value);
    let cases;
    try {
      cases = await api('GET', '/api/v1/cases' + (p.toString() ? '?' + p : ''));
      $('error').textContent = '';
    } catch (e) {
      $('error').textContent = e.message === 'login' ? '' : (e.message || t('error'));
      throw e;
    }
    if ($('act').open) return;
    const body = clear($('cases').tBodies[0]);
    for (const c of cases) {
      const key = c.hall + '/' + c.id;
      if (pending[key] && c.state === pending[key]) { delete pending[key]; savePending(); }
      const waiting = !!pending[key];
      const state = el('span', {}, term('state', c.state));
      const stateCell = el('div', {}, state, c.overdue ? el('span', { class: 'tag overdue' }, t('overdue')) : null,
        waiting ? el('div', { class: 'tag pending' }, t('pending')) : null,
        c.reply ? el('div', { class: 'muted' }, t('reply2') + '：' + c.reply) : null,
        c.dismissReason ? el('div', { class: 'muted' }, c.dismissReason) : null);
      body.append(row({ 'data-case': key, class: c.overdue ? 'overdue' : '' }, [c.hall, [term('kind', c.kind), c.kind],
        c.number || '—', c.service || '', c.counter || '', c.officer || '',
        [(c.level ? c.level + '★ ' : '') + (c.reasons || []).join('、'), c.level],
        [stamp(c.openedAt), c.openedAt], [stamp(c.resolveDue), c.resolveDue],
        [stateCell, (c.overdue ? '0' : '1') + c.state], [el('div', { class: 'row' }, waiting ? [] : actions(c)), '']]));
    }
    if (!cases.length) body.append(el('tr', {}, el('td', { colspan: 11, class: 'muted' }, t('none'))));
    sorter.sort();
  }

  function open(c, action) {
    current = { c, action };
    $('actTitle').textContent = t(action);
    $('actCase').textContent = c.hall + ' · ' + (c.number || c.id) + ' · ' + term('kind', c.kind);
    $('replyBox').hidden = action !== 'resolve';
    $('reasonBox').hidden = action !== 'dismiss';
    $('noteBox').hidden = action === 'dismiss';
    ['reply', 'reason', 'note'].forEach(id => { $(id).value = ''; });
    $('actError').textContent = '';
    $('act').showModal();
    (action === 'resolve' ? $('reply') : action === 'dismiss' ? $('reason') : $('note')).focus();
  }

  async function send(e) {
    e.preventDefault();
    const { c, action } = current;
    const body = {};
    const val = id => $(id).value.trim() || undefined;
    if (action === 'resolve') { body.reply = val('reply'); body.note = val('note'); }
    else if (action === 'dismiss') body.reason = val('reason');
    else body.note = val('note');
    $('actSend').disabled = true;
    try {
      await api('POST', '/api/v1/cases/' + encodeURIComponent(c.hall) + '/' + encodeURIComponent(c.id) + '/' + action, body);
      pending[c.hall + '/' + c.id] = TARGET[action];
      savePending();
      $('act').close();
      await load();
    } catch (err) {
      $('actError').textContent = (err.problem && err.problem.detail) || err.message || t('error');
    } finally {
      $('actSend').disabled = false;
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    sorter = ST.sortable($('cases'));
    $('actForm').addEventListener('submit', send);
    $('actCancel').addEventListener('click', () => $('act').close());
    $('state').addEventListener('change', () => load().catch(() => {}));
    $('hall').addEventListener('change', () => load().catch(() => {}));
    $('filter').addEventListener('submit', e => e.preventDefault());
    ST.start(async () => {
      if ($('hall').options.length === 1) {
        const halls = await api('GET', '/api/v1/halls');
        for (const h of halls) $('hall').append(el('option', { value: h.hall }, h.hall));
      }
      await load();
    });
  });
})();
