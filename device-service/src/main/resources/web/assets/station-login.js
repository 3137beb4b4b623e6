// The console's login: the session comes back as an HttpOnly cookie, so no script ever holds it.
'use strict';
(() => {
  const { t, api, $ } = ST;
  document.addEventListener('DOMContentLoaded', () => {
    ST.applyLang();
    $('lang').addEventListener('click', () => {
      localStorage.setItem('qms.lang', ST.lang === 'zh' ? 'en' : 'zh');
      location.reload();
    });
    $('user').focus();
    $('form').addEventListener('submit', async e => {
      e.preventDefault();
      $('error').textContent = '';
      try {
        await api('POST', '/api/v1/login', { user: $('user').value.trim(), password: $('password').value });
        const next = new URLSearchParams(location.search).get('next') || '';
        // only a path of this console, never another site
        location.assign(/^\/[a-z]/.test(next) ? next : '/halls');
      } catch (err) {
        $('password').value = '';
        $('error').textContent = err.status === 429 ? t('throttled') : err.status === 401 ? t('loginFailed')
          : (err.problem && err.problem.detail) || t('error');
        $('password').focus();
      }
    });
  });
})();
