// slant reader: technique toggles, click details, quote jumps. Reads data only from
// data-* attributes and writes only textContent (article text is untrusted).
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

function showDetail(target) {
  var detail = document.getElementById("detail");
  document.querySelectorAll("mark.t.sel").forEach(function (m) { m.classList.remove("sel"); });
  var marks = [];
  for (var el = target; el && el.id !== "article-body"; el = el.parentElement) {
    if (el.matches("mark.t") && !el.classList.contains("off")) { marks.push(el); }
  }
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
  var on = document.getElementById("all-on");
  var off = document.getElementById("all-off");
  if (on) { on.addEventListener("click", function () { all(true); }); }
  if (off) { off.addEventListener("click", function () { all(false); }); }
  var body = document.getElementById("article-body");
  if (body) { body.addEventListener("click", function (e) { showDetail(e.target); }); }
  document.querySelectorAll("a.qlink").forEach(function (a) {
    a.addEventListener("click", function () { flashQuote(a.getAttribute("data-quote")); });
  });
});
