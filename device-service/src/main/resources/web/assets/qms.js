// Shared by the hall's pages: language, the API, live updates, and text-only rendering of server data.
'use strict';
const QMS = (() => {
  const dict = {
    zh: {
      lang: 'English', kiosk: '自助取号', take: '请选择办理业务', waiting: '等候', people: '人', minutes: '分钟',
      about: '约', closed: '暂停取号', full: '今日已满', ahead: '前面还有', wait: '预计等候', bring: '请准备以下材料',
      scan: '扫码查看排队进度', printing: '正在打印号票…', notPrinted: '号票未能打印，请记下号码或扫码', back: '返回',
      appointment: '预约签到', code: '请输入预约码', checkIn: '签到', complaint: '办不成事反映', complaintHint: '如有号码请输入（可不填）',
      send: '提交', cancel: '取消', offline: '网络中断，正在重新连接…', error: '操作未成功', number: '号码',
      login: '登录', takeover: '接管此窗口', officer: '警号', pin: '密码', logout: '退出', callNext: '呼叫下一位', recall: '重呼', start: '开始办理',
      done: '办结', incomplete: '材料不全/办不成', noShow: '过号', transfer: '转办', pause: '暂停', resume: '恢复',
      current: '当前号码', none: '无', queue: '等候队列', rating: '评价', ratingWait: '等待评价…', notRated: '未评价',
      reason: '原因', note: '说明', missing: '缺少材料', toService: '转到业务', toCounter: '转到窗口', confirm: '确定',
      board: '叫号大屏', latest: '最新呼叫', counters: '窗口', services: '业务等候', admin: '管理',
      token: '管理令牌', issued: '取号', served: '办结', noShows: '过号', incompletes: '未办结', avgWait: '平均等候',
      p90Wait: '等候P90', avgService: '平均办理', goodRate: '好评率', levels: '评价分布', badReasons: '差评原因',
      devices: '设备', alarms: '告警', catalog: '业务配置', reload: '重新加载设备配置', arrivals: '各时段取号',
      waits: '等候时长分布', state: '状态', lastSeen: '最后在线', needsSecret: '未设密钥', secretSince: '密钥设于',
      needsSecrets: '以下设备尚无自己的MQTT密钥，局域网内任何人都可冒充它们（POST /api/v1/devices/ID/secret）：', clear: '处理', paused: '暂停中', idle: '空闲',
      serving: '办理中', calling: '呼叫中', closedCounter: '未开窗', appointments: '预约', refresh: '刷新',
      today: '今日概况', noTicket: '暂时无法取号，请到咨询台取号或稍后再试', goTo: '请到', open: '开放',
      'kind.window-screen': '窗口屏', 'kind.main-board': '综合屏', 'kind.evaluator': '评价器', 'kind.caller': '叫号器',
      'kind.printer': '打印机', 'device.ready': '在线', 'device.init': '启动中', 'device.lost': '离线',
      'device.unknown': '未上线', 'device.ok': '正常', 'device.paper-out': '缺纸', 'device.cover-open': '开盖',
      'device.offline': '离线', 'alarm.wait-target': '等候超时', 'alarm.service-limit': '办理超时',
      'alarm.complaint': '办不成事反映', 'alarm.appointment-missed': '预约未到', 'alarm.case-overdue': '回访/办结超期',
      cases: '件件有回音', casesOpen: '未办结', casesOverdue: '超期', casesOnTime: '按期办结',
      'case.bad-rating': '差评', 'case.complaint': '办不成事', 'case.open': '待回访', 'case.called-back': '已回访',
      'case.resolved': '已答复', 'case.dismissed': '已撤销'
    },
    en: {
      lang: '中文', kiosk: 'Take a ticket', take: 'Choose a service', waiting: 'waiting', people: '', minutes: 'min',
      about: 'about', closed: 'Not taking tickets', full: 'Full for today', ahead: 'Ahead of you', wait: 'Expected wait',
      bring: 'Please have ready', scan: 'Scan to follow the queue', printing: 'Printing your ticket…',
      notPrinted: 'The ticket could not be printed; note the number or scan the code', back: 'Back',
      appointment: 'Appointment check-in', code: 'Enter your appointment code', checkIn: 'Check in',
      complaint: 'Could not get it done?', complaintHint: 'Your ticket number, if you have one', send: 'Send',
      cancel: 'Cancel', offline: 'Connection lost, reconnecting…', error: 'That did not work', number: 'Number',
      login: 'Log in', takeover: 'Take over this window', officer: 'Police no.', pin: 'PIN', logout: 'Log out', callNext: 'Call next', recall: 'Recall',
      start: 'Start', done: 'Done', incomplete: 'Incomplete', noShow: 'No-show', transfer: 'Transfer', pause: 'Pause',
      resume: 'Resume', current: 'Current ticket', none: 'none', queue: 'Waiting', rating: 'Rating',
      ratingWait: 'Waiting for the rating…', notRated: 'Not rated', reason: 'Reason', note: 'Note',
      missing: 'Missing materials', toService: 'To service', toCounter: 'To window', confirm: 'OK', board: 'Call board',
      latest: 'Latest calls', counters: 'Windows', services: 'Waiting', admin: 'Admin', token: 'Admin token',
      issued: 'Issued', served: 'Done', noShows: 'No-shows', incompletes: 'Incomplete', avgWait: 'Mean wait',
      p90Wait: 'Wait p90', avgService: 'Mean service', goodRate: 'Good rate', levels: 'Ratings', badReasons: 'Bad ratings',
      devices: 'Devices', alarms: 'Alarms', catalog: 'Catalogue', reload: 'Reload device configs', arrivals: 'Arrivals by hour',
      waits: 'Waiting times', state: 'State', lastSeen: 'Last seen', needsSecret: 'needs a secret', secretSince: 'secret since',
      needsSecrets: 'These devices have no broker secret of their own yet; anyone on the hall network could act as them (POST /api/v1/devices/ID/secret):', clear: 'Clear', paused: 'Paused', idle: 'Idle',
      serving: 'Serving', calling: 'Calling', closedCounter: 'Closed', appointments: 'Appointments', refresh: 'Refresh',
      today: 'Today', noTicket: 'No ticket could be issued; please ask at the information desk or try again',
      goTo: 'please go to', open: 'Open',
      'kind.window-screen': 'Window screen', 'kind.main-board': 'Main board', 'kind.evaluator': 'Evaluator',
      'kind.caller': 'Caller keypad', 'kind.printer': 'Printer', 'device.ready': 'Online', 'device.init': 'Starting',
      'device.lost': 'Offline', 'device.unknown': 'Never seen', 'device.ok': 'OK', 'device.paper-out': 'Paper out',
      'device.cover-open': 'Cover open', 'device.offline': 'Offline', 'alarm.wait-target': 'Waited too long',
      'alarm.service-limit': 'Over the time limit', 'alarm.complaint': 'Could not get it done',
      'alarm.appointment-missed': 'Appointment missed', 'alarm.case-overdue': 'Case overdue',
      cases: 'Cases', casesOpen: 'Unanswered', casesOverdue: 'Overdue', casesOnTime: 'Resolved on time',
      'case.bad-rating': 'Bad rating', 'case.complaint': 'Could not get it done', 'case.open': 'To call back',
      'case.called-back': 'Called back', 'case.resolved': 'Answered', 'case.dismissed': 'Dismissed'
    }
  };
  let lang = localStorage.getItem('qms.lang') || 'zh';

  function t(key) { return (dict[lang] && dict[lang][key]) || dict.zh[key] || key; }

  /** A code the service sends (a state, a kind) in the page's language; an unknown one as it came. */
  function term(group, code) {
    const k = group + '.' + code;
    return (dict[lang] && dict[lang][k]) || code;
  }

  /** A localized name object {zh, en} as text. */
  function name(n) { return n ? (lang === 'en' && n.en ? n.en : n.zh) : ''; }

  function applyLang() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t(el.dataset.i18n); });
    document.querySelectorAll('[data-i18n-placeholder]').forEach(el => { el.placeholder = t(el.dataset.i18nPlaceholder); });
  }

  function toggleLang() {
    lang = lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('qms.lang', lang);
    applyLang();
    document.dispatchEvent(new Event('qms-lang'));
  }

  /** Builds an element; children are nodes or strings, and strings always become text, never markup. */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

  // The service's clock minus this browser's: timers count from times the service wrote.
  let skew = 0;
  function now() { return Date.now() + skew; }

  async function api(method, path, body, token) {
    const headers = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = 'Bearer ' + token;
    const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const server = Date.parse(r.headers.get('X-Qms-Now') || '');
    if (!isNaN(server)) skew = server - Date.now();
    const text = await r.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = { detail: text }; }
    if (!r.ok) {
      const err = new Error((data && data.detail) || r.status);
      err.status = r.status; err.problem = data;
      throw err;
    }
    return data;
  }

  /**
   * Live updates from /api/v1/live: onEvent(type, data) for each event, 'snapshot' first and after every
   * reconnection. The banner shows while the connection is down; EventSource retries by itself, and when it
   * gives up, a new one resumes after the last event seen.
   */
  const liveLog = [];
  function live(onEvent, banner) {
    let last = null;
    let es = null;
    const types = ['snapshot', 'ticket.issued', 'ticket.called', 'ticket.recalled', 'ticket.started', 'ticket.finished',
      'ticket.no_show', 'ticket.transferred', 'ticket.expired', 'counter.opened', 'counter.closed', 'counter.paused',
      'counter.resumed', 'counter.taken_over', 'rating.requested', 'rating.recorded', 'rating.not_rated', 'alarm.raised', 'alarm.cleared',
      'device.state'];
    function open() {
      es = new EventSource('/api/v1/live' + (last ? '?after=' + encodeURIComponent(last) : ''));
      es.onopen = () => { liveLog.push(Date.now() + ' open'); if (banner) banner.hidden = true; };
      es.onerror = () => {
        liveLog.push(Date.now() + ' error ' + es.readyState);
        if (banner) banner.hidden = false;
        if (es.readyState === EventSource.CLOSED) { setTimeout(open, 2000); }
      };
      for (const type of types) {
        es.addEventListener(type, m => {
          if (m.lastEventId) last = m.lastEventId;
          if (banner) banner.hidden = true;
          let d = null;
          try { d = JSON.parse(m.data); } catch (e) { return; }
          onEvent(type, d);
        });
      }
    }
    open();
    return { close: () => es && es.close() };
  }

  function requestId() {
    const a = new Uint8Array(9);
    crypto.getRandomValues(a);
    return 'w' + Date.now().toString(36) + '-' + Array.from(a, b => b.toString(16).padStart(2, '0')).join('');
  }

  document.addEventListener('DOMContentLoaded', () => {
    applyLang();
    const b = document.getElementById('lang');
    if (b) b.addEventListener('click', toggleLang);
  });

  return { t, term, name, el, clear, api, live, liveLog, now, requestId, applyLang, get lang() { return lang; } };
})();
