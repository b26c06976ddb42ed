// The side navigation and "on this page" (layouts/base.html). Without script both work:
// on a desk the stylesheet shows them open, on a phone each is a <details> button. This
// script opens them on a desk, marks in "on this page" the section being read as the
// page scrolls, and keeps the current page in view in the side navigation. A classic
// script, so that it runs from file:// too.
(function () {
  'use strict';
  var desk = window.matchMedia('(min-width: 68.75rem)');
  // Open on a desk (also where CSS shows them closed, so that every browser and
  // assistive technology meets them open); closed again when the window narrows.
  function open() {
    document.querySelectorAll('details.menu, details.toc').forEach(function (d) { d.open = desk.matches; });
  }
  if (desk.matches) open();
  desk.addEventListener('change', open);

  var current = document.querySelector('nav.side [aria-current="page"]');
  var side = document.querySelector('nav.side');
  if (current && desk.matches && side.scrollHeight > side.clientHeight) {
    side.scrollTop += current.getBoundingClientRect().top - side.getBoundingClientRect().top - side.clientHeight / 3;
  }

  var links = document.querySelectorAll('details.toc a[href^="#"]');
  if (!links.length || !('IntersectionObserver' in window)) return;
  var byID = {}, order = [];
  links.forEach(function (a) {
    var h = document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));
    if (h) { byID[h.id] = a; order.push(h); }
  });
  function mark() {
    // The reading position is the last heading above the upper third of the window.
    var at = null;
    order.forEach(function (h) { if (h.getBoundingClientRect().top < window.innerHeight / 3) at = h; });
    links.forEach(function (a) { a.classList.remove('reading'); });
    if (at) byID[at.id].classList.add('reading');
  }
  var io = new IntersectionObserver(mark, { rootMargin: '0px 0px -60% 0px' });
  order.forEach(function (h) { io.observe(h); });
  mark();
})();
