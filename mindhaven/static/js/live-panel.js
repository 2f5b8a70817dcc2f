// Therapist only: the live emotion panel. Seven bars, the most likely emotion with its confidence, a five-minute
// timeline (Chart.js), and a clear state: waiting for the client, analysing, no face, paused by the client, off.
// Listens to the socket that live-room.js opens (DOM events live:socket, live:joined, live:ended).
"use strict";
(() => {
  const config = JSON.parse(document.getElementById("live-config").textContent);
  if (config.role !== "therapist") return;
  const $ = (id) => document.getElementById(id);
  const panel = $("emotion-panel");
  const labels = config.labels;
  const WINDOW_S = 300; // the timeline shows the last five minutes
  const REDRAW_MS = 500; // at most two chart updates a second, however fast estimates arrive
  const STATES = {
    waiting: "Waiting for the client",
    analysing: "Analysing",
    no_face: "No face in view",
    paused: "Paused by the client",
    off: "Analysis off",
  };
  const FLAGS = {
    several_faces: "Several faces in view: showing the largest.",
    too_dark: "The picture is dark, so the estimate is less reliable.",
    low_confidence: "Low confidence: the expression is ambiguous.",
  };
  const capital = (label) => label.charAt(0).toUpperCase() + label.slice(1);

  // Read by the browser tests, including the latency benchmark (one clock: both pages run on one machine).
  const live = Object.assign(window.mindhavenLive || {}, {
    emotionCount: 0, lastEmotion: null, latencies: [], state: "waiting",
  });
  window.mindhavenLive = live;

  let clientPresent = false;
  let analysis = "off"; // as the client last set it: "on" | "paused" | "off"
  let faceInView = true;
  const points = []; // {at: arrival ms, probabilities: {label: p} | null (no face: a gap in the line)}
  let redrawTimer = null;
  const chart = makeChart();
  const slider = setInterval(redraw, 5000); // keeps the window sliding when estimates stop

  function setState() {
    let state = "analysing";
    if (!clientPresent) state = "waiting";
    else if (analysis === "paused") state = "paused";
    else if (analysis !== "on") state = "off";
    else if (!faceInView) state = "no_face";
    live.state = state;
    panel.dataset.state = state; // CSS dims the bars while they are not current
    $("panel-state").dataset.state = state;
    $("panel-state").textContent = STATES[state];
    if (state !== "analysing") {
      $("dominant-emotion").textContent = "—";
      $("dominant-confidence").textContent = "";
    }
  }

  function showBars(result) {
    for (const label of labels) {
      const row = panel.querySelector(`[data-emotion="${label}"]`);
      if (!row) continue;
      const percent = Math.round((result.probabilities[label] || 0) * 100);
      const meter = row.querySelector("[role=meter]");
      row.querySelector(".live-bar-fill").style.width = `${percent}%`; // CSSOM from script: allowed by the CSP
      meter.setAttribute("aria-valuenow", String(percent));
      meter.setAttribute("aria-valuetext", `${percent} percent`);
      row.querySelector(".live-bar-value").textContent = `${percent} %`;
      row.classList.toggle("is-dominant", label === result.dominant);
    }
    if (result.dominant) {
      $("dominant-emotion").textContent = capital(result.dominant);
      $("dominant-confidence").textContent = `(${Math.round((result.confidence || 0) * 100)} % confidence)`;
    }
  }

  function onEmotion(result) {
    if (!result) return;
    live.emotionCount += 1;
    live.lastEmotion = result;
    if (typeof result.captured_at === "number") live.latencies.push(Date.now() - result.captured_at);
    clientPresent = true; // an estimate means the client is here with analysis on, whatever we missed
    analysis = "on";
    faceInView = Boolean(result.face) && Boolean(result.probabilities);
    setState();
    if (faceInView) showBars(result);
    const flags = (result.flags || []).map((flag) => FLAGS[flag]).filter(Boolean);
    $("panel-flags").textContent = faceInView ? flags.join(" ") : "";
    points.push({ at: Date.now(), probabilities: faceInView ? result.probabilities : null });
    if (!redrawTimer) redrawTimer = setTimeout(redraw, REDRAW_MS);
  }

  // ---- the five-minute timeline: x is seconds before now, so old points slide off to the left ----------
  function makeChart() {
    if (typeof window.Chart === "undefined") return null; // the bars still work without the chart
    const css = getComputedStyle(document.documentElement);
    const colour = (label) => css.getPropertyValue(`--emotion-${label}`).trim() || "#4a5657";
    return new window.Chart($("emotion-timeline"), {
      type: "line",
      data: {
        datasets: labels.map((label) => ({
          label: capital(label), data: [], borderColor: colour(label), backgroundColor: colour(label),
          borderWidth: 2, pointRadius: 0, tension: 0.2,
        })),
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: false, normalized: true,
        interaction: { mode: "nearest", axis: "x", intersect: false },
        scales: {
          x: {
            type: "linear", min: -WINDOW_S, max: 0,
            ticks: { stepSize: 60, maxRotation: 0, callback: (v) => (v === 0 ? "now" : `−${-v / 60} min`) },
          },
          y: { min: 0, max: 100, ticks: { stepSize: 25, callback: (v) => `${v} %` } },
        },
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12 } },
          tooltip: { callbacks: { title: (items) => `${Math.round(-items[0].parsed.x)} s ago` } },
        },
      },
    });
  }

  function redraw() {
    redrawTimer = null;
    const now = Date.now();
    while (points.length && now - points[0].at > WINDOW_S * 1000) points.shift();
    if (!chart) return;
    chart.data.datasets.forEach((dataset, i) => {
      dataset.data = points.map((p) => ({
        x: (p.at - now) / 1000,
        y: p.probabilities ? Math.round((p.probabilities[labels[i]] || 0) * 1000) / 10 : null,
      }));
    });
    chart.update("none");
  }

  // ---- wiring ----------------------------------------------------------------------------------------
  document.addEventListener("live:socket", (event) => {
    const socket = event.detail.socket;
    socket.on("emotion", onEmotion);
    socket.on("analysis", (msg) => {
      if (!msg) return;
      analysis = msg.state;
      faceInView = true; // until the first estimate says otherwise
      setState();
    });
    socket.on("presence", (msg) => {
      if (!msg || msg.role !== "client") return;
      clientPresent = Boolean(msg.present);
      setState();
    });
    socket.on("disconnect", () => { clientPresent = false; setState(); });
  });

  document.addEventListener("live:joined", (event) => {
    clientPresent = Boolean(event.detail.peer_present);
    analysis = event.detail.analysis || "off";
    setState();
  });

  document.addEventListener("live:ended", () => {
    clearInterval(slider);
    clientPresent = false;
    analysis = "off";
    setState();
  });

  setState();
})();
