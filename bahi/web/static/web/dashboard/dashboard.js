/* Draws the dashboard's revenue and expenses chart (Chart.js, vendored) from the JSON block the
   page carries (#revenue-chart-data): no inline script, so the strict CSP holds. The two series
   differ in pattern as well as colour (solid against hatched) and the legend names them, so the
   chart reads without colour; the table beside it holds the same figures. */
(function () {
  "use strict";

  var rupees = new Intl.NumberFormat("en-IN", {
    style: "currency",
    currency: "INR",
    maximumFractionDigits: 0,
  });

  function hatch(colour) {
    // Diagonal stripes on white: a pattern a colour-blind reader (or a printer) tells apart.
    var tile = document.createElement("canvas");
    tile.width = 8;
    tile.height = 8;
    var pen = tile.getContext("2d");
    pen.fillStyle = "#ffffff";
    pen.fillRect(0, 0, 8, 8);
    pen.strokeStyle = colour;
    pen.lineWidth = 2;
    pen.beginPath();
    pen.moveTo(0, 8);
    pen.lineTo(8, 0);
    pen.moveTo(-2, 2);
    pen.lineTo(2, -2);
    pen.moveTo(6, 10);
    pen.lineTo(10, 6);
    pen.stroke();
    return pen.createPattern(tile, "repeat");
  }

  var STYLES = {
    revenue: function () {
      return { backgroundColor: "#0f5d5e", borderColor: "#0f5d5e" };
    },
    expenses: function () {
      return { backgroundColor: hatch("#b3541e"), borderColor: "#b3541e" };
    },
  };

  function datasets(series) {
    return series.map(function (item) {
      var style = STYLES[item.key] ? STYLES[item.key]() : {};
      return {
        label: item.label,
        data: item.values.map(function (paise) { return paise / 100; }),
        backgroundColor: style.backgroundColor,
        borderColor: style.borderColor,
        borderWidth: 1.5,
      };
    });
  }

  function draw() {
    var canvas = document.getElementById("revenue-chart");
    var source = document.getElementById("revenue-chart-data");
    if (!canvas || !source || typeof window.Chart === "undefined") {
      return; // the table stays open: the figures are still there
    }
    var data = JSON.parse(source.textContent);
    var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: datasets(data.series) },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: still ? false : { duration: 300 },
        plugins: {
          legend: { position: "top" },
          tooltip: {
            callbacks: {
              label: function (context) {
                return context.dataset.label + ": " + rupees.format(context.parsed.y);
              },
            },
          },
        },
        scales: {
          y: {
            beginAtZero: true,
            ticks: { callback: function (value) { return rupees.format(value); } },
          },
        },
      },
    });
    canvas.setAttribute("data-drawn", "true");
    var table = document.getElementById("revenue-table");
    if (table) {
      table.removeAttribute("open");
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
