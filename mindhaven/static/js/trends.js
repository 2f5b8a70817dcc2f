// Trends (and the weekly report's emotion bars): Chart.js charts drawn from the #trends-data JSON block.
// CSP-safe: no inline script; the page reads without JavaScript, the charts only add to it.
"use strict";
(() => {
  // Bar widths come from data-value: the CSP forbids style attributes in the HTML, not styles set by script.
  for (const bar of document.querySelectorAll(".live-bar[data-value]")) {
    const fill = bar.querySelector(".live-bar-fill");
    if (fill) fill.style.width = `${Number(bar.dataset.value) || 0}%`;
  }

  const source = document.getElementById("trends-data");
  if (!source || typeof window.Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const css = getComputedStyle(document.documentElement);
  const colour = (name, fallback) => css.getPropertyValue(`--${name}`).trim() || fallback;
  const accent = colour("primary", "#2f6f62");
  const muted = colour("muted", "#5a6465");
  const capital = (label) => label.charAt(0).toUpperCase() + label.slice(1);

  const chart = (id, config) => {
    const canvas = document.getElementById(id);
    if (canvas) new window.Chart(canvas, { ...config, options: { maintainAspectRatio: false, ...config.options } });
  };

  const line = (points, key) => ({
    labels: points.map((p) => p.day),
    datasets: [{ data: points.map((p) => p[key]), borderColor: accent, backgroundColor: accent, tension: 0.2, pointRadius: 3 }],
  });

  // Severity bands as dashed horizontal lines with their names.
  const bandsPlugin = (bands) => ({
    id: "bands",
    afterDatasetsDraw(c) {
      const { ctx, chartArea, scales } = c;
      ctx.save();
      ctx.strokeStyle = muted;
      ctx.fillStyle = muted;
      ctx.setLineDash([4, 4]);
      ctx.font = "11px sans-serif";
      for (const band of bands) {
        const y = scales.y.getPixelForValue(band.from);
        if (band.from > 0) {
          ctx.beginPath();
          ctx.moveTo(chartArea.left, y);
          ctx.lineTo(chartArea.right, y);
          ctx.stroke();
        }
        ctx.fillText(band.band, chartArea.left + 4, y - 3);
      }
      ctx.restore();
    },
  });

  const noLegend = { legend: { display: false } };
  chart("chart-mood", {
    type: "line", data: line(data.mood, "mood"),
    options: { plugins: noLegend, scales: { y: { min: 0, max: 10, title: { display: true, text: "Mood" } } } },
  });
  for (const kind of ["phq9", "gad7"]) {
    chart(`chart-${kind}`, {
      type: "line", data: line(data[kind], "score"), plugins: [bandsPlugin(data.bands[kind])],
      options: { plugins: noLegend, scales: { y: { min: 0, max: data.max_score[kind], title: { display: true, text: "Score" } } } },
    });
  }
  chart("chart-sentiment", {
    type: "line", data: line(data.sentiment, "sentiment"),
    options: { plugins: noLegend, scales: { y: { min: -1, max: 1, title: { display: true, text: "Tone" } } } },
  });
  chart("chart-emotions", {
    type: "bar",
    data: {
      labels: data.sessions.map((s) => s.day),
      datasets: data.labels.map((label) => ({
        label: capital(label),
        data: data.sessions.map((s) => Math.round((s.shares[label] || 0) * 1000) / 10),
        backgroundColor: colour(`emotion-${label}`, "#7b8a87"),
      })),
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, min: 0, max: 100, title: { display: true, text: "% of the session" } } } },
  });
  const attendance = [["completed", "Attended", accent], ["cancelled", "Cancelled", "#e69f00"], ["no_show", "Missed", "#d55e00"]];
  chart("chart-attendance", {
    type: "bar",
    data: {
      labels: data.attendance.map((w) => `Week of ${w.week}`),
      datasets: attendance.map(([key, label, fill]) => ({ label, data: data.attendance.map((w) => w[key]), backgroundColor: fill })),
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
  });
})();
