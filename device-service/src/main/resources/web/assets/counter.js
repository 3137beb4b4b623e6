// The officer's console at one window: login, the current ticket and its timer, every action with an F-key,
// the 告知单 of an incomplete finish, the waiting list, and the rating of the last citizen.
'use strict';
(() => {
  const { t, name, el, clear, api } = QMS;
  const counter = decodeURIComponent(location.pathname.split('/').pop());
  const key = 'qms.counter.' + counter;
  let token = sessionStorage.getItem(key);
  let view = null;
  let snapshot = null;
  let refreshing = null;

  const $ = id => document.getElementById(id);

  function showLogin() {
    token = null;
    sessionStorage.removeItem(key);
    $('desk').hidden = true;
    $('logout').hidden = true;
    $('who').textContent = '';
    $('login').hidden = false;
    $('officer').focus();
  }

  async function login(e, takeover) {
    if (e) e.preventDefault();
    $('takeover').hidden = true;
    try {
      const body = { officer: $('officer').value.trim(), pin: $('pin').value };
      if (takeover) body.takeover = true;
      const r = await api('POST', '/api/v1/counters/' + encodeURIComponent(counter) + '/session', body);
      token = r.token;
      sessionStorage.setItem(key, token);
      $('pin').value = '';
      $('loginError').textContent = '';
      await start();
    } catch (err) {
      $('loginError').textContent = (err.problem && err.problem.detail) || t('error');
      // another officer works at this window: replacing them is a deliberate, recorded step
      if (err.problem && err.problem.type === 'urn:qms:problem:counter-occupied') $('takeover').hidden = false;
    }
  }

  async function start() {
    $('login').hidden = true;
    $('desk').hidden = false;
    $('logout').hidden = false;
    await refresh();
    $('callNext').focus();
  }

  /** Reads the window and its queue again (after each action and each live event about it). */
  async function refresh() {
    if (!token) return;
    try {
      view = await api('GET', '/api/v1/counters/' + encodeURIComponent(counter), undefined, token);
      const w = await api('GET', '/api/v1/counters/' + encodeURIComponent(counter) + '/waiting', undefined, token);
      render(w.waiting);
    } catch (e) {
      if (e.status === 401) showLogin();
    }
  }

  function refreshSoon() {
    clearTimeout(refreshing);
    refreshing = setTimeout(refresh, 150);
  }

  function render(waiting) {
    document.title = view.name;
    $('title').textContent = view.name;
    $('who').textContent = view.officerName ? view.officerName + ' ' + (view.officer || '') : '';
    const tk = view.ticket;
    $('number').textContent = tk ? tk.number : '—';
    $('ticketState').textContent = tk ? t(tk.state === 'serving' ? 'serving' : 'calling') : t('idle');
    $('counterState').textContent = view.state === 'paused' ? t('paused') + '：' + (view.reason || '') : '';
    const state = tk ? tk.state : null;
    const paused = view.state === 'paused';
    enable('callNext', !tk && !paused);
    enable('recall', state === 'called');
    enable('start', state === 'called');
    enable('done', state === 'called' || state === 'serving');
    enable('incomplete', state === 'called' || state === 'serving');
    enable('noShow', state === 'called');
    enable('transfer', state === 'called' || state === 'serving');
    enable('pause', !paused && !tk);
    enable('resume', paused);
    const list = clear($('waiting'));
    $('waitingCount').textContent = waiting.length;
    for (const x of waiting) {
      list.append(el('li', {}, x.number + ' · ' + x.waitedMinutes + ' ' + t('minutes') + (x.priority !== 'normal' ? ' · ' + x.priority : '')));
    }
    const r = view.lastRating;
    $('rating').textContent = !r ? '—' : r.level ? r.ticket + '：' + '★'.repeat(r.level) + '☆'.repeat(5 - r.level) + ' (' + r.level + ')'
      : r.state === 'open' ? r.ticket + '：' + t('ratingWait') : r.ticket + '：' + t('notRated');
  }

  function enable(id, on) { $(id).disabled = !on; }

  async function act(action, body) {
    $('message').textContent = '';
    try {
      const r = await api('POST', '/api/v1/counters/' + encodeURIComponent(counter) + '/' + action, body || {}, token);
      if (r && r.notice) showNotice(r.notice);
      await refresh();
      return r;
    } catch (e) {
      if (e.status === 401) { showLogin(); return null; }
      $('message').textContent = (e.problem && e.problem.detail) || t('error');
      return null;
    }
  }

  function showNotice(n) {
    const box = clear($('notice'));
    box.append(...[el('h3', {}, '一次性告知单 · ' + n.ticket),
      n.reasonName ? el('p', {}, t('reason') + '：' + n.reasonName) : null,
      n.missing && n.missing.length ? el('ul', {}, n.missing.map(m => el('li', {}, '□ ' + m))) : null,
      n.note ? el('p', {}, n.note) : null,
      n.timeLimitMinutes ? el('p', {}, '承诺办理时限：' + n.timeLimitMinutes + ' 分钟') : null,
      n.contact ? el('p', { class: 'muted' }, n.contact) : null].filter(Boolean));
    box.hidden = false;
  }

  function services() { return (snapshot && snapshot.services) || []; }

  function incompleteDialog() {
    if ($('incomplete').disabled) return;
    const tk = view.ticket;
    const svc = services().find(s => s.code === tk.service);
    const box = clear($('materials'));
    for (const m of (svc ? svc.materials : [])) {
      box.append(el('label', { class: 'row' }, el('input', { type: 'checkbox', value: m }), ' ', m));
    }
    const sel = clear($('reason'));
    for (const r of (snapshot && snapshot.incompleteReasons) || []) sel.append(el('option', { value: r.code }, name(r.name)));
    $('note').value = '';
    $('incompleteDialog').showModal();
  }

  async function finishIncomplete() {
    const missing = Array.from(document.querySelectorAll('#materials input:checked')).map(i => i.value);
    const reason = $('reason').value || undefined;
    const body = { outcome: 'incomplete', reason, note: $('note').value.trim() || undefined };
    if (missing.length) body.missing = missing;
    if (await act('finish', body)) $('incompleteDialog').close();
  }

  function transferDialog() {
    if ($('transfer').disabled) return;
    const s = clear($('toService'));
    s.append(el('option', { value: '' }, '—'));
    for (const x of services()) s.append(el('option', { value: x.code }, name(x.name)));
    const c = clear($('toCounter'));
    c.append(el('option', { value: '' }, '—'));
    for (const x of (snapshot && snapshot.counters) || []) {
      if (x.counter !== counter) c.append(el('option', { value: x.counter }, x.name));
    }
    $('transferDialog').showModal();
  }

  async function transfer() {
    const service = $('toService').value;
    const to = $('toCounter').value;
    const body = service ? { service } : to ? { counter: to } : null;
    if (body && await act('transfer', body)) $('transferDialog').close();
  }

  async function pause() {
    if (await act('pause', { reason: $('pauseReason').value.trim() || '暂停' })) $('pauseDialog').close();
  }

  const keys = {
    F1: () => !$('callNext').disabled && act('call-next'),
    F2: () => !$('recall').disabled && act('recall'),
    F3: () => !$('start').disabled && act('start'),
    F4: () => !$('done').disabled && act('finish', { outcome: 'done' }),
    F5: incompleteDialog,
    F6: () => !$('noShow').disabled && act('no-show'),
    F7: transferDialog,
    F8: () => !$('pause').disabled && $('pauseDialog').showModal(),
    F9: () => !$('resume').disabled && act('resume')
  };

  function tick() {
    const tk = view && view.ticket;
    const since = tk && (tk.startedAt || tk.calledAt);
    if (!since) { $('timer').textContent = ''; return; }
    const s = Math.max(0, Math.floor((QMS.now() - Date.parse(since)) / 1000));
    $('timer').textContent = Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('title').textContent = counter + '号窗口';
    $('login').addEventListener('submit', login);
    $('takeover').addEventListener('click', () => login(null, true));
    $('logout').addEventListener('click', async () => {
      try { await api('DELETE', '/api/v1/counters/' + encodeURIComponent(counter) + '/session', undefined, token); }
      catch (e) { $('message').textContent = (e.problem && e.problem.detail) || t('error'); return; }
      showLogin();
    });
    $('callNext').addEventListener('click', keys.F1);
    $('recall').addEventListener('click', keys.F2);
    $('start').addEventListener('click', keys.F3);
    $('done').addEventListener('click', keys.F4);
    $('incomplete').addEventListener('click', keys.F5);
    $('noShow').addEventListener('click', keys.F6);
    $('transfer').addEventListener('click', keys.F7);
    $('pause').addEventListener('click', keys.F8);
    $('resume').addEventListener('click', keys.F9);
    $('incOk').addEventListener('click', finishIncomplete);
    $('incCancel').addEventListener('click', () => $('incompleteDialog').close());
    $('trOk').addEventListener('click', transfer);
    $('trCancel').addEventListener('click', () => $('transferDialog').close());
    $('pOk').addEventListener('click', pause);
    $('pCancel').addEventListener('click', () => $('pauseDialog').close());
    document.addEventListener('keydown', e => {
      if (keys[e.key] && token && !document.querySelector('dialog[open]')) {
        e.preventDefault();
        keys[e.key]();
      }
    });
    QMS.live((type, d) => {
      if (type === 'snapshot') { snapshot = d; refreshSoon(); return; }
      if (d.counter === counter || d.toCounter === counter || type === 'ticket.issued' || type.startsWith('counter.')) {
        refreshSoon();
      }
    }, $('offline'));
    setInterval(tick, 1000);
    if (token) start(); else showLogin();
  });
})();
