// Relationship diagrams on touch screens: the first tap on a box pins the highlight of
// its relations (as hovering does with a mouse) instead of following its link; a
// second tap on the same box follows it; a tap anywhere else lets go. A classic script
// with no module and no fetch, so that it runs from file:// too. Without it, hover and
// keyboard focus still highlight, and every box is still a link.
(function () {
  'use strict';
  document.documentElement.classList.add('diagram-js');
  var touch = false;
  document.addEventListener('pointerdown', function (e) { touch = e.pointerType === 'touch' || e.pointerType === 'pen'; }, true);

  function unpin(except) {
    var pinned = document.querySelectorAll('svg.diagram .node.pinned');
    for (var i = 0; i < pinned.length; i++) {
      if (pinned[i] === except) continue;
      pinned[i].classList.remove('pinned');
      var svg = pinned[i].closest('svg.diagram');
      if (svg) svg.classList.remove('has-pin');
    }
  }

  document.addEventListener('click', function (e) {
    var node = e.target.closest && e.target.closest('svg.diagram .node');
    if (!node) {
      unpin(null);
      return;
    }
    if (!touch || node.classList.contains('pinned')) return; // a mouse, or the second tap: follow the link
    e.preventDefault();
    unpin(node);
    node.classList.add('pinned');
    node.closest('svg.diagram').classList.add('has-pin');
  });
})();
