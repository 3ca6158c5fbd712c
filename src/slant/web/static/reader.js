// slant reader: technique toggles, hover names, inline labels, click details, quote jumps,
// sortable corpus table. Reads data only from data-* attributes and writes only
// textContent (article text is untrusted).
"use strict";

function marksOf(tech) {
  return document.querySelectorAll('mark.t[data-tech="' + CSS.escape(tech) + '"]');
}

function setTechnique(tech, on) {
  marksOf(tech).forEach(function (m) { m.classList.toggle("off", !on); });
}

function definitionOf(tech) {
  var el = document.querySelector('.legend .def[data-tech="' + CSS.escape(tech) + '"]');
  return el ? el.textContent : "";
}

function categoryOf(tech) {
  var box = document.querySelector('.legend .tog[data-tech="' + CSS.escape(tech) + '"]');
  var cat = box ? box.closest(".cat") : null;
  var h = cat ? cat.querySelector("h3") : null;
  return h ? h.textContent : "";
}

function activeMarks(target) {
  // the highlights shown at this point of the text, innermost first
  var marks = [];
  for (var el = target; el && el.id !== "article-body"; el = el.parentElement) {
    if (el.matches("mark.t") && !el.classList.contains("off")) { marks.push(el); }
  }
  return marks;
}

function showTip(e) {
  // every technique under the pointer, at once (the title tooltip shows only the innermost)
  var tip = document.getElementById("tip");
  var marks = activeMarks(e.target);
  if (!marks.length) { tip.hidden = true; return; }
  tip.replaceChildren();
  marks.forEach(function (m, i) {
    if (i) { tip.appendChild(document.createElement("br")); }
    var name = document.createElement("span");
    name.className = "tech";
    name.textContent = m.getAttribute("data-tech");
    tip.appendChild(name);
    tip.appendChild(document.createTextNode(" · " + m.getAttribute("data-score")));
  });
  tip.hidden = false;
  var x = Math.min(e.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
  var y = e.clientY + 18;
  if (y + tip.offsetHeight > window.innerHeight - 4) { y = e.clientY - tip.offsetHeight - 10; }
  tip.style.left = Math.max(4, x) + "px";  // CSSOM: allowed by the CSP (no inline style)
  tip.style.top = y + "px";
}

function setMinScore(v) {
  // spans scoring under the threshold lose their highlight (like a technique toggled off)
  document.querySelectorAll("mark.t").forEach(function (m) {
    m.classList.toggle("low", parseFloat(m.getAttribute("data-score")) < v);
  });
  var out = document.getElementById("min-score-value");
  if (out) { out.textContent = v.toFixed(2); }
  try { window.localStorage.setItem("slant.minScore", String(v)); } catch (err) { /* private mode */ }
}

function setInlineLabels(on) {
  var body = document.getElementById("article-body");
  if (body) { body.classList.toggle("labels", on); }
  try { window.localStorage.setItem("slant.inlineLabels", on ? "1" : ""); } catch (err) { /* private mode */ }
}

function sortTable(table, th) {
  // sorts the rows of this page by one column: numbers as numbers, text A to Z
  var col = Array.prototype.indexOf.call(th.parentElement.children, th);
  var numeric = th.getAttribute("data-type") === "number";
  var now = th.getAttribute("aria-sort");
  // a second click reverses; counts start most first, text A to Z
  var dir = now === "ascending" ? -1 : now === "descending" ? 1 : numeric ? -1 : 1;
  table.querySelectorAll("th[aria-sort]").forEach(function (h) { h.removeAttribute("aria-sort"); });
  th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  function key(row) {
    var cell = row.cells[col];
    var v = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    return numeric ? (v === "" ? -Infinity : Number(v)) : v.toLowerCase();
  }
  rows.sort(function (a, b) {
    var ka = key(a), kb = key(b);
    if (ka < kb) { return -dir; }
    if (ka > kb) { return dir; }
    return Number(a.getAttribute("data-order")) - Number(b.getAttribute("data-order"));
  });
  rows.forEach(function (row) { body.appendChild(row); });
}

function showDetail(target) {
  var detail = document.getElementById("detail");
  document.querySelectorAll("mark.t.sel").forEach(function (m) { m.classList.remove("sel"); });
  var marks = activeMarks(target);
  detail.replaceChildren();
  if (!marks.length) { detail.hidden = true; return; }
  marks.forEach(function (m) {
    var tech = m.getAttribute("data-tech");
    var span = m.getAttribute("data-span");
    document.querySelectorAll('mark.t[data-span="' + CSS.escape(span) + '"]').forEach(function (x) {
      x.classList.add("sel");
    });
    var p = document.createElement("p");
    var name = document.createElement("span");
    name.className = "tech";
    name.setAttribute("data-tech", tech);
    name.textContent = tech;
    p.appendChild(name);
    p.appendChild(document.createTextNode(
      " · " + categoryOf(tech) + " · score " + m.getAttribute("data-score") + " — " + definitionOf(tech)
    ));
    detail.appendChild(p);
  });
  detail.hidden = false;
}

function flashQuote(index) {
  var parts = document.querySelectorAll('.qt[data-quote="' + CSS.escape(index) + '"]');
  parts.forEach(function (q) { q.classList.add("flash"); });
  window.setTimeout(function () {
    parts.forEach(function (q) { q.classList.remove("flash"); });
  }, 1600);
}

window.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".legend .tog").forEach(function (box) {
    box.addEventListener("change", function () {
      setTechnique(box.getAttribute("data-tech"), box.checked);
    });
  });
  function all(on) {
    document.querySelectorAll(".legend .tog").forEach(function (box) {
      box.checked = on;
      setTechnique(box.getAttribute("data-tech"), on);
    });
  }
  var slider = document.getElementById("min-score");
  if (slider) {
    // ?min_score= in the address wins over the last value used
    var given = new URLSearchParams(window.location.search).get("min_score");
    var kept = null;
    try { kept = window.localStorage.getItem("slant.minScore"); } catch (err) { /* private mode */ }
    var start = parseFloat(given !== null ? given : kept || "0") || 0;
    slider.value = String(start);
    setMinScore(parseFloat(slider.value));
    slider.addEventListener("input", function () { setMinScore(parseFloat(slider.value)); });
  }
  var on = document.getElementById("all-on");
  var off = document.getElementById("all-off");
  if (on) { on.addEventListener("click", function () { all(true); }); }
  if (off) { off.addEventListener("click", function () { all(false); }); }
  var body = document.getElementById("article-body");
  if (body) {
    body.addEventListener("click", function (e) { showDetail(e.target); });
    body.addEventListener("mousemove", showTip);
    body.addEventListener("mouseleave", function () { document.getElementById("tip").hidden = true; });
  }
  var labels = document.getElementById("inline-labels");
  if (labels) {
    var saved = "";
    try { saved = window.localStorage.getItem("slant.inlineLabels") || ""; } catch (err) { /* private mode */ }
    labels.checked = saved === "1";
    setInlineLabels(labels.checked);
    labels.addEventListener("change", function () { setInlineLabels(labels.checked); });
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row, i) {
      row.setAttribute("data-order", String(i));
    });
    table.querySelectorAll("th button.sort").forEach(function (button) {
      button.addEventListener("click", function () { sortTable(table, button.parentElement); });
    });
  });
  // the cast panel: a name highlights its role mentions in the text (click again: off)
  document.querySelectorAll("a.clink").forEach(function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      var index = a.getAttribute("data-cast");
      var on = !a.classList.contains("on");
      document.querySelectorAll("a.clink.on").forEach(function (x) { x.classList.remove("on"); });
      document.querySelectorAll(".cm.hit").forEach(function (x) { x.classList.remove("hit"); });
      if (!on) { return; }
      a.classList.add("on");
      var hits = document.querySelectorAll('.cm[data-cast="' + CSS.escape(index) + '"]');
      hits.forEach(function (x) { x.classList.add("hit"); });
      if (hits.length) { hits[0].scrollIntoView({block: "center", behavior: "smooth"}); }
    });
  });
  // the narratives panel: an item highlights its evidence paragraphs (click again: off)
  document.querySelectorAll("a.nlink").forEach(function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      var on = !a.classList.contains("on");
      document.querySelectorAll("a.nlink.on").forEach(function (x) { x.classList.remove("on"); });
      document.querySelectorAll("p.para.nhit").forEach(function (x) { x.classList.remove("nhit"); });
      if (!on) { return; }
      a.classList.add("on");
      var first = null;
      (a.getAttribute("data-lines") || "").split(" ").forEach(function (line) {
        if (!line) { return; }
        var p = document.querySelector('p.para[data-line="' + CSS.escape(line) + '"]');
        if (p) { p.classList.add("nhit"); first = first || p; }
      });
      if (first) { first.scrollIntoView({block: "center", behavior: "smooth"}); }
    });
  });
  document.querySelectorAll("a.qlink").forEach(function (a) {
    a.addEventListener("click", function () { flashQuote(a.getAttribute("data-quote")); });
  });
  // speech is shown by default; thoughts, intentions and other attributions on a toggle
  document.querySelectorAll("ol.quotes li.nonspeech").forEach(function (li) {
    var sel = '.qt[data-quote="' + CSS.escape(li.getAttribute("data-quote")) + '"]';
    document.querySelectorAll(sel).forEach(function (q) { q.classList.add("nonspeech"); });
  });
  var others = document.getElementById("show-nonspeech");
  if (others) {
    others.addEventListener("change", function () {
      document.body.classList.toggle("show-nonspeech", others.checked);
    });
  }
});
