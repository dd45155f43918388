// Offline search over the index built with the site (assets/search-index.js).
// Results are made with createElement/textContent only: nothing from the index is parsed as HTML.
(function () {
  "use strict";
  var index = window.ANNUAL_REPORT_SEARCH || [];
  var params = new URLSearchParams(window.location.search);
  var query = (params.get("q") || "").trim();
  var box = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (box) { box.value = query; }
  if (!query || !status || !list) { return; }
  var terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  var hits = index.filter(function (e) {
    var hay = [e.t, e.b, e.l, String(e.y || ""), String(e.y || "") + "年", e.x].join(" ").toLowerCase();
    return terms.every(function (t) { return hay.indexOf(t) !== -1; });
  });
  hits.sort(function (a, b) { return (b.y || 0) - (a.y || 0) || a.b.localeCompare(b.b, "zh"); });
  status.textContent = "“" + query + "”：找到 " + hits.length + " 份报告" + (hits.length > 100 ? "，显示前 100 份" : "");
  hits.slice(0, 100).forEach(function (e) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = e.u;
    a.textContent = e.t;
    li.appendChild(a);
    var meta = document.createElement("span");
    meta.className = "level";
    meta.textContent = " " + e.b + (e.l ? "（" + e.l + "）" : "") + " " + (e.y ? e.y + "年度" : "");
    li.appendChild(meta);
    list.appendChild(li);
  });
})();
