// Draws a chart above each table marked data-chart, from the numbers in the table itself: the
// table stays the source of truth (and what screen readers and browsers without JavaScript get).
//
//   <table data-chart data-chart-label="what the chart shows">
//     <thead><tr><th>row label</th><th data-series="bar|line" data-axis="id" data-unit="%">…</th>…</tr></thead>
//     <tbody><tr><th scope="row">label</th><td data-value="12.5">12.5</td>…</tr></tbody>
//
// Columns without data-series are left out of the chart. Needs chart.js (window.Chart) loaded first.
(function () {
  'use strict';

  function draw(table) {
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var style = getComputedStyle(document.documentElement);
    var colours = [style.getPropertyValue('--brand').trim() || '#0b6e4f', '#b35c00', '#1a5fb4'];
    var labels = rows.map(function (row) { return row.cells[0].textContent.trim(); });
    var scales = {};
    var datasets = [];
    heads.forEach(function (th, column) {
      var type = th.getAttribute('data-series');
      if (!type) {
        return;
      }
      var axis = th.getAttribute('data-axis') || 'y';
      var unit = th.getAttribute('data-unit') || '';
      if (!scales[axis]) {
        var first = Object.keys(scales).length === 0;
        scales[axis] = {
          type: 'linear',
          position: first ? 'left' : 'right',
          beginAtZero: true,
          grid: { drawOnChartArea: first },
          ticks: { callback: function (value) { return value + unit; } },
        };
      }
      var colour = colours[datasets.length % colours.length];
      datasets.push({
        type: type,
        label: th.textContent.trim(),
        yAxisID: axis,
        data: rows.map(function (row) { return parseFloat(row.cells[column].getAttribute('data-value')); }),
        backgroundColor: type === 'bar' ? colour + '99' : colour,
        borderColor: colour,
        borderWidth: 2,
        order: type === 'line' ? 0 : 1,
      });
    });
    if (datasets.length === 0) {
      return;
    }
    var box = document.createElement('div');
    box.className = 'chart-box';
    var canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', table.getAttribute('data-chart-label') || '');
    box.appendChild(canvas);
    table.parentNode.insertBefore(box, table);
    // No animation: the chart is there at once, for people and for screenshots alike.
    new window.Chart(canvas, {
      type: 'bar',
      data: { labels: labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: Object.assign({ x: { ticks: { autoSkip: false, maxRotation: 60 } } }, scales),
        plugins: { legend: { position: 'bottom' } },
      },
    });
    table.setAttribute('data-chart-drawn', 'true');
  }

  function start() {
    if (typeof window.Chart !== 'function') {
      return;
    }
    document.querySelectorAll('table[data-chart]').forEach(draw);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
