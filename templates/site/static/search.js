/* diffreport site search over the sharded index in search/ (see diffreport/site/search.py).
   A query loads search/meta.js, the shard of each of its words, and the data of the reports it shows:
   script elements, not fetch, so it works from file://. Results are built with textContent only. */
(function () {
  "use strict";
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var root = (list && list.getAttribute("data-root")) || "";
  var LIMIT = 20, SECTIONS = 5, SNIPPET = 160;
  var CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af";
  var TOKEN = new RegExp("[" + CJK + "]+|[0-9a-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]+", "g");
  var loaded = {}, waiting = {};

  window.DIFFREPORT_SEARCH_LOAD = function (name, data) {
    loaded[name] = data;
    (waiting[name] || []).forEach(function (done) { done(data); });
    delete waiting[name];
  };

  function load(name) {
    return new Promise(function (resolve, reject) {
      if (Object.prototype.hasOwnProperty.call(loaded, name)) { resolve(loaded[name]); return; }
      if (waiting[name]) { waiting[name].push(resolve); return; }
      waiting[name] = [resolve];
      var script = document.createElement("script");
      script.src = root + "search/" + name + ".js";
      script.onerror = function () { delete waiting[name]; reject(new Error("cannot load " + script.src)); };
      document.head.appendChild(script);
    });
  }

  /* As diffreport.site.search.query_tokens: [token, prefix?] per token. */
  function queryTokens(query) {
    var found = [];
    var runs = query.normalize("NFKC").toLowerCase().match(TOKEN) || [];
    runs.forEach(function (run) {
      if (run.charAt(0) > "\u3000") {
        if (run.length === 1) { found.push([run, false]); }
        for (var i = 0; i + 1 < run.length; i += 2) { found.push([run.slice(i, i + 2), false]); }
        if (run.length > 1 && run.length % 2) { found.push([run.slice(-2), false]); }
      } else if (run.length >= 2) {
        found.push([run.slice(0, 32), run.length > 2]);
      }
    });
    return found;
  }

  function shardOf(token, shards) {
    var key = token.charAt(0) > "\u3000" ? token : token.slice(0, 3);
    var h = 0x811c9dc5;
    for (var i = 0; i < key.length; i++) { h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0; }
    return h % shards;
  }

  function ids(gaps) {
    var out = [], at = 0;
    for (var i = 0; i < gaps.length; i++) { at += gaps[i]; out.push(at); }
    return out;
  }

  function matches(table, token) {
    var found = {};
    if (!token[1]) {
      (table[token[0]] ? ids(table[token[0]]) : []).forEach(function (d) { found[d] = true; });
      return found;
    }
    Object.keys(table).forEach(function (key) {
      if (key.lastIndexOf(token[0], 0) === 0) { ids(table[key]).forEach(function (d) { found[d] = true; }); }
    });
    return found;
  }

  function search(meta, terms) {
    return Promise.all(terms.map(function (t) { return load("s" + shardOf(t[0], meta.shards)); }))
      .then(function (tables) {
        var hits = null;
        terms.forEach(function (t, i) {
          var found = matches(tables[i], t);
          if (hits === null) { hits = found; return; }
          Object.keys(hits).forEach(function (d) { if (!found[d]) { delete hits[d]; } });
        });
        /* section ids -> {report number: [section numbers]}, newest (highest number) first */
        var starts = [], total = 0;
        meta.counts.forEach(function (n) { starts.push(total); total += n; });
        var reports = {}, order = [];
        Object.keys(hits || {}).map(Number).sort(function (a, b) { return a - b; }).forEach(function (d) {
          var lo = 0, hi = starts.length - 1;
          while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (starts[mid] <= d) { lo = mid; } else { hi = mid - 1; } }
          if (!reports[lo]) { reports[lo] = []; order.push(lo); }
          reports[lo].push(d - starts[lo]);
        });
        order.reverse();
        return { order: order, reports: reports };
      });
  }

  function snippetInto(p, text, terms) {
    var lower = text.toLowerCase(), at = -1, len = 0;
    for (var i = 0; i < terms.length && at < 0; i++) { at = lower.indexOf(terms[i]); len = terms[i].length; }
    if (at < 0) { p.textContent = text + (text.length >= SNIPPET ? "…" : ""); return; }
    p.appendChild(document.createTextNode(text.slice(0, at)));
    var mark = document.createElement("mark");
    mark.textContent = text.slice(at, at + len);
    p.appendChild(mark);
    p.appendChild(document.createTextNode(text.slice(at + len) + (text.length >= SNIPPET ? "…" : "")));
  }

  function show(found, data, words) {
    found.order.slice(0, LIMIT).forEach(function (n, k) {
      var r = data[k], sections = found.reports[n];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + r[0];
      a.textContent = r[1];
      li.appendChild(a);
      var own = sections[0] === 0 ? r[2][0] : null;
      if (own) {
        var p = document.createElement("p");
        p.className = "snippet";
        snippetInto(p, own[2], words);
        li.appendChild(p);
      }
      var files = sections.filter(function (s) { return s > 0 && r[2][s]; });
      if (files.length) {
        var ul = document.createElement("ul");
        ul.className = "result-files";
        files.slice(0, SECTIONS).forEach(function (s) {
          var part = r[2][s];
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = root + r[0] + "#" + encodeURIComponent(part[0]);
          link.textContent = part[1];
          var p = document.createElement("p");
          p.className = "snippet";
          snippetInto(p, part[2], words);
          item.appendChild(link);
          item.appendChild(p);
          ul.appendChild(item);
        });
        if (files.length > SECTIONS) {
          var more = document.createElement("li");
          more.className = "muted";
          more.textContent = "+" + (files.length - SECTIONS) + " …";
          ul.appendChild(more);
        }
        li.appendChild(ul);
      }
      list.appendChild(li);
    });
  }

  var current = 0;
  function run(query) {
    var ticket = ++current;
    var terms = queryTokens(query);
    list.textContent = "";
    if (!terms.length) { status.textContent = ""; return; }
    var words = query.normalize("NFKC").toLowerCase().split(/\s+/).filter(Boolean);
    load("meta").then(function (meta) {
      return search(meta, terms);
    }).then(function (found) {
      return Promise.all(found.order.slice(0, LIMIT).map(function (n) { return load("r" + n); }))
        .then(function (data) { return [found, data]; });
    }).then(function (both) {
      if (ticket !== current) { return; }
      var n = both[0].order.length;
      var count = n === 1 ? status.getAttribute("data-one") : status.getAttribute("data-some").replace("{n}", n);
      status.textContent = n
        ? count + (n > LIMIT ? " " + status.getAttribute("data-more").replace("{n}", LIMIT) : "")
        : status.getAttribute("data-none");
      show(both[0], both[1], words);
    }).catch(function (err) {
      if (ticket === current) { status.textContent = String(err.message || err); }
    });
  }

  var params = new URLSearchParams(location.search);
  var q = params.get("q") || "";
  if (input) {
    input.value = q;
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        run(input.value);
        if (history.replaceState) {
          try { history.replaceState(null, "", "?q=" + encodeURIComponent(input.value)); } catch (err) { /* file:// */ }
        }
      }, 150);
    });
    input.form.addEventListener("submit", function (ev) { ev.preventDefault(); run(input.value); });
  }
  run(q);
})();
