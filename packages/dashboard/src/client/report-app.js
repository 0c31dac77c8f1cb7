/* The self-contained report: reads the inline study data and draws it once. */
(function () {
  'use strict';
  var UI = window.TunekitUI;
  var app = document.getElementById('app');
  var payload = JSON.parse(document.getElementById('tunekit-data').textContent);
  app.textContent = '';
  var header = UI.el('header', { className: 'tk-topbar' }, [
    UI.el('span', { className: 'tk-brand', text: 'tunekit report' }),
    UI.el('h1', { className: 'tk-title', text: payload.study.studyName }),
    UI.el('span', { className: 'tk-subtitle', text: payload.study.directions.join(', ') + ' · generated ' + UI.fmtDate(payload.generatedAt) }),
  ]);
  var body = UI.el('main');
  app.appendChild(header);
  app.appendChild(body);
  app.appendChild(UI.el('footer', { className: 'tk-footer', text: 'Self-contained: this file works offline. Charts by Apache ECharts.' }));
  var view = new UI.StudyView(body, {});
  view.render(payload);
  document.documentElement.dataset.rendered = 'true';
})();
