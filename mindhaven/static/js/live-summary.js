// The therapist's session summary: widths of the distribution bars, and the timeline of the per-second
// emotion estimates (Chart.js) with the marked moments as vertical lines. Data: #summary-data (JSON block).
"use strict";
(() => {
  // Bar widths come from data-value: the CSP forbids style attributes in the HTML, not styles set by script.
  for (const bar of document.querySelectorAll(".live-bar[data-value]")) {
    bar.querySelector(".live-bar-fill").style.width = `${Number(bar.dataset.value) || 0}%`;
  }

  const source = document.getElementById("summary-data");
  const canvas = document.getElementById("summary-timeline");
  if (!source || !canvas || typeof window.Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const LABELS = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"]; // FER2013 order
  const css = getComputedStyle(document.documentElement);
  const colour = (name) => css.getPropertyValue(`--emotion-${name}`).trim() || "#4a5657";
  const capital = (label) => label.charAt(0).toUpperCase() + label.slice(1);
  const clock = (seconds) => {
    const s = Math.round(seconds);
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  };

  // x in minutes since the start; a second without a face is a gap, not a zero.
  const hasFace = (point) => point.face > 0 && point.probabilities;
  const datasets = LABELS.map((label) => ({
    label: capital(label),
    data: data.timeline.map((point) => ({
      x: point.t / 60,
      y: hasFace(point) ? Math.round((point.probabilities[label] || 0) * 1000) / 10 : null,
    })),
    borderColor: colour(label), backgroundColor: colour(label), borderWidth: 1.5, pointRadius: 0, tension: 0.2,
  }));
  datasets.push({
    label: "Face in view",
    data: data.timeline.map((point) => ({ x: point.t / 60, y: Math.round((point.face || 0) * 100) })),
    borderColor: colour("face"), backgroundColor: colour("face"), borderDash: [4, 4], borderWidth: 1,
    pointRadius: 0, hidden: true, // one click on the legend shows it
  });

  // Marked moments: a thin vertical line at each, drawn under the tooltip.
  const marksPlugin = {
    id: "marks",
    afterDatasetsDraw(chart) {
      const { ctx, chartArea, scales } = chart;
      ctx.save();
      ctx.strokeStyle = colour("mark");
      ctx.lineWidth = 2;
      for (const mark of data.marks || []) {
        const x = scales.x.getPixelForValue(mark.at_seconds / 60);
        if (x < chartArea.left || x > chartArea.right) continue;
        ctx.beginPath();
        ctx.moveTo(x, chartArea.top);
        ctx.lineTo(x, chartArea.bottom);
        ctx.stroke();
      }
      ctx.restore();
    },
  };

  const lastMinute = Math.max(data.duration_seconds || 0, ...data.timeline.map((p) => p.t)) / 60;
  new window.Chart(canvas, {
    type: "line",
    data: { datasets },
    plugins: [marksPlugin],
    options: {
      animation: false, responsive: true, maintainAspectRatio: false, parsing: false, normalized: true,
      interaction: { mode: "nearest", axis: "x", intersect: false },
      scales: {
        x: {
          type: "linear", min: 0, max: Math.max(1, Math.ceil(lastMinute)),
          title: { display: true, text: "Minutes since the start" },
        },
        y: { min: 0, max: 100, ticks: { stepSize: 25, callback: (v) => `${v} %` } },
      },
      plugins: {
        legend: { position: "bottom", labels: { boxWidth: 12 } },
        tooltip: { callbacks: { title: (items) => clock(items[0].parsed.x * 60) } },
      },
    },
  });
})();
