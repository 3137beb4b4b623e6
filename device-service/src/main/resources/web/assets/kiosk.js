// The touch kiosk: one button per service, the ticket on screen while it prints, appointment check-in, and
// the 办不成事 button. A press carries one request id, reused on retry, so a double tap is one ticket.
'use strict';
(() => {
  const { t, name, el, clear, api } = QMS;
  const BACK_AFTER_MS = 12000;
  let services = [];
  let reasons = [];
  let busy = false;
  let backTimer = null;

  async function load() {
    try {
      const r = await api('GET', '/api/v1/services');
      services = r.services;
      reasons = r.incompleteReasons || [];
      document.getElementById('appointment').hidden = !r.appointments;
      document.getElementById('offline').hidden = true;
      render();
    } catch (e) {
      document.getElementById('offline').hidden = false;
    }
  }

  function render() {
    const box = clear(document.getElementById('services'));
    for (const s of services) {
      const off = !s.open;
      const meta = off ? t(s.closedReason === 'full' ? 'full' : 'closed')
        : `${t('waiting')} ${s.waiting} ${t('people')} · ${t('about')} ${s.estimatedWaitMinutes} ${t('minutes')}`;
      box.append(el('button', {
        class: 'service' + (off ? ' off' : ''), type: 'button', role: 'listitem', 'data-service': s.code,
        'aria-disabled': off ? 'true' : null,
        onclick: () => { if (!off) take({ service: s.code }); }
      }, el('span', {}, name(s.name)), el('span', { class: 'meta' }, meta)));
    }
  }

  /** Issues one ticket for one press; a network failure retries the same request id once. */
  async function take(body) {
    if (busy) return;
    busy = true;
    const req = Object.assign({ requestId: QMS.requestId() }, body);
    try {
      let r;
      try {
        r = await api('POST', '/api/v1/tickets', req);
      } catch (e) {
        if (e.status) throw e;
        r = await api('POST', '/api/v1/tickets', req);
      }
      document.getElementById('kioskError').hidden = true;
      show(r);
    } catch (e) {
      busy = false;
      if (!body.appointment) {
        // the citizen must see why no ticket came: closed, full, or the hall's own trouble (a full disk)
        const box = document.getElementById('kioskError');
        box.textContent = t('noTicket') + ((e.problem && e.problem.detail) ? '（' + e.problem.detail + '）' : '');
        box.hidden = false;
      }
      return e;
    }
    return null;
  }

  function show(r) {
    document.getElementById('start').hidden = true;
    const box = clear(document.getElementById('ticket'));
    const svc = services.find(s => s.code === r.service);
    box.append(...[
      el('p', {}, r.serviceName ? name(r.serviceName) : (svc ? name(svc.name) : r.service)),
      el('div', { class: 'number', id: 'ticketNumber' }, r.number),
      r.appointment ? el('p', { id: 'appointmentMessage' }, r.appointment.message) : null,
      el('p', { id: 'ahead' }, `${t('ahead')} ${r.ahead} ${t('people')} · ${t('wait')} ${t('about')} ${r.estimatedWaitMinutes} ${t('minutes')}`),
      r.materials && r.materials.length ? el('div', {}, el('p', {}, t('bring')),
        el('ul', { id: 'materials' }, r.materials.map(m => el('li', {}, '□ ' + m)))) : null,
      el('img', { src: '/t/' + encodeURIComponent(r.id) + '/qr.svg', alt: t('scan') }),
      el('p', { class: 'muted' }, t('scan')),
      el('p', { role: 'status' }, r.printed === false ? t('notPrinted') : (r.printer ? t('printing') : '')),
      el('button', { type: 'button', class: 'primary', id: 'back', onclick: back }, t('back'))].filter(Boolean));
    box.hidden = false;
    document.getElementById('back').focus();
    backTimer = setTimeout(back, BACK_AFTER_MS);
  }

  function back() {
    clearTimeout(backTimer);
    document.getElementById('ticket').hidden = true;
    document.getElementById('start').hidden = false;
    busy = false;
    load();
  }

  function appointmentDialog() {
    const d = document.getElementById('codeDialog');
    const input = document.getElementById('code');
    input.value = '';
    document.getElementById('codeError').textContent = '';
    const pad = clear(document.getElementById('keypad'));
    for (const k of '1234567890ABCDEFGHJKLMNPQRSTUVWXYZ'.split('').concat(['⌫'])) {
      pad.append(el('button', { type: 'button', onclick: () => {
        input.value = k === '⌫' ? input.value.slice(0, -1) : input.value + k;
      } }, k));
    }
    d.showModal();
    input.focus();
  }

  async function checkIn() {
    const code = document.getElementById('code').value.trim();
    if (!code) return;
    const err = await take({ appointment: code });
    if (err) {
      document.getElementById('codeError').textContent = (err.problem && err.problem.detail) || t('error');
      return;
    }
    document.getElementById('codeDialog').close();
  }

  async function complaintDialog() {
    const d = document.getElementById('complaintDialog');
    document.getElementById('complaintTicket').value = '';
    document.getElementById('complaintResult').textContent = '';
    const box = clear(document.getElementById('complaintReasons'));
    reasons.forEach((r, i) => box.append(el('label', {},
      el('input', { type: 'radio', name: 'reason', value: r.code, checked: i === reasons.length - 1 }), ' ', name(r.name))));
    d.showModal();
  }

  async function complain() {
    const ticket = document.getElementById('complaintTicket').value.trim().toUpperCase();
    const reason = (document.querySelector('input[name=reason]:checked') || {}).value;
    const out = document.getElementById('complaintResult');
    try {
      const r = await api('POST', '/api/v1/complaints', { requestId: QMS.requestId(), ticket: ticket || undefined, reason });
      out.textContent = r.message;
      setTimeout(() => document.getElementById('complaintDialog').close(), 4000);
    } catch (e) {
      out.textContent = (e.problem && e.problem.detail) || t('error');
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    document.getElementById('appointment').addEventListener('click', appointmentDialog);
    document.getElementById('codeOk').addEventListener('click', checkIn);
    document.getElementById('codeCancel').addEventListener('click', () => document.getElementById('codeDialog').close());
    document.getElementById('code').addEventListener('keydown', e => { if (e.key === 'Enter') checkIn(); });
    document.getElementById('complaint').addEventListener('click', complaintDialog);
    document.getElementById('complaintOk').addEventListener('click', complain);
    document.getElementById('complaintCancel').addEventListener('click', () => document.getElementById('complaintDialog').close());
    document.addEventListener('qms-lang', render);
    load();
    setInterval(() => { if (!busy) load(); }, 15000);
  });
})();
