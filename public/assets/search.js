/* Offline search of the survey site; works on pages opened from disk (file://).
 *
 * Every page loads this file with <script defer>; search.html also loads the index of
 * its language after it (assets/search-<lang>.js, built by generator/internal/search,
 * which sets window.SURVEY_SEARCH). No fetch, no modules, no eval, no innerHTML, no
 * inline styles: the Content-Security-Policy allows none of them. Without script,
 * every page reads as it is and the header's form opens search.html?q=..., which says
 * that search needs script.
 *
 * On every page: "/" focuses the header's search box. On a page opened from a result
 * (page.html?q=...), the words found are marked in the main content. On search.html,
 * the header's search box is the search form: it holds the query, and results appear
 * under the page's heading as the reader types, the live region saying only how many.
 *
 * Text is cut into tokens by the rules of search.Tokens in Go
 * (generator/internal/search/tokens.go): fold with NFKC, lowercase each code point and
 * write hiragana as katakana, cut Han/Hiragana/Katakana runs into bigrams (a one-character
 * run is itself; white space and "・" do not end a run), everything else into words of
 * letters, numbers and marks. Change both sides together; the Go tests run this file in
 * node to compare them. A query is cut by the same rules, except that white space in it
 * separates: "医療 ガイドライン" is two words, both to be found, in any order.
 *
 * Matching: every query token must be found (AND). The last word of the query, when the
 * query does not end after it, matches as a prefix ("authoriz" finds "authorization");
 * a lone CJK character matches every bigram holding it. A query like "2.1.8" lists the
 * cards of that section. Title matches weigh most, then names, then bodies.
 */
(function (global) {
  'use strict';

  var FORMAT = 2;
  var CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc]$/u;
  var WORD = /^[\p{L}\p{N}\p{M}]$/u;
  var JOIN = /^[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u30fb]$/;
  var SPACE = /^[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/; // JOIN but "・"
  var K_SEP = 0, K_CJK = 1, K_WORD = 2, K_JOIN = 3;
  var FIELD_WEIGHT = { 1: 10, 2: 6, 4: 1 }; // title, name, body
  var MAX_SHOWN = 200; // the survey has about 140 records a language

  function classOf(ch) {
    if (CJK.test(ch)) return K_CJK;
    if (WORD.test(ch)) return K_WORD;
    if (JOIN.test(ch)) return K_JOIN;
    return K_SEP;
  }

  // foldChar is Go's foldRune: lowercase, and hiragana as katakana (ぁ-ゖ, ゝ, ゞ). Go
  // lowercases rune by rune with the simple mapping; JavaScript's full mapping differs
  // only for U+0130, which it turns into "i" + U+0307.
  function foldChar(ch) {
    var c = ch.charCodeAt(0);
    if ((c >= 0x3041 && c <= 0x3096) || c === 0x309d || c === 0x309e) return String.fromCharCode(c + 0x60);
    return ch === '\u0130' ? 'i' : ch.toLowerCase();
  }

  function fold(s) {
    var n = String(s).normalize('NFKC');
    var out = '';
    for (var ch of n) out += foldChar(ch);
    return out;
  }

  // scan walks folded text like search.Tokens: onRun(chars) for each CJK run (an array
  // of code points), onWord(word) for each word, in order. With spaceSeparates (a
  // query), white space ends a CJK run.
  function scan(s, onRun, onWord, spaceSeparates) {
    var run = [];
    var word = '';
    function flush() {
      if (run.length) onRun(run);
      run = [];
    }
    for (var ch of s) {
      var c = classOf(ch);
      if (c !== K_WORD && word) {
        onWord(word);
        word = '';
      }
      if (c === K_CJK) {
        run.push(ch);
      } else if (c === K_WORD) {
        flush();
        word += ch;
      } else if (c !== K_JOIN || (spaceSeparates && SPACE.test(ch))) {
        flush();
      }
    }
    if (word) onWord(word);
    flush();
  }

  function runTokens(run) {
    if (run.length === 1) return [run[0]];
    var out = [];
    for (var i = 0; i + 1 < run.length; i++) out.push(run[i] + run[i + 1]);
    return out;
  }

  // tokens is search.Tokens: the tokens of text, in order, repeats included.
  function tokens(text) {
    var out = [];
    scan(fold(text), function (run) {
      Array.prototype.push.apply(out, runTokens(run));
    }, function (w) {
      out.push(w);
    });
    return out;
  }

  // parse turns a query into terms, each a list of alternatives of which one must match:
  // {type: 'token'|'prefix'|'char', text}. needles are what snippets highlight.
  function parse(q) {
    var f = fold(q);
    var parts = [];
    scan(f, function (run) {
      parts.push({ run: run.slice() });
    }, function (w) {
      parts.push({ word: w });
    }, true);
    var terms = [];
    var seen = {};
    function add(type, text) {
      var key = type + ':' + text;
      if (!seen[key]) {
        seen[key] = true;
        terms.push({ type: type, text: text });
      }
    }
    var trailing = f.length > 0 && classOf(Array.from(f).pop()) === K_WORD;
    parts.forEach(function (p, i) {
      if (p.word !== undefined) {
        add(i === parts.length - 1 && trailing ? 'prefix' : 'token', p.word);
      } else if (p.run.length === 1) {
        add('char', p.run[0]);
      } else {
        runTokens(p.run).forEach(function (t) { add('token', t); });
      }
    });
    return { folded: f, parts: parts, terms: terms, prefixLast: trailing, section: '' };
  }

  // The index.

  var DIGIT = (function () {
    var d = {};
    var n = 0;
    for (var c = 33; c <= 126; c++) {
      if (c !== 34 && c !== 92) d[c] = n++;
    }
    return d;
  })();
  var BASE = 46;

  function decodeTokens(s) {
    var out = [];
    var prev = [];
    var cur = null;
    for (var ch of s) {
      var code = ch.charCodeAt(0);
      if (code >= 65 && code <= 90) {
        if (cur) out.push(cur.join(''));
        prev = cur || prev;
        cur = prev.slice(0, code - 65);
      } else {
        cur.push(ch);
      }
    }
    if (cur) out.push(cur.join(''));
    return out;
  }

  // decodePostings returns [record, fields, record, fields, ...].
  function decodePostings(s) {
    var out = [];
    var acc = 0;
    var rec = -1;
    for (var i = 0; i < s.length; i++) {
      var v = DIGIT[s.charCodeAt(i)];
      if (v >= BASE) {
        acc = acc * BASE + v - BASE;
        continue;
      }
      var n = acc * BASE + v;
      acc = 0;
      rec += Math.floor(n / 7) + 1;
      out.push(rec, (n % 7) + 1);
    }
    return out;
  }

  function Index(data) {
    if (!data || data.v !== FORMAT) throw new Error('search index: unknown format');
    this.lang = data.lang;
    this.records = data.records.map(function (r, i) {
      var parts = r[5].map(function (p) { return { label: p[0], text: p[1] }; });
      var text = parts.map(function (p) { return p.text; }).join('\n');
      return { n: i, url: r[0], title: r[1], section: r[2], kind: r[3], name: r[4], parts: parts, text: text };
    });
    this.tokens = decodeTokens(data.tokens);
    this.lists = data.postings === '' ? [] : data.postings.split(' ');
    if (this.lists.length !== this.tokens.length) throw new Error('search index: tokens and postings differ in number');
    this.byToken = new Map();
    this.words = [];
    this.cjk = [];
    this.decoded = new Map();
    for (var i = 0; i < this.tokens.length; i++) {
      var t = this.tokens[i];
      this.byToken.set(t, i);
      (t.charCodeAt(0) >= 0x80 && classOf(charAt(t, 0)) === K_CJK ? this.cjk : this.words).push(i);
    }
    this.foldCache = new Map();
  }

  Index.prototype.postings = function (i) {
    var p = this.decoded.get(i);
    if (!p) {
      p = decodePostings(this.lists[i]);
      this.decoded.set(i, p);
    }
    return p;
  };

  // matches returns a Map record -> fields for one term.
  Index.prototype.matches = function (term) {
    var ids = [];
    var self = this;
    if (term.type === 'token') {
      var i = this.byToken.get(term.text);
      if (i !== undefined) ids.push(i);
    } else if (term.type === 'prefix') {
      this.words.forEach(function (j) {
        if (self.tokens[j].startsWith(term.text)) ids.push(j);
      });
    } else {
      this.cjk.forEach(function (j) {
        if (self.tokens[j].indexOf(term.text) >= 0) ids.push(j);
      });
    }
    var m = new Map();
    ids.forEach(function (j) {
      var p = self.postings(j);
      for (var k = 0; k < p.length; k += 2) m.set(p[k], (m.get(p[k]) || 0) | p[k + 1]);
    });
    return m;
  };

  Index.prototype.folded = function (rec, field) {
    var key = rec.n + ':' + field;
    var v = this.foldCache.get(key);
    if (v === undefined) {
      v = fold(rec[field]);
      this.foldCache.set(key, v);
    }
    return v;
  };

  function weight(fields) {
    return (fields & 1 ? FIELD_WEIGHT[1] : 0) + (fields & 2 ? FIELD_WEIGHT[2] : 0) + (fields & 4 ? FIELD_WEIGHT[4] : 0);
  }

  var SECTION = /^\d+(\.\d+)+\.?$/;

  // search returns {query, results: [{record, score}], total}, best first; ties keep
  // the order of the records in the index (survey order). query.section is set when the
  // query was a section number and the results are that section's cards.
  Index.prototype.search = function (q) {
    var query = parse(q);
    var self = this;
    var results = [];
    var sec = query.folded.trim();
    if (SECTION.test(sec)) {
      sec = sec.replace(/\.$/, '');
      query.section = sec;
      this.records.forEach(function (r) {
        if (r.section === sec) results.push({ record: r, score: 100 });
        else if (r.section.startsWith(sec + '.')) results.push({ record: r, score: 50 });
      });
    }
    if (results.length === 0) query.section = '';
    if (results.length === 0 && query.terms.length > 0) {
      var maps = query.terms.map(function (t) { return self.matches(t); });
      maps.sort(function (a, b) { return a.size - b.size; });
      maps[0].forEach(function (fields, n) {
        var score = 0;
        for (var i = 0; i < maps.length; i++) {
          var f = maps[i].get(n);
          if (f === undefined) return;
          score += weight(f);
        }
        results.push({ record: self.records[n], score: score + self.bonus(self.records[n], query) });
      });
    }
    results.sort(function (a, b) { return b.score - a.score || a.record.n - b.record.n; });
    return { query: query, results: results, total: results.length };
  };

  // bonus rewards the whole query in one field, which bigrams alone cannot tell.
  Index.prototype.bonus = function (rec, query) {
    var q = query.folded.replace(/\s+/g, ' ').trim();
    var b = 0;
    var title = this.folded(rec, 'title');
    if (title === q) b += 20;
    if (allFound(title, query)) b += 8;
    if (rec.name && allFound(this.folded(rec, 'name'), query)) b += 5;
    if (allFound(this.folded(rec, 'text'), query)) b += 2;
    return b;
  };

  function allFound(text, query) {
    return query.parts.every(function (p) {
      return find(text, p, query, 0).length > 0;
    });
  }

  // find returns the [start, end) ranges of a query part in folded text f: a word at a
  // word start (and end, unless it is the prefix word), or a CJK run, with white space
  // or "・" allowed between its characters. limit > 0 stops after that many ranges.
  function find(f, part, query, limit) {
    var out = [];
    if (part.word !== undefined) {
      var isPrefix = query.prefixLast && part === query.parts[query.parts.length - 1];
      var w = part.word;
      for (var i = f.indexOf(w); i >= 0; i = f.indexOf(w, i + 1)) {
        if (classOf(charBefore(f, i)) === K_WORD) continue;
        if (!isPrefix && classOf(charAt(f, i + w.length)) === K_WORD) continue;
        out.push([i, i + w.length]);
        if (limit && out.length >= limit) break;
      }
      return out;
    }
    var run = part.run;
    for (var j = f.indexOf(run[0]); j >= 0; j = f.indexOf(run[0], j + 1)) {
      var end = matchRun(f, j, run);
      if (end >= 0) {
        out.push([j, end]);
        if (limit && out.length >= limit) break;
      }
    }
    return out;
  }

  function matchRun(f, at, run) {
    var p = at;
    for (var k = 0; k < run.length; k++) {
      if (k > 0) {
        while (p < f.length && JOIN.test(f[p])) p++;
      }
      if (!f.startsWith(run[k], p)) return -1;
      p += run[k].length;
    }
    return p;
  }

  function charAt(s, i) {
    if (i >= s.length) return '';
    return String.fromCodePoint(s.codePointAt(i));
  }

  function charBefore(s, i) {
    if (i <= 0) return '';
    var c = s.charCodeAt(i - 1);
    if (c >= 0xdc00 && c <= 0xdfff && i >= 2) return s.slice(i - 2, i);
    return s[i - 1];
  }

  // foldMap folds s cluster by cluster (a character and the marks after it) and maps
  // every UTF-16 index of the result back to s, so that matches in folded text can be
  // highlighted in the original.
  function foldMap(s) {
    var f = '';
    var from = [];
    var to = [];
    var i = 0;
    while (i < s.length) {
      var code = s.charCodeAt(i);
      if (code < 0x80 && (i + 1 === s.length || s.charCodeAt(i + 1) < 0x300)) {
        // ASCII not followed by a mark folds to itself, lowercased.
        f += code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : s[i];
        from.push(i);
        to.push(i + 1);
        i++;
        continue;
      }
      var j = i + charAt(s, i).length;
      while (j < s.length && /^[\p{M}\uff9e\uff9f]$/u.test(charAt(s, j))) j += charAt(s, j).length;
      var piece = fold(s.slice(i, j));
      for (var k = 0; k < piece.length; k++) {
        from.push(i);
        to.push(j);
      }
      f += piece;
      i = j;
    }
    return { folded: f, from: from, to: to };
  }

  // highlight returns the ranges of the query in s, in s's own indices, merged.
  function highlight(s, query) {
    if (query.section) return []; // the section number is what matched
    var m = foldMap(s);
    var ranges = [];
    query.parts.forEach(function (p) {
      var found = find(m.folded, p, query, 0);
      if (found.length === 0 && p.run && p.run.length > 2) {
        // The run is not there as a whole: show its bigrams.
        runTokens(p.run).forEach(function (t) {
          Array.prototype.push.apply(ranges, find(m.folded, { run: Array.from(t) }, query, 0).map(function (r) {
            return r.concat([false]);
          }));
        });
      }
      Array.prototype.push.apply(ranges, found.map(function (r) { return r.concat([true]); }));
    });
    ranges = ranges.map(function (r) {
      return [m.from[r[0]], m.to[r[1] - 1], r[2]];
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) {
        last[1] = Math.max(last[1], r[1]);
        last[2] = last[2] || r[2];
      } else {
        merged.push(r.slice());
      }
    });
    return merged;
  }

  // segments cuts s[start:end] into [{text, mark}] along ranges.
  function segments(s, ranges, start, end) {
    var out = [];
    var at = start;
    ranges.forEach(function (r) {
      var a = Math.max(r[0], start);
      var b = Math.min(r[1], end);
      if (b <= a || a < at) return;
      if (a > at) out.push({ text: s.slice(at, a), mark: false });
      out.push({ text: s.slice(a, b), mark: true });
      at = b;
    });
    if (at < end) out.push({ text: s.slice(at, end), mark: false });
    return out;
  }

  // snippet returns {label, segs}: the part of the record (a field of its card) that
  // holds the most words of the query, then the most matches, first of equals, and the
  // segments of its excerpt around the first match, with "…" where it is cut. A field is
  // never run into the next.
  Index.prototype.snippet = function (rec, query) {
    var best = null;
    rec.parts.forEach(function (part) {
      if (part.folded === undefined) part.folded = fold(part.text);
      var found = 0;
      var matches = 0;
      if (!query.section) {
        query.parts.forEach(function (p) {
          var n = find(part.folded, p, query, 0).length;
          if (n > 0) found++;
          matches += n;
        });
      }
      if (!best || found > best.found || (found === best.found && matches > best.matches)) {
        best = { part: part, found: found, matches: matches };
      }
    });
    if (!best) return { label: '', segs: [] };
    return { label: best.part.label, segs: this.excerpt(best.part.text, query) };
  };

  // excerpt cuts s around the first match of the query, as segments.
  Index.prototype.excerpt = function (s, query) {
    var ja = this.lang === 'ja';
    var before = ja ? 30 : 60;
    var width = ja ? 110 : 220;
    var ranges = highlight(s, query);
    var first = ranges.filter(function (r) { return r[2]; })[0] || ranges[0];
    var start = first ? Math.max(0, first[0] - before) : 0;
    var end = Math.min(s.length, start + width);
    if (end === s.length) start = Math.max(0, end - width);
    if (!ja) {
      if (start > 0) {
        var sp = s.indexOf(' ', start);
        if (sp >= 0 && (!first || sp < first[0])) start = sp + 1;
      }
      if (end < s.length) {
        var ep = s.lastIndexOf(' ', end);
        if (ep > start && (!first || ep >= first[1])) end = ep;
      }
    }
    start = fixSurrogate(s, start);
    end = fixSurrogate(s, end);
    var segs = segments(s, ranges, start, end);
    if (start > 0) segs.unshift({ text: '…', mark: false });
    if (end < s.length) segs.push({ text: '…', mark: false });
    return segs;
  };

  function fixSurrogate(s, i) {
    var c = s.charCodeAt(i);
    return c >= 0xdc00 && c <= 0xdfff ? i - 1 : i;
  }

  Index.prototype.marked = function (text, query) {
    return segments(text, highlight(text, query), 0, text.length);
  };

  // pageRanges returns, for each of texts (the text of a page, piece by piece), the
  // ranges to mark: the query's words found whole, or, when the page holds none of them
  // whole, every range highlight finds (the bigrams of a long Japanese word). A section
  // number marks nothing: the page is the section.
  function pageRanges(texts, query) {
    if (SECTION.test(query.folded.trim()) || query.parts.length === 0) return texts.map(function () { return []; });
    var all = texts.map(function (t) { return highlight(t, query); });
    var whole = all.map(function (rs) { return rs.filter(function (r) { return r[2]; }); });
    var any = whole.some(function (rs) { return rs.length > 0; });
    return any ? whole : all;
  }

  // withQuery returns the link to url that carries the query, for the page to mark it:
  // "schemes/ismap.html?q=...", "glossary.html?q=...#term".
  function withQuery(url, q) {
    var i = url.indexOf('#');
    var hash = i < 0 ? '' : url.slice(i);
    return (i < 0 ? url : url.slice(0, i)) + '?q=' + encodeURIComponent(q.trim()) + hash;
  }

  var api = {
    FORMAT: FORMAT,
    fold: fold,
    tokens: tokens,
    parse: parse,
    pageRanges: pageRanges,
    withQuery: withQuery,
    Index: Index,
    load: function (data) { return new Index(data); }
  };
  global.SurveySearch = api;

  // The page.

  if (typeof document === 'undefined') return;

  function safeURL(u) {
    return typeof u === 'string' && u !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(u) && !/^[\\/]/.test(u);
  }

  function appendSegments(el, segs) {
    segs.forEach(function (s) {
      if (s.mark) {
        var m = document.createElement('mark');
        m.textContent = s.text;
        el.appendChild(m);
      } else {
        el.appendChild(document.createTextNode(s.text));
      }
    });
  }

  function queryOfURL() {
    try {
      return new URLSearchParams(window.location.search).get('q') || '';
    } catch (e) {
      return '';
    }
  }

  // The header's search box: the first search form's input named q.
  function searchBox() {
    return document.querySelector('form[role="search"] input[name="q"]');
  }

  // "/" focuses the search box from anywhere but a field, as on many sites.
  function slashFocuses(box) {
    box.setAttribute('aria-keyshortcuts', '/');
    document.addEventListener('keydown', function (e) {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      var t = e.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      e.preventDefault();
      box.focus();
      box.select();
    });
  }

  // markPage marks the words of the page's ?q= in its main content, and brings the
  // first into view unless the link named a place (#id) to go to.
  function markPage() {
    var q = queryOfURL();
    var main = document.getElementById('main');
    if (!q.trim() || !main) return;
    var query = parse(q);
    var nodes = [];
    var walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        if (!n.data.trim() || n.parentNode.closest('script, style, noscript, textarea, svg, mark')) return NodeFilter.FILTER_REJECT;
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    for (var n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
    var ranges = pageRanges(nodes.map(function (t) { return t.data; }), query);
    var first = null;
    nodes.forEach(function (node, i) {
      if (ranges[i].length === 0) return;
      var frag = document.createDocumentFragment();
      segments(node.data, ranges[i], 0, node.data.length).forEach(function (s) {
        if (s.mark) {
          var m = document.createElement('mark');
          m.className = 'search-found';
          m.textContent = s.text;
          frag.appendChild(m);
          first = first || m;
        } else {
          frag.appendChild(document.createTextNode(s.text));
        }
      });
      node.parentNode.replaceChild(frag, node);
    });
    if (first && !window.location.hash) {
      var r = first.getBoundingClientRect();
      if (r.top < 0 || r.bottom > window.innerHeight * 0.8) first.scrollIntoView({ block: 'center' });
    }
  }

  function searchPage(root, input) {
    var form = input.form;
    var status = document.getElementById('search-status');
    var list = document.getElementById('search-results');
    var failed = document.getElementById('search-failed');
    var hint = document.getElementById('search-hint');
    var labels = root.dataset;
    var index;
    try {
      index = new Index(global.SURVEY_SEARCH);
    } catch (e) {
      if (failed) failed.hidden = false;
      return;
    }
    if (hint) {
      hint.hidden = false;
      input.setAttribute('aria-describedby', hint.id);
    }
    input.setAttribute('aria-controls', list.id);
    root.classList.add('search-ready');
    var sep = labels.colon || ': ';

    var shown = null;
    var timer = 0;

    function setURL(q) {
      try {
        var u = new URL(window.location.href);
        if (q) u.searchParams.set('q', q);
        else u.searchParams.delete('q');
        if (u.href !== window.location.href) window.history.replaceState(null, '', u.href);
      } catch (e) {
        // Some browsers refuse to change the URL of a file:// page; search still works.
      }
    }

    function render(q) {
      if (q === shown) return;
      shown = q;
      list.replaceChildren();
      if (q.trim() === '') {
        status.textContent = '';
        return;
      }
      var r = index.search(q);
      // The live region says how many, nothing more: the list is read when visited.
      status.textContent = r.total === 0 ? labels.none || '' : (labels.results || '{n}').replace('{n}', String(r.total));
      r.results.slice(0, MAX_SHOWN).forEach(function (hit) {
        var rec = hit.record;
        if (!safeURL(rec.url)) return;
        var li = document.createElement('li');
        li.className = 'search-hit search-' + rec.kind;
        var a = document.createElement('a');
        a.href = withQuery(rec.url, q);
        a.className = 'search-hit-link';
        if (rec.section) {
          var sec = document.createElement('span');
          sec.className = 'sec';
          appendSegments(sec, [{ text: rec.section, mark: !!r.query.section }]);
          a.appendChild(sec);
          a.appendChild(document.createTextNode(' '));
        }
        var title = document.createElement('span');
        title.className = 'search-hit-title';
        appendSegments(title, index.marked(rec.title, r.query));
        a.appendChild(title);
        li.appendChild(a);
        var kindLabel = labels['kind' + rec.kind.charAt(0).toUpperCase() + rec.kind.slice(1)];
        var showName = rec.name && index.folded(rec, 'title').indexOf(index.folded(rec, 'name')) < 0;
        if (kindLabel || showName) {
          var meta = document.createElement('p');
          meta.className = 'search-hit-meta';
          if (kindLabel) {
            var k = document.createElement('span');
            k.className = 'search-hit-kind';
            k.textContent = kindLabel;
            meta.appendChild(k);
          }
          if (showName) {
            var name = document.createElement('span');
            name.className = 'search-hit-name';
            appendSegments(name, index.marked(rec.name, r.query));
            meta.appendChild(name);
          }
          li.appendChild(meta);
        }
        var snip = index.snippet(rec, r.query);
        if (snip.segs.length) {
          var p = document.createElement('p');
          p.className = 'search-hit-snippet';
          if (snip.label) {
            var l = document.createElement('span');
            l.className = 'search-hit-label';
            l.textContent = snip.label + sep;
            p.appendChild(l);
          }
          appendSegments(p, snip.segs);
          li.appendChild(p);
        }
        list.appendChild(li);
      });
    }

    function update(now) {
      window.clearTimeout(timer);
      var go = function () {
        render(input.value);
        setURL(input.value);
      };
      if (now) go();
      else timer = window.setTimeout(go, 150);
    }

    function links() {
      return Array.prototype.slice.call(list.querySelectorAll('a.search-hit-link'));
    }

    input.addEventListener('input', function () { update(false); });
    if (form) {
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        update(true);
      });
    }
    input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown') {
        update(true);
        var l = links();
        if (l.length) {
          e.preventDefault();
          l[0].focus();
        }
      }
    });
    list.addEventListener('keydown', function (e) {
      var l = links();
      var i = l.indexOf(document.activeElement);
      if (i < 0) return;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        var j = e.key === 'ArrowDown' ? Math.min(i + 1, l.length - 1) : i - 1;
        if (j < 0) input.focus();
        else l[j].focus();
      } else if (e.key === 'Home' || e.key === 'End') {
        e.preventDefault();
        l[e.key === 'Home' ? 0 : l.length - 1].focus();
      } else if (e.key === 'Escape') {
        e.preventDefault();
        input.focus();
      } else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey && e.key !== ' ' && e.key !== '/') {
        input.focus(); // typing goes on in the search box
      }
    });

    var q = queryOfURL();
    input.value = q;
    render(q);
    if (!q) input.focus();
  }

  function init() {
    var box = searchBox();
    if (box) slashFocuses(box);
    var root = document.getElementById('search');
    if (root && box) searchPage(root, box);
    else if (!root) markPage();
  }

  // This file runs before the index that search.html loads after it (both deferred):
  // start once the document, and so every deferred script, is done.
  if (document.readyState === 'complete') init();
  else document.addEventListener('DOMContentLoaded', init);
})(typeof window !== 'undefined' ? window : globalThis);
