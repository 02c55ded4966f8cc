// Draws every Plotly chart on the page from its json_script data, keeps
// slider/number pairs in step, and redraws after htmx swaps. No inline
// scripts anywhere, so a strict Content-Security-Policy stays possible.
(function () {
  "use strict";

  var PLOT_CONFIG = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["lasso2d", "select2d"] };

  function drawCharts(root) {
    if (typeof window.Plotly === "undefined") return;
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      var source = document.getElementById(el.dataset.chart);
      if (!source) return;
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

  function onReady() {
    drawCharts(document);
    syncSliders(document);
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
