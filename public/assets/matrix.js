// Filters for the scheme x standard matrix: by region, kind and audience. The table
// works without this script; with it, rows that do not match are hidden, the column
// totals count the rows shown and the columns left empty are dimmed.
(function () {
  'use strict';
  var form = document.getElementById('matrix-filters');
  var table = document.querySelector('table.matrix');
  if (!form || !table) return;
  var selects = form.querySelectorAll('select[data-filter]');
  var rows = table.querySelectorAll('tbody tr[data-region]');
  var foot = table.querySelectorAll('tfoot td.sum');
  var heads = table.querySelectorAll('thead th.std');
  var count = document.getElementById('matrix-count');
  var total = rows.length;

  function matches(row) {
    for (var i = 0; i < selects.length; i++) {
      var want = selects[i].value;
      if (!want) continue;
      var have = (row.getAttribute('data-' + selects[i].getAttribute('data-filter')) || '').split(' ');
      if (have.indexOf(want) < 0) return false;
    }
    return true;
  }

  function apply() {
    var sums = [], shown = 0;
    rows.forEach(function (row) {
      var ok = matches(row);
      row.hidden = !ok;
      if (!ok) return;
      shown++;
      row.querySelectorAll('td').forEach(function (td, j) {
        var n = td.classList.contains('sum') ? parseInt(td.textContent, 10) : (td.querySelector('.mark') ? 1 : 0);
        sums[j] = (sums[j] || 0) + n;
      });
    });
    // Hide the heading of a region whose rows are all hidden.
    table.querySelectorAll('tbody').forEach(function (body) {
      var group = body.querySelector('tr.group');
      if (group) group.hidden = !body.querySelector('tr[data-region]:not([hidden])');
    });
    foot.forEach(function (td, j) { td.textContent = String(sums[j] || 0); });
    heads.forEach(function (th, j) {
      var empty = !sums[j];
      th.classList.toggle('empty', empty);
      table.querySelectorAll('tr > td:nth-of-type(' + (j + 1) + ')').forEach(function (td) { td.classList.toggle('empty', empty); });
    });
    count.textContent = shown + ' / ' + total;
  }

  form.hidden = false;
  selects.forEach(function (s) { s.addEventListener('change', apply); });
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  apply();
})();
