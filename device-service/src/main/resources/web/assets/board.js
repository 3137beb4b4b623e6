// The wall board for a TV: latest calls (the newest flashing), every window's number, waiting per service, the
// notice; each call spoken in Mandarin after a chime, one after another, never cutting one off. It follows
// /api/v1/live, reconnects by itself and redraws from the snapshot the service sends on every connection.
'use strict';
const qmsBoard = (() => {
  const { t, name, el, clear } = QMS;
  const state = { calls: [], counters: {}, names: {}, services: [], hall: null, notice: '' };
  const speech = { queue: [], spoken: [], speaking: false, enabled: true };
  let audio = null;

  function chime() {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      const now = audio.currentTime;
      [880, 660].forEach((f, i) => {
        const o = audio.createOscillator();
        const g = audio.createGain();
        o.frequency.value = f;
        g.gain.setValueAtTime(0.25, now + i * 0.35);
        g.gain.exponentialRampToValueAtTime(0.001, now + i * 0.35 + 0.3);
        o.connect(g).connect(audio.destination);
        o.start(now + i * 0.35);
        o.stop(now + i * 0.35 + 0.32);
      });
    } catch (e) { /* no audio device: the words still come */ }
  }

  /** Queues an announcement; the next starts only when the one before has ended (or a bound has passed). */
  function say(text) {
    speech.queue.push(text);
    speech.spoken.push(text);
    if (speech.spoken.length > 50) speech.spoken.shift();
    next();
  }

  function next() {
    if (speech.speaking || !speech.queue.length) return;
    const text = speech.queue.shift();
    speech.speaking = true;
    let finished = false;
    const done = () => { if (finished) return; finished = true; speech.speaking = false; setTimeout(next, 600); };
    if (!speech.enabled || !('speechSynthesis' in window)) { setTimeout(done, 1500); return; }
    chime();
    setTimeout(() => {
      const u = new SpeechSynthesisUtterance(text);
      u.lang = 'zh-CN';
      u.rate = 0.9;
      const v = speechSynthesis.getVoices().find(x => x.lang && x.lang.toLowerCase().startsWith('zh'));
      if (v) u.voice = v;
      u.onend = done;
      u.onerror = done;
      speechSynthesis.speak(u);
      // a TV whose speech engine never reports the end must not stall the queue
      setTimeout(done, 12000);
    }, 800);
  }

  function counterName(id) { return state.names[id] || (id + '号窗口'); }

  function render() {
    if (state.hall) document.getElementById('hall').textContent = state.hall.name;
    const calls = clear(document.getElementById('calls'));
    state.calls.slice(0, 8).forEach((c, i) => calls.append(el('div', { class: 'call' + (i === 0 ? ' newest' : ''),
      'data-ticket': c.number }, el('span', {}, c.number), el('span', {}, '→ ' + counterName(c.counter)))));
    const cs = clear(document.getElementById('counters'));
    for (const id of Object.keys(state.counters).sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))) {
      const c = state.counters[id];
      cs.append(el('tr', { 'data-counter': id }, el('th', {}, counterName(id)), el('td', { class: 'current' }, c.number || '—'),
        el('td', {}, t(c.state === 'paused' ? 'paused' : c.state === 'closed' ? 'closedCounter'
          : c.number ? (c.ticketState === 'serving' ? 'serving' : 'calling') : 'idle'))));
    }
    const ws = clear(document.getElementById('waiting'));
    for (const s of state.services) {
      ws.append(el('tr', { 'data-service': s.code }, el('th', {}, name(s.name)), el('td', {}, s.waiting + ' ' + t('people'))));
    }
    document.getElementById('notice').textContent = state.notice || '';
  }

  function fromSnapshot(d) {
    state.hall = d.hall;
    state.notice = (d.hall && d.hall.notice) || '';
    state.services = d.services || [];
    state.names = {};
    state.counters = {};
    for (const c of d.counters || []) {
      state.names[c.counter] = c.name;
      state.counters[c.counter] = { number: c.ticket ? c.ticket.number : null, ticketState: c.ticket ? c.ticket.state : null,
        state: c.state };
    }
    state.calls = ((d.board && d.board.recent) || []).map(r => ({ number: r.ticket, counter: r.counter, at: r.at }));
    render();
  }

  /** Waiting counts move with every ticket: read them again, at most twice a second. */
  let servicesTimer = null;
  function reloadServices() {
    clearTimeout(servicesTimer);
    servicesTimer = setTimeout(async () => {
      try { state.services = (await QMS.api('GET', '/api/v1/services')).services; render(); } catch (e) { /* next event */ }
    }, 500);
  }

  function onEvent(type, d) {
    if (type === 'snapshot') { fromSnapshot(d); return; }
    const c = d.counter && (state.counters[d.counter] = state.counters[d.counter] || {});
    switch (type) {
      case 'ticket.called':
      case 'ticket.recalled':
        state.calls = [{ number: d.number, counter: d.counter, at: d.at }]
          .concat(state.calls.filter(x => x.number !== d.number)).slice(0, 8);
        Object.assign(c, { number: d.number, ticketState: 'called', state: 'open' });
        // replays are the calls of the last minute by the service's clock (a TV's own clock may be wrong)
        say(d.speech);
        break;
      case 'ticket.started': if (c) c.ticketState = 'serving'; break;
      case 'ticket.finished': case 'ticket.no_show': case 'ticket.transferred':
        if (c && c.number === d.number) { c.number = null; c.ticketState = null; }
        break;
      case 'counter.opened': case 'counter.resumed': if (c) c.state = 'open'; break;
      case 'counter.paused': if (c) c.state = 'paused'; break;
      case 'counter.closed': if (c) { c.state = 'closed'; c.number = null; } break;
      default: break;
    }
    if (type.startsWith('ticket.')) reloadServices();
    render();
  }

  document.addEventListener('DOMContentLoaded', () => {
    document.getElementById('sound').addEventListener('click', () => {
      speech.enabled = !speech.enabled;
      document.getElementById('sound').textContent = speech.enabled ? '♪ 开' : '♪ 关';
      if (audio) audio.resume();
    });
    document.addEventListener('qms-lang', render);
    setInterval(() => { document.getElementById('clock').textContent = new Date().toLocaleTimeString('zh-CN', { hour12: false }); }, 1000);
    QMS.live(onEvent, document.getElementById('offline'));
  });

  return { speech, state };
})();
window.qmsBoard = qmsBoard;
