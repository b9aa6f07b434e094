/* diffreport site search: substring match of every word over the index in search-index.js.
   Works from file:// (the index is a script, not a fetch). Results are built with textContent only. */
(function () {
  "use strict";
  var index = window.DIFFREPORT_SEARCH || [];
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var LIMIT = 100;
  var lowered = index.map(function (e) {
    return (e[1] + " " + e[3] + " " + e[4] + " " + e[5]).toLowerCase();
  });

  function snippet(entry, term) {
    var text = entry[4] + " " + entry[5];
    var at = term ? text.toLowerCase().indexOf(term) : -1;
    if (at < 0) { return { before: text.slice(0, 200), hit: "", after: "" }; }
    var start = Math.max(0, at - 80);
    return {
      before: (start > 0 ? "…" : "") + text.slice(start, at),
      hit: text.slice(at, at + term.length),
      after: text.slice(at + term.length, at + term.length + 140) + "…"
    };
  }

  function run(query) {
    var terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!terms.length) { status.textContent = ""; return; }
    var found = [];
    for (var i = 0; i < index.length; i++) {
      var hay = lowered[i];
      if (terms.every(function (t) { return hay.indexOf(t) >= 0; })) { found.push(i); }
    }
    var count = found.length === 1 ? status.getAttribute("data-one")
      : status.getAttribute("data-some").replace("{n}", found.length);
    status.textContent = found.length
      ? count +
        (found.length > LIMIT ? " " + status.getAttribute("data-more").replace("{n}", LIMIT) : "")
      : status.getAttribute("data-none");
    found.slice(0, LIMIT).forEach(function (i) {
      var e = index[i];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e[0];
      a.textContent = e[1];
      var meta = document.createElement("span");
      meta.className = "muted";
      meta.textContent = " · " + e[2] + " · " + e[3];
      var p = document.createElement("p");
      p.className = "snippet";
      var s = snippet(e, terms[0]);
      p.appendChild(document.createTextNode(s.before));
      if (s.hit) {
        var mark = document.createElement("mark");
        mark.textContent = s.hit;
        p.appendChild(mark);
        p.appendChild(document.createTextNode(s.after));
      }
      li.appendChild(a);
      li.appendChild(meta);
      li.appendChild(p);
      list.appendChild(li);
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
      }, 120);
    });
    input.form.addEventListener("submit", function (ev) { ev.preventDefault(); run(input.value); });
  }
  run(q);
})();
