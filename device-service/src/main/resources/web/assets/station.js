// Shared by the station console's pages: language, the API (the session cookie goes by itself), navigation,
// sortable tables, the refresh loop, and text-only rendering of server data.
'use strict';
const ST = (() => {
  const dict = {
    zh: {
      lang: 'English', title: '分局户籍大厅督导平台', login: '登录', user: '用户名', password: '密码', logout: '退出',
      loginFailed: '用户名或密码错误', throttled: '失败次数过多，请稍后再试', halls: '各所概况', day: '某所当日', cases: '案件',
      officers: '民警', reports: '报表', offline: '与平台的连接中断，正在重试…', error: '操作未成功', hall: '所',
      sync: '同步', lastPull: '最后拉取', lag: '滞后(条)', issued: '取号', waiting: '等候', done: '办结', noShow: '过号',
      incomplete: '未办结', meanWait: '平均等候(分)', p90Wait: '等候P90(分)', rated: '评价数', goodRate: '好评率',
      bad: '差评', openCases: '待办案件', overdueCases: '超期案件', openAlarms: '告警', ok: '正常', broken: '链断裂',
      down: '掉线', never: '尚未拉取', today: '今日', date: '日期', show: '查看', windows: '窗口与民警',
      counter: '窗口', officer: '民警', served: '办理', meanService: '平均办理(分)', hours: '分时段等候',
      hour: '时段', called: '已叫号', levels: '评价分布', level: '等级', count: '数量', badList: '差评明细',
      at: '时间', number: '号码', service: '业务', reasons: '原因', byMaterial: '未办结：缺少材料',
      byReason: '未办结：原因', material: '材料', reason: '原因', none: '无', state: '状态', kind: '类型',
      opened: '受理时间', callbackDue: '回访期限', resolveDue: '办结期限', actions: '操作', all: '全部',
      callback: '回访', resolve: '答复办结', dismiss: '不予受理', note: '备注', reply: '答复群众', dismissReason: '不予受理理由',
      send: '提交', cancel: '取消', pending: '已转所里，待回传', overdue: '已超期', 'state.open': '待处理',
      'state.called-back': '已回访', 'state.resolved': '已办结', 'state.dismissed': '不予受理',
      'kind.bad-rating': '差评', 'kind.complaint': '办不成事', from: '从', to: '至', badReasons: '差评原因',
      download: '下载CSV', print: '打印', cases2: '案件数', onTime: '按时答复', total: '合计', refreshed: '更新于',
      role: '角色', 'role.station-admin': '分局管理员', 'role.hall-leader': '所领导', reply2: '答复', sortHint: '点击表头排序'
    },
    en: {
      lang: '中文', title: 'Station console', login: 'Log in', user: 'User', password: 'Password', logout: 'Log out',
      loginFailed: 'User name or password is wrong', throttled: 'Too many failed logins; try again later',
      halls: 'Halls', day: 'Hall day', cases: 'Cases', officers: 'Officers', reports: 'Reports',
      offline: 'Connection to the console lost, retrying…', error: 'That did not work', hall: 'Hall', sync: 'Sync',
      lastPull: 'Last pull', lag: 'Lag (events)', issued: 'Issued', waiting: 'Waiting', done: 'Done', noShow: 'No-show',
      incomplete: 'Incomplete', meanWait: 'Mean wait (min)', p90Wait: 'Wait p90 (min)', rated: 'Rated',
      goodRate: 'Good rate', bad: 'Bad', openCases: 'Open cases', overdueCases: 'Overdue', openAlarms: 'Alarms',
      ok: 'OK', broken: 'Chain broken', down: 'Down', never: 'Not pulled yet', today: 'Today', date: 'Day',
      show: 'Show', windows: 'Windows and officers', counter: 'Window', officer: 'Officer', served: 'Served',
      meanService: 'Mean service (min)', hours: 'Waits by hour', hour: 'Hour', called: 'Called', levels: 'Ratings',
      level: 'Level', count: 'Count', badList: 'Bad ratings', at: 'Time', number: 'Number', service: 'Service',
      reasons: 'Reasons', byMaterial: 'Incomplete: missing material', byReason: 'Incomplete: reason',
      material: 'Material', reason: 'Reason', none: 'none', state: 'State', kind: 'Kind', opened: 'Opened',
      callbackDue: 'Call back by', resolveDue: 'Resolve by', actions: 'Actions', all: 'All', callback: 'Called back',
      resolve: 'Resolve', dismiss: 'Dismiss', note: 'Note', reply: 'Reply to the citizen', dismissReason: 'Reason',
      send: 'Send', cancel: 'Cancel', pending: 'Sent to the hall, waiting for it to come back', overdue: 'Overdue',
      'state.open': 'Open', 'state.called-back': 'Called back', 'state.resolved': 'Resolved',
      'state.dismissed': 'Dismissed', 'kind.bad-rating': 'Bad rating', 'kind.complaint': 'Could not get it done',
      from: 'From', to: 'To', badReasons: 'Bad rating reasons', download: 'Download CSV', print: 'Print',
      cases2: 'Cases', onTime: 'Answered on time', total: 'Total', refreshed: 'Updated', role: 'Role',
      'role.station-admin': 'Station admin', 'role.hall-leader': 'Hall leader', reply2: 'Reply', sortHint: 'Click a heading to sort'
    }
  };
  let lang = localStorage.getItem('qms.lang') || 'zh';
  const t = key => (dict[lang] && dict[lang][key]) || dict.zh[key] || key;
  const term = (group, code) => (dict[lang] && dict[lang][group + '.' + code]) || code;
  const $ = id => document.getElementById(id);

  function applyLang() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.querySelectorAll('[data-i18n]').forEach(e => { e.textContent = t(e.dataset.i18n); });
  }

  /** Builds an element; strings always become text, never markup. */
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
  const clear = n => { while (n.firstChild) n.removeChild(n.firstChild); return n; };

  /** The API; a 401 sends the browser to the login page and back here afterwards. */
  async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let r;
    try {
      r = await fetch(path, { method, headers, credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      const b = $('offline'); if (b) b.hidden = false;
      throw e;
    }
    const b = $('offline'); if (b) b.hidden = true;
    const server = Date.parse(r.headers.get('X-Qms-Now') || '');
    if (!isNaN(server)) skew = server - Date.now();
    const text = await r.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = { detail: text }; }
    if (r.status === 401 && !path.endsWith('/login')) {
      location.assign('/login?next=' + encodeURIComponent(location.pathname + location.search));
      throw new Error('login');
    }
    if (!r.ok) {
      const err = new Error((data && data.detail) || String(r.status));
      err.status = r.status; err.problem = data;
      throw err;
    }
    return data;
  }

  // numbers as the pages show them: '—' where nothing was measured
  const num = (v, digits) => v === null || v === undefined ? '—' : (digits === undefined ? String(v) : Number(v).toFixed(digits));
  const pct = v => v === null || v === undefined ? '—' : (Math.round(v * 1000) / 10) + ' %';
  const time = iso => iso ? iso.substring(11, 16) : '—';
  const stamp = iso => iso ? iso.substring(5, 10) + ' ' + iso.substring(11, 16) : '—';

  // the console's clock minus this browser's: "today" is the console's day, not the PC's
  let skew = 0;
  /** Today in the halls' zone (Asia/Shanghai, UTC+8, no summer time), as YYYY-MM-DD. */
  function today() { return daysAgo(0); }
  function daysAgo(n) {
    return new Date(Date.now() + skew + 8 * 3600e3 - n * 86400e3).toISOString().substring(0, 10);
  }

  /**
   * A table whose column headings are buttons: a click (or Enter) sorts by that column, again reverses. Rows carry
   * their sort keys as data-k0, data-k1, … (numbers sort as numbers).
   */
  function sortable(table) {
    const state = { col: null, dir: 1 };
    table.querySelectorAll('thead th').forEach((th, i) => {
      const label = th.textContent;
      const key = th.dataset.i18n;
      th.removeAttribute('data-i18n');
      const b = el('button', { type: 'button', class: 'sort', 'data-i18n': key }, label);
      clear(th).append(b);
      th.setAttribute('aria-sort', 'none');
      b.addEventListener('click', () => {
        state.dir = state.col === i ? -state.dir : 1;
        state.col = i;
        table.querySelectorAll('thead th').forEach(h => h.setAttribute('aria-sort', 'none'));
        th.setAttribute('aria-sort', state.dir > 0 ? 'ascending' : 'descending');
        sort();
      });
    });
    function sort() {
      if (state.col === null) return;
      const body = table.tBodies[0];
      const rows = Array.from(body.rows);
      const k = r => {
        const v = r.dataset['k' + state.col];
        return v === undefined || v === '' ? null : (isNaN(Number(v)) ? v : Number(v));
      };
      rows.sort((a, b) => {
        const x = k(a), y = k(b);
        if (x === y) return 0;
        if (x === null) return 1;
        if (y === null) return -1;
        return (x < y ? -1 : 1) * state.dir;
      });
      rows.forEach(r => body.append(r));
    }
    return { sort };
  }

  /** A row of cells; each cell is [text, sortKey] or text. */
  function row(attrs, cells) {
    const tr = el('tr', attrs);
    cells.forEach((c, i) => {
      const [content, key, cls] = Array.isArray(c) ? c : [c, c instanceof Node ? '' : c];
      tr.dataset['k' + i] = key === null || key === undefined ? '' : key;
      tr.append(el(i === 0 ? 'th' : 'td', { class: cls, scope: i === 0 ? 'row' : null }, content));
    });
    return tr;
  }

  let me = null;
  /** Who is logged in, then load() now and every refreshSeconds; the header shows the user and the language. */
  async function start(load) {
    applyLang();
    $('lang').addEventListener('click', () => {
      lang = lang === 'zh' ? 'en' : 'zh';
      localStorage.setItem('qms.lang', lang);
      applyLang();
      load();
    });
    const out = $('logout');
    if (out) out.addEventListener('click', async () => {
      try { await api('POST', '/api/v1/logout'); } catch (e) { /* gone anyway */ }
      location.assign('/login');
    });
    try { me = await api('GET', '/api/v1/me'); } catch (e) { return; }
    $('who').textContent = me.user + ' · ' + term('role', me.role) + (me.hall ? ' · ' + me.hall : '');
    document.querySelectorAll('nav a').forEach(a => {
      if (a.getAttribute('href') === location.pathname) a.setAttribute('aria-current', 'page');
    });
    const tick = async () => {
      try {
        await load();
        const s = $('refreshed');
        if (s) s.textContent = t('refreshed') + ' ' + new Date().toTimeString().substring(0, 8);
      } catch (e) { /* the banner or the page's own message says it */ }
    };
    await tick();
    setInterval(tick, Math.max(1, me.refreshSeconds || 5) * 1000);
  }

  return { t, term, el, clear, api, num, pct, time, stamp, today, daysAgo, sortable, row, start, applyLang, $,
    get me() { return me; }, get lang() { return lang; } };
})();
