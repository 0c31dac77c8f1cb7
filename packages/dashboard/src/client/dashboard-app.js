/*
 * The live dashboard: a list of studies (#/) and one study (#/studies/<id>), polling the JSON
 * API for changes. The access token the page was opened with (?token=) goes with every request.
 */
(function () {
  'use strict';
  // This script runs before ECharts and the UI code are parsed (see dashboard.html): it asks for
  // the study at once, so the server reads it while the browser compiles the charting library.
  var UI = null;
  var el = null;
  var config = JSON.parse(document.getElementById('tunekit-config').textContent || '{}');
  var pollMs = config.pollIntervalMs || 2000;
  var token = new URLSearchParams(location.search).get('token');
  var app = document.getElementById('app');
  var current = null; // { stop() }
  var prefetched = null; // { path, promise }: used once, by the first request for that path

  function api(path) {
    if (prefetched && prefetched.path === path) {
      var promise = prefetched.promise;
      prefetched = null;
      return promise;
    }
    var headers = token ? { 'X-Tunekit-Token': token } : {};
    return fetch(path, { headers: headers, cache: 'no-store' }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) {
          var error = new Error(body && body.error ? body.error : 'HTTP ' + response.status);
          error.status = response.status;
          throw error;
        }
        return body;
      });
    });
  }

  function shell(titleText, subtitleText) {
    app.textContent = '';
    var status = el('span', { className: 'tk-live', text: '' });
    var banner = el('div', { className: 'tk-banner', hidden: 'hidden', role: 'alert' });
    var header = el('header', { className: 'tk-topbar' }, [
      el('a', { className: 'tk-brand', href: '#/', text: 'tunekit dashboard' }),
      el('h1', { className: 'tk-title', text: titleText }),
      el('span', { className: 'tk-subtitle', text: subtitleText || '' }),
      status,
    ]);
    var main = el('main');
    app.appendChild(header);
    app.appendChild(banner);
    app.appendChild(main);
    return {
      main: main,
      subtitle: header.querySelector('.tk-subtitle'),
      ok: function () { banner.hidden = true; status.className = 'tk-live'; status.textContent = '● live · updated ' + UI.fmtDate(Date.now()).slice(11); },
      fail: function (error) {
        banner.hidden = false;
        banner.textContent = error.status === 401 ? 'This dashboard needs its access token: open it as …/?token=<token>.' : 'Could not refresh: ' + error.message;
        status.className = 'tk-live tk-stale';
        status.textContent = '○ not updating';
      },
    };
  }

  function poller(tick) {
    var timer = null;
    var stopped = false;
    function loop() {
      if (stopped) return;
      // A background tab asks nothing; it catches up when shown again.
      if (document.hidden) { schedule(); return; }
      tick().then(schedule, schedule);
    }
    function schedule() { if (!stopped) timer = setTimeout(loop, pollMs); }
    loop();
    return { stop: function () { stopped = true; clearTimeout(timer); } };
  }

  function studiesPage() {
    var page = shell('Studies');
    var card = el('section', { className: 'tk-card' });
    page.main.appendChild(card);
    return poller(function () {
      return api('api/studies').then(function (studies) {
        page.ok();
        card.textContent = '';
        card.appendChild(el('div', { className: 'tk-card-head' }, [el('h2', { text: 'Studies' }), el('span', { className: 'tk-count', dataset: { count: studies.length }, text: studies.length + ' in this storage' })]));
        if (studies.length === 0) { card.appendChild(el('p', { className: 'tk-card-note', text: 'No study yet. Create one with tunekit run or createStudy().' })); return; }
        var body = el('tbody');
        studies.forEach(function (s) {
          var link = el('a', { href: '#/studies/' + s.studyId, text: s.studyName });
          body.appendChild(el('tr', { dataset: { study: s.studyId } }, [
            el('td', null, [link]),
            el('td', { text: s.directions.join(', ') }),
            el('td', { className: 'tk-num', text: s.nTrials === null ? '' : String(s.nTrials) }),
            el('td', { text: UI.fmtDate(s.datetimeStart) }),
          ]));
        });
        var head = el('tr', null, ['name', 'directions', 'trials', 'started'].map(function (label) { return el('th', { text: label }); }));
        card.appendChild(el('div', { className: 'tk-table-wrap' }, [el('table', { className: 'tk-table tk-studies' }, [el('thead', null, [head]), body])]));
      }).catch(function (error) { page.fail(error); });
    });
  }

  function studyPage(studyId) {
    var page = shell('Study ' + studyId);
    var view = null;
    var version = null;
    var title = app.querySelector('.tk-title');
    var task = poller(function () {
      return api('api/studies/' + studyId + (version ? '?since=' + encodeURIComponent(version) : '')).then(function (payload) {
        page.ok();
        if (payload.unchanged) return;
        version = payload.version;
        title.textContent = payload.study.studyName;
        document.title = payload.study.studyName + ' · tunekit dashboard';
        page.subtitle.textContent = payload.study.directions.join(', ');
        if (!view) view = new UI.StudyView(page.main, { loadTrial: function (number) { return api('api/studies/' + studyId + '/trials/' + number); } });
        view.render(payload);
        document.documentElement.dataset.version = payload.version;
        document.documentElement.dataset.rendered = 'true';
      }).catch(function (error) { page.fail(error); });
    });
    return { stop: function () { task.stop(); if (view) view.dispose(); } };
  }

  function route() {
    if (current) current.stop();
    document.documentElement.dataset.rendered = 'false';
    var match = /^#\/studies\/(\d+)/.exec(location.hash);
    current = match ? studyPage(Number(match[1])) : studiesPage();
  }

  var first = /^#\/studies\/(\d+)/.exec(location.hash);
  if (first) {
    var path = 'api/studies/' + first[1];
    var early = api(path);
    early.catch(function () { /* reported when route() uses it */ });
    prefetched = { path: path, promise: early };
  }

  function start() {
    UI = window.TunekitUI;
    el = UI.el;
    window.addEventListener('hashchange', route);
    route();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
