// Client-side search over the index in search-index.js: IDs, names and the
// first part of statements and definitions. Works from the file system.
(function () {
  "use strict";
  var index = window.FIBF_SEARCH || [];
  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var LIMIT = 100;

  function score(entry, terms) {
    var id = entry.id.toLowerCase();
    var name = entry.n.toLowerCase();
    var text = entry.t.toLowerCase();
    var total = 0;
    for (var i = 0; i < terms.length; i++) {
      var t = terms[i];
      if (id === t) { total += 100; }
      else if (id.indexOf(t) === 0) { total += 50; }
      else if (id.indexOf(t) >= 0) { total += 20; }
      else if (name.indexOf(t) >= 0) { total += 10; }
      else if (text.indexOf(t) >= 0) { total += 1; }
      else { return 0; }
    }
    return total;
  }

  function run(query) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    var terms = query.toLowerCase().split(/\s+/).filter(function (t) { return t.length > 0; });
    if (terms.length === 0) { status.textContent = ""; return; }
    var hits = [];
    for (var i = 0; i < index.length; i++) {
      var s = score(index[i], terms);
      if (s > 0) { hits.push([s, i]); }
    }
    hits.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    var shown = hits.slice(0, LIMIT);
    status.textContent = hits.length === 0 ? "No results for “" + query + "”." :
      hits.length + (hits.length === 1 ? " result" : " results") +
      (hits.length > LIMIT ? ", the first " + LIMIT + " shown." : ".");
    shown.forEach(function (hit) {
      var e = index[hit[1]];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e.u;
      a.textContent = e.id + (e.n ? " " + e.n : "");
      li.appendChild(a);
      var what = document.createElement("span");
      what.className = "what";
      what.textContent = " (" + e.k + ")";
      li.appendChild(what);
      if (e.t) {
        var p = document.createElement("p");
        p.textContent = e.t;
        li.appendChild(p);
      }
      list.appendChild(li);
    });
  }

  var params = new URLSearchParams(window.location.search);
  var initial = params.get("q") || "";
  input.value = initial;
  run(initial);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run(input.value);
    try {
      var url = new URL(window.location.href);
      url.searchParams.set("q", input.value);
      window.history.replaceState(null, "", url.toString());
    } catch (e) {
      // Some browsers refuse history changes for pages on the file system.
    }
  });
})();
