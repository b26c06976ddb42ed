// Runs layouts/assets/search.js in node for js_test.go, as the browser would: the index
// file, then search.js, in one global scope without a document.
// Usage: node run.js <search.js> <input.json>; prints the answers as JSON.
'use strict';
const fs = require('fs');
const vm = require('vm');

const [searchJS, inputFile] = process.argv.slice(2);
const input = JSON.parse(fs.readFileSync(inputFile, 'utf8'));
const out = { tokens: [], queries: [] };
const engines = {};
for (const [lang, file] of Object.entries(input.indexes)) {
  const ctx = vm.createContext({});
  ctx.window = ctx;
  vm.runInContext(fs.readFileSync(file, 'utf8'), ctx, { filename: file });
  vm.runInContext(fs.readFileSync(searchJS, 'utf8'), ctx, { filename: searchJS });
  engines[lang] = ctx.SurveySearch.load(ctx.SURVEY_SEARCH);
  out.api = out.api || ctx.SurveySearch;
}
const api = out.api;
delete out.api;
for (const s of input.strings || []) out.tokens.push(api.tokens(s));
for (const { lang, q } of input.queries || []) {
  const ix = engines[lang];
  const r = ix.search(q);
  const snippets = r.results.map((h) => ix.snippet(h.record, r.query));
  out.queries.push({
    urls: r.results.map((h) => h.record.url),
    marks: r.results.map((h, i) => snippets[i].segs.filter((s) => s.mark).map((s) => s.text)
      .concat(ix.marked(h.record.title, r.query).filter((s) => s.mark).map((s) => 'title:' + s.text))),
    labels: snippets.map((s) => s.label),
    snippets: snippets.map((s) => s.segs.map((x) => x.text).join('')),
  });
}
// Pages opened from a result: the text each query marks in a page's pieces of text.
out.pages = (input.pages || []).map(({ q, texts }) => {
  const ranges = api.pageRanges(texts, api.parse(q));
  return texts.map((t, i) => ranges[i].map((r) => t.slice(r[0], r[1])));
});
out.links = (input.links || []).map(([url, q]) => api.withQuery(url, q));
process.stdout.write(JSON.stringify(out));
