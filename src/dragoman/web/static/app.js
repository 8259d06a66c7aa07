// Dragoman dashboard: draws the charts, suggests actor names, polls ingest progress.
// Our own code, no framework. Data from the server is only ever put in the page as text
// (textContent, never innerHTML), so nothing an article says can become markup here.
"use strict";

function drawFigures() {
  const blocks = document.querySelectorAll("script.figure-data");
  blocks.forEach(function (block) {
    const target = document.getElementById(block.dataset.target);
    if (!target) return;
    if (typeof window.Plotly === "undefined") {
      target.textContent = "The chart library did not load; the tables below hold the same numbers.";
      return;
    }
    const spec = JSON.parse(block.textContent);
    window.Plotly.newPlot(target, spec.figure.data, spec.figure.layout, spec.config)
      .then(function () { target.dataset.drawn = "true"; });
  });
}

function suggestionItem(input, item) {
  const li = document.createElement("li");
  const link = document.createElement("a");
  const mode = input.dataset.suggest;
  link.href = mode === "fill" ? "#" : "/actor?name=" + encodeURIComponent(item.label);
  link.textContent = item.label;
  link.dataset.label = item.label;
  const count = document.createElement("span");
  count.className = "count";
  count.textContent = item.events + (item.events === 1 ? " event" : " events");
  link.appendChild(count);
  if (mode === "fill") {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      input.value = item.label;
      clearList(input);
      input.focus();
    });
  }
  li.appendChild(link);
  return li;
}

function listOf(input) {
  return document.getElementById(input.getAttribute("aria-controls"));
}

function clearList(input) {
  const list = listOf(input);
  if (list) list.replaceChildren();
}

function fetchSuggestions(input) {
  const text = input.value.trim();
  const list = listOf(input);
  if (!list) return;
  if (text.length < 2) { list.replaceChildren(); return; }
  const url = "/api/v1/actors/suggest?limit=8&q=" + encodeURIComponent(text);
  fetch(url, { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : { items: [] }; })
    .then(function (body) {
      if (input.value.trim() !== text || document.activeElement !== input) return;  // moved on
      list.replaceChildren.apply(list, body.items.map(function (item) {
        return suggestionItem(input, item);
      }));
    })
    .catch(function () { list.replaceChildren(); });
}

function setUpSuggestions() {
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    let timer = null;
    input.setAttribute("autocomplete", "off");
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { fetchSuggestions(input); }, 150);
    });
    input.addEventListener("blur", function () {
      // later, so that a click on a suggestion still lands on it
      setTimeout(function () {
        const list = listOf(input);
        if (list && !list.contains(document.activeElement)) clearList(input);
      }, 200);
    });
    input.addEventListener("keydown", function (event) {
      const list = listOf(input);
      if (event.key === "Escape") clearList(input);
      if (event.key === "ArrowDown" && list && list.querySelector("a")) {
        event.preventDefault();
        list.querySelector("a").focus();
      }
    });
  });
}

function pollIngest() {
  const panel = document.getElementById("ingest");
  if (!panel || !panel.dataset.poll) return;
  const seen = panel.dataset.events;
  fetch("/api/v1/ingest", { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (body) {
      const status = body.status || {};
      panel.querySelectorAll("[data-field]").forEach(function (field) {
        const value = status[field.dataset.field];
        field.textContent = value === null || value === undefined ? "–" : String(value);
      });
      const fresh = document.getElementById("ingest-fresh");
      if (fresh && String(status.events) !== seen) fresh.hidden = false;
    })
    .catch(function () { /* the server may be restarting; try again later */ });
}

document.addEventListener("DOMContentLoaded", function () {
  drawFigures();
  setUpSuggestions();
  document.addEventListener("click", function (event) {
    document.querySelectorAll("ul.suggestions").forEach(function (list) {
      if (!list.parentElement.contains(event.target)) list.replaceChildren();
    });
  });
  if (document.getElementById("ingest")) setInterval(pollIngest, 4000);
});
