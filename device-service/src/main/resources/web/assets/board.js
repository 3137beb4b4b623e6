// The wall board for a TV: the latest calls (the newest large and flashing), every window's number and state,
// waiting per service, date and time, the notice (scrolling slowly when it is long). Each call is said after a
// chime, one after another, never cutting one off: by default the hall's own voice clips (the call's audio.wav,
// decoded with WebAudio), or the browser's speechSynthesis when the hall sets QMS_VOICE=browser. It follows
// /api/v1/live, reconnects by itself and redraws from the snapshot the service sends on every connection.
'use strict';
const qmsBoard = (() => {
  const { t, name, el, clear } = QMS;
  const SHOWN = 8;
  const state = { calls: [], counters: {}, names: {}, services: [], hall: null, notice: '', zone: null };
  const speech = { queue: [], spoken: [], speaking: false, enabled: true };
  // What the voice did, for the hall's IT person in the console and for tests.
  // delays: ms from a call's event reaching the page to its words starting (the last 20)
  const voice = { mode: 'clips', fetched: 0, decoded: 0, started: 0, ended: 0, failed: 0, synthesised: 0, log: [], delays: [] };
  function note(what) { voice.log.push(what); if (voice.log.length > 50) voice.log.shift(); }
  let audio = null;

  function context() {
    audio = audio || new (window.AudioContext || window.webkitAudioContext)();
    // a TV browser may hold sound until a tap; the sound switch is that tap
    if (audio.state === 'suspended') audio.resume().catch(() => {});
    return audio;
  }

  function chime() {
    try {
      const ctx = context();
      const now = ctx.currentTime;
      [880, 660].forEach((f, i) => {
        const o = ctx.createOscillator();
        const g = ctx.createGain();
        o.frequency.value = f;
        g.gain.setValueAtTime(0.25, now + i * 0.35);
        g.gain.exponentialRampToValueAtTime(0.001, now + i * 0.35 + 0.3);
        o.connect(g).connect(ctx.destination);
        o.start(now + i * 0.35);
        o.stop(now + i * 0.35 + 0.32);
      });
    } catch (e) { /* no audio device: the words still come */ }
  }

  /** The call's sentence as a decoded buffer: fetched while the chime sounds. */
  async function clips(path) {
    const r = await fetch(path);
    if (!r.ok) throw new Error('audio ' + r.status);
    voice.fetched++;
    const buffer = await context().decodeAudioData(await r.arrayBuffer());
    voice.decoded++;
    return buffer;
  }

  /** Queues an announcement; the next starts only when the one before has ended (or a bound has passed). */
  function say(call) {
    call.arrived = performance.now();
    speech.queue.push(call);
    speech.spoken.push(call.speech);
    if (speech.spoken.length > 50) speech.spoken.shift();
    next();
  }

  function next() {
    if (speech.speaking || !speech.queue.length) return;
    const call = speech.queue.shift();
    speech.speaking = true;
    let finished = false;
    const done = () => { if (finished) return; finished = true; speech.speaking = false; setTimeout(next, 600); };
    const browser = voice.mode === 'browser' || !call.audio;
    if (!speech.enabled || (browser && !('speechSynthesis' in window))) { setTimeout(done, 1500); return; }
    const buffer = browser ? null : clips(call.audio);
    if (buffer) buffer.catch(() => {});
    chime();
    setTimeout(async () => {
      // a TV whose speech engine never reports the end, or a sound that never ends, must not stall the queue
      let guard = setTimeout(done, 12000);
      if (browser) {
        const u = new SpeechSynthesisUtterance(call.speech);
        u.lang = 'zh-CN';
        u.rate = 0.9;
        const v = speechSynthesis.getVoices().find(x => x.lang && x.lang.toLowerCase().startsWith('zh'));
        if (v) u.voice = v;
        u.onend = done;
        u.onerror = done;
        voice.synthesised++;
        speechSynthesis.speak(u);
        return;
      }
      try {
        const b = await buffer;
        const src = context().createBufferSource();
        src.buffer = b;
        src.connect(context().destination);
        src.onended = () => { voice.ended++; note('ended ' + call.number); done(); };
        // a hall's own, slower recordings may make a sentence longer than the guard: never cut it off
        clearTimeout(guard);
        guard = setTimeout(done, Math.max(12000, b.duration * 1000 + 1000));
        src.start();
        voice.started++;
        note('started ' + call.number);
        voice.delays.push(Math.round(performance.now() - call.arrived));
        if (voice.delays.length > 20) voice.delays.shift();
      } catch (e) {
        voice.failed++;
        note('failed ' + call.number + ': ' + e.message);
        done();
      }
    }, 800);
  }

  function counterName(id) { return state.names[id] || (id + '号窗口'); }

  function counterState(c) {
    return t(c.state === 'paused' ? 'paused' : c.state === 'closed' ? 'closedCounter'
      : c.number ? (c.ticketState === 'serving' ? 'serving' : 'calling') : 'idle');
  }

  function render() {
    if (state.hall) document.getElementById('hall').textContent = state.hall.name;
    const calls = clear(document.getElementById('calls'));
    const shown = state.calls.slice(0, SHOWN);
    if (shown.length) {
      const c = shown[0];
      calls.append(el('div', { class: 'call newest', 'data-ticket': c.number },
        el('span', { class: 'num' }, c.number), el('span', { class: 'to' }, t('goTo') + ' ' + counterName(c.counter))));
    }
    const older = el('div', { class: 'older' });
    shown.slice(1).forEach(c => older.append(el('div', { class: 'call', 'data-ticket': c.number },
      el('span', { class: 'num' }, c.number), el('span', { class: 'to' }, '→ ' + counterName(c.counter)))));
    calls.append(older);
    const cs = clear(document.getElementById('counters'));
    for (const id of Object.keys(state.counters).sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))) {
      const c = state.counters[id];
      cs.append(el('tr', { 'data-counter': id, class: 'state-' + (c.state === 'open' && c.number ? c.ticketState : c.state) },
        el('th', {}, counterName(id)), el('td', { class: 'current' }, c.number || '—'), el('td', { class: 'state' }, counterState(c))));
    }
    const ws = clear(document.getElementById('waiting'));
    for (const s of state.services) {
      ws.append(el('tr', { 'data-service': s.code }, el('th', {}, name(s.name)), el('td', {}, s.waiting + ' ' + t('people'))));
    }
    notice();
  }

  /** The notice stands still when it fits and scrolls slowly (about 6 characters a second) when it does not. */
  function notice(force) {
    const n = document.getElementById('notice');
    const text = state.notice || '';
    // measured only when it changes: a restart on every event would make it jump back
    if (!force && n.textContent === text) return;
    n.textContent = text;
    n.classList.remove('scroll');
    if (n.offsetWidth > n.parentElement.clientWidth) {
      n.style.animationDuration = Math.max(20, Math.round(text.length / 6 + 12)) + 's';
      n.classList.add('scroll');
    }
  }

  function tick() {
    const now = new Date(QMS.now());
    const zh = QMS.lang !== 'en';
    const zone = state.zone ? { timeZone: state.zone } : {};
    try {
      document.getElementById('date').textContent = now.toLocaleDateString(zh ? 'zh-CN' : 'en-GB',
        Object.assign({ year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' }, zone));
      document.getElementById('time').textContent = now.toLocaleTimeString('zh-CN', Object.assign({ hour12: false }, zone));
    } catch (e) { state.zone = null; /* a zone this browser does not know: its own */ }
  }

  function fromSnapshot(d) {
    state.hall = d.hall;
    state.notice = (d.hall && d.hall.notice) || '';
    state.services = d.services || [];
    state.zone = d.zone || null;
    voice.mode = d.voice === 'browser' ? 'browser' : 'clips';
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
          .concat(state.calls.filter(x => x.number !== d.number)).slice(0, SHOWN);
        Object.assign(c, { number: d.number, ticketState: 'called', state: 'open' });
        // replays are the calls of the last minute by the service's clock (a TV's own clock may be wrong)
        say({ number: d.number, speech: d.speech, audio: d.audio });
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
      try { context(); } catch (e) { /* no audio device */ }
    });
    document.addEventListener('qms-lang', () => { render(); tick(); });
    window.addEventListener('resize', () => notice(true));
    tick();
    setInterval(tick, 1000);
    reloadServices(); // its answer also sets the page's clock to the service's
    QMS.live(onEvent, document.getElementById('offline'));
  });

  return { speech, state, voice };
})();
window.qmsBoard = qmsBoard;
