// Client only: the emotion-analysis switch and the frame sender (docs/live.md, "Client page behaviour").
// While analysis is on, a few times a second (LIVE_FRAME_RATE) a small JPEG of the client's own camera goes to the server,
// one at a time; the server answers with the estimate and shows it to the therapist. Nothing is stored.
// Follows the call through live-room.js's DOM events (live:socket, live:joined, live:ended).
"use strict";
(() => {
  const config = JSON.parse(document.getElementById("live-config").textContent);
  if (config.role !== "client") return;
  const $ = (id) => document.getElementById(id);
  const video = $("local-video");
  const canvas = document.createElement("canvas"); // offscreen, never attached to the page
  const storeKey = `mindhaven-live-${config.booking_id}-analysis`; // the choice survives a reload
  const TICK_MS = Math.round(1000 / (config.frame_rate || 3)); // LIVE_FRAME_RATE, 2-5 per second
  const live = Object.assign(window.mindhavenLive || {}, { framesSent: 0, analysis: "off" });
  window.mindhavenLive = live;

  let socket = null;
  let joined = false;
  let wanted = "off"; // the client's own choice, "on" | "paused" | "off"; the server follows it
  let timer = null;
  let inFlight = false;
  let noteTimer = null;

  function send(event, payload, ack, timeoutMs = 10000) {
    socket.timeout(timeoutMs).emit(event, { booking_id: config.booking_id, ...payload }, (err, reply) => {
      ack(err ? { ok: false, error: "No answer from the server." } : reply || { ok: true });
    });
  }

  // The indicator and the button always say what runs now.
  function show(state) {
    live.analysis = state;
    const status = $("analysis-status");
    status.dataset.state = state;
    status.textContent = `Emotion analysis: ${state}`;
    $("analysis-toggle").textContent = { on: "Pause", paused: "Resume", off: "Turn on" }[state];
    if (state === "on" && !timer) timer = setInterval(sendFrame, TICK_MS);
    if (state !== "on" && timer) { clearInterval(timer); timer = null; }
  }

  function choose(state) {
    wanted = state;
    sessionStorage.setItem(storeKey, state);
  }

  function note(text) {
    $("analysis-note").textContent = text;
    clearTimeout(noteTimer);
    noteTimer = setTimeout(() => { $("analysis-note").textContent = ""; }, 5000);
  }

  // Pausing stops frames here at once, before the server hears of it. Frames start only once the server
  // has switched analysis on: it handles events concurrently, so an early frame would be refused.
  function request(state) {
    if (state !== "on") show(state);
    send("analysis", { state }, (ack) => {
      if (!ack.ok) {
        note(ack.error || "Emotion analysis could not be changed.");
        if (/consent/i.test(ack.error || "")) { choose("off"); show("off"); }
        return;
      }
      if (state !== "on") return;
      if (wanted === "on" && joined) show("on");
      else send("analysis", { state: "paused" }, () => {}); // paused while "on" was on its way
    });
  }

  function sendFrame() {
    if (live.analysis !== "on" || !joined || inFlight || !socket.connected) return;
    const track = video.srcObject && video.srcObject.getVideoTracks()[0];
    if (!track || !track.enabled || !video.videoWidth) return; // camera off: nothing to analyse
    const width = Math.min(320, video.videoWidth);
    canvas.width = width;
    canvas.height = Math.round((video.videoHeight * width) / video.videoWidth);
    canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
    const capturedAt = Date.now();
    inFlight = true; // one frame in flight: later ticks are skipped until the answer
    canvas.toBlob(async (blob) => {
      const image = blob && (await blob.arrayBuffer());
      if (!image || live.analysis !== "on") { inFlight = false; return; } // paused meanwhile: drop it
      live.framesSent += 1;
      send("frame", { image, captured_at: capturedAt }, (ack) => {
        inFlight = false;
        if (ack.ok || live.analysis !== "on") return;
        note(ack.error || "That frame could not be analysed.");
        if (/\b(off|consent)\b/i.test(ack.error || "")) show("off"); // the server stopped it: say so
      }, 5000);
    }, "image/jpeg", 0.7);
  }

  $("analysis-toggle").addEventListener("click", () => {
    const next = live.analysis === "on" ? "paused" : "on";
    choose(next);
    request(next);
  });

  document.addEventListener("live:socket", (event) => {
    socket = event.detail.socket;
    // The choice made on the pre-join screen, or after a reload the one made earlier in this tab.
    const saved = sessionStorage.getItem(storeKey);
    const box = $("analysis-choice");
    const initial = saved || (box && box.checked ? "on" : "off");
    choose(config.analysis_consented && ["on", "paused"].includes(initial) ? initial : "off");
    socket.on("disconnect", () => { joined = false; }); // the server forgot us until the next join
    socket.on("analysis", (msg) => { if (msg && msg.state === "off") show("off"); });
  });

  document.addEventListener("live:joined", (event) => {
    const ack = event.detail;
    joined = true;
    $("analysis-bar").hidden = false;
    // The client's own choice wins over what the server kept from an earlier connection.
    if (wanted === "on") request("on");
    else if (ack.analysis === "on") request("paused");
    else show(wanted === "paused" || ack.analysis === "paused" ? "paused" : "off");
  });

  document.addEventListener("live:ended", () => {
    joined = false;
    wanted = "off";
    show("off");
    sessionStorage.removeItem(storeKey);
  });
})();
