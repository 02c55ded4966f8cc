// Draws every Plotly chart on the page from its json_script data, keeps
// slider/number pairs in step, and redraws after htmx swaps. No inline
// scripts anywhere, so a strict Content-Security-Policy stays possible.
(function () {
  "use strict";

  // On a touch screen Plotly's toolbar never hides and sits over the title: leave it out there.
  var TOUCH = window.matchMedia && window.matchMedia("(hover: none)").matches;
  var PLOT_CONFIG = {
    responsive: true, displaylogo: false, modeBarButtonsToRemove: ["lasso2d", "select2d"],
    displayModeBar: TOUCH ? false : "hover"
  };

  function drawChart(el) {
    var source = document.getElementById(el.dataset.chart);
    if (!source) return;
    // A chart kept across a swap (hx-preserve) is redrawn only if its data
    // changed: dragging a share leaves the volume chart as it was.
    if (el.drawnFrom === source.textContent) return;
    el.drawnFrom = source.textContent;
    var figure = JSON.parse(source.textContent);
    window.Plotly.react(el, figure.data, figure.layout, PLOT_CONFIG);
    el.dataset.drawn = "true";
    if (el.dataset.clickTemplate && !el.dataset.clickBound) {
      // A heatmap cell opens the editor with that cell's two values.
      el.dataset.clickBound = "true";
      el.on("plotly_click", function (data) {
        var point = data.points[0];
        if (!point || point.data.type !== "heatmap") return;
        window.location.href = el.dataset.clickTemplate
          .replace("{x}", encodeURIComponent(point.x))
          .replace("{y}", encodeURIComponent(point.y));
      });
    }
  }

  // A drawn chart out of view is redrawn when it comes into view, not on every
  // preview answer: while a slider is dragged only the charts on screen cost
  // the page's time, so the next input and answer are not kept waiting.
  var offScreen = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      offScreen.unobserve(entry.target);
      drawChart(entry.target);
    });
  }) : null;

  function inView(el) {
    var box = el.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight;
  }

  // Each chart is drawn in a task of its own: Plotly takes 10-30 ms a chart, and
  // an input that arrives while an answer's charts are drawn (a drag) is handled
  // between two of them rather than after all. A chart already waiting is drawn
  // once, from the newest data.
  var waiting = new Set();
  function drawSoon(el) {
    if (waiting.has(el)) return;
    waiting.add(el);
    setTimeout(function () {
      waiting.delete(el);
      drawChart(el);
    }, 0);
  }

  function drawCharts(root) {
    if (typeof window.Plotly === "undefined") return;
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      if (offScreen && el.drawnFrom && !inView(el)) offScreen.observe(el);
      else drawSoon(el);
    });
  }

  function syncSliders(root) {
    root.querySelectorAll("input[type=range][data-sync]").forEach(function (slider) {
      var number = document.getElementById(slider.dataset.sync);
      if (!number || slider.dataset.bound) return;
      slider.dataset.bound = "true";
      slider.addEventListener("input", function () {
        number.value = slider.value;
        number.dispatchEvent(new Event("input", { bubbles: true }));
      });
      number.addEventListener("input", function () {
        if (number.value !== "" && !isNaN(Number(number.value))) slider.value = number.value;
      });
    });
  }

  // A live preview (form[data-live-preview]) asks for an answer at most once
  // every that many milliseconds while the user types or drags: the first
  // input at once, then one per interval, and always the last, so the numbers
  // keep up during a drag and end on what the form holds. The form's
  // hx-sync="this:queue last" keeps one request in flight and only the newest
  // waiting, so answers arrive in order and none is older than one shown.
  function throttlePreview(root) {
    root.querySelectorAll("form[data-live-preview]").forEach(function (form) {
      if (form.dataset.previewBound) return;
      form.dataset.previewBound = "true";
      var every = Number(form.dataset.livePreview) || 100;
      var last = 0;
      var pending = null;
      function send() {
        pending = null;
        last = Date.now();
        window.htmx.trigger(form, "preview");
      }
      form.addEventListener("input", function () {
        if (pending) return;
        var wait = every - (Date.now() - last);
        if (wait <= 0) send();
        else pending = setTimeout(send, wait);
      });
    });
  }

  // Leaving a live-preview form with changes not yet saved asks first. A form
  // marked data-unsaved="true" (values from the analysis, a refused save, a
  // save that met someone else's) holds such changes from the start.
  function warnBeforeLeaving(root) {
    root.querySelectorAll("form[data-live-preview]").forEach(function (form) {
      var changed = form.dataset.unsaved === "true";
      form.addEventListener("input", function () { changed = true; });
      form.addEventListener("submit", function () { changed = false; });
      window.addEventListener("beforeunload", function (event) {
        if (!changed) return;
        event.preventDefault();
        event.returnValue = "";
      });
    });
  }

  // A button[data-copy] copies the text of the field it names; a form[data-confirm]
  // asks before it is sent.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy]");
    if (!button) return;
    var field = document.getElementById(button.dataset.copy);
    if (!field) return;
    field.select();
    var copied = function () { button.textContent = "Copied"; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(copied, function () { document.execCommand("copy"); copied(); });
    } else {
      document.execCommand("copy");
      copied();
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });

  function onReady() {
    drawCharts(document);
    syncSliders(document);
    throttlePreview(document);
    warnBeforeLeaving(document);
  }

  // Plotly loads with "defer" too; whichever arrives last draws.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onReady);
  } else {
    onReady();
  }
  window.addEventListener("load", function () { drawCharts(document); });
  // A preview answer carries errors only for the fields that have them, so
  // clear the old ones first.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.requestConfig && event.detail.requestConfig.elt.id === "editor") {
      event.detail.requestConfig.elt.querySelectorAll(".field-errors").forEach(function (box) {
        box.replaceChildren();
      });
    }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    drawCharts(event.detail.elt.parentNode || document);
  });
})();
