// The webcam self-view (/reflect/mirror): the client's own camera, and an estimate of their expressions.
// While running, 2-3 times a second a small JPEG (at most 320 px wide) goes to /api/reflect/frame with fetch, one at
// a time; the server analyses it in memory and answers with probabilities. Nothing is stored, here or there,
// except the per-emotion counts kept in this page, which become a journal entry only if "Save a summary" is pressed.
const config = JSON.parse(document.getElementById("mirror-config").textContent);
const $ = (id) => document.getElementById(id);
const video = $("mirror-video");
const canvas = document.createElement("canvas"); // offscreen, never attached to the page
const csrf = document.querySelector('meta[name="csrf-token"]').content;
const TICK_MS = 400; // 2.5 frames a second

let stream = null;
let timer = null;
let inFlight = false;
let startedAt = 0;
let seconds = 0;
let counts = {};

function status(text) { $("mirror-status").textContent = text; }

function showReading(result) {
  $("mirror-dominant").textContent = result.face ? `Mostly ${result.dominant}` : "No face in view";
  for (const row of document.querySelectorAll(".live-bar-row")) {
    const p = result.probabilities ? result.probabilities[row.dataset.emotion] || 0 : 0;
    const percent = Math.round(p * 100);
    row.querySelector(".live-bar-fill").style.width = `${percent}%`;
    const meter = row.querySelector(".live-bar");
    meter.setAttribute("aria-valuenow", String(percent));
    meter.setAttribute("aria-valuetext", `${percent} percent`);
    row.querySelector(".live-bar-value").textContent = `${percent} %`;
    row.classList.toggle("is-dominant", result.face && row.dataset.emotion === result.dominant);
  }
  if (result.face && result.dominant) {
    counts[result.dominant] = (counts[result.dominant] || 0) + 1;
    $("mirror-save").disabled = false;
  }
}

async function sendFrame() {
  if (!stream || inFlight || !video.videoWidth) return;
  const width = Math.min(320, video.videoWidth);
  canvas.width = width;
  canvas.height = Math.round((video.videoHeight * width) / video.videoWidth);
  canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
  inFlight = true; // one frame in flight: later ticks are skipped until the answer
  try {
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.7));
    if (!blob || !stream) return;
    const response = await fetch(config.frame_url, {
      method: "POST",
      headers: { "Content-Type": "image/jpeg", "X-CSRFToken": csrf },
      body: blob,
      credentials: "same-origin",
    });
    const body = await response.json().catch(() => ({}));
    if (response.ok) showReading(body);
    else status((body.error && body.error.message) || "That frame could not be analysed.");
  } catch {
    status("No answer from the server; trying again.");
  } finally {
    inFlight = false;
  }
}

async function start() {
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 } }, audio: false });
  } catch (err) {
    // Say which of the two it is: no camera at all, or one the browser was not allowed to use.
    const missing = err && (err.name === "NotFoundError" || err.name === "OverconstrainedError");
    status(missing
      ? "No camera was found on this device. The mirror needs one; your journal and check-ins work without it."
      : "The camera could not be opened. Check your browser's permission for this site, or whether another app is using it.");
    return;
  }
  video.srcObject = stream;
  startedAt = Date.now();
  timer = setInterval(sendFrame, TICK_MS);
  $("mirror-toggle").textContent = "Stop";
  status("Camera on. Frames are analysed and then discarded.");
}

function stop() {
  if (timer) clearInterval(timer);
  timer = null;
  if (stream) stream.getTracks().forEach((track) => track.stop());
  stream = null;
  video.srcObject = null;
  if (startedAt) seconds += Math.round((Date.now() - startedAt) / 1000);
  startedAt = 0;
  $("mirror-toggle").textContent = "Start";
  status("Camera off.");
}

async function saveSummary() {
  const elapsed = seconds + (startedAt ? Math.round((Date.now() - startedAt) / 1000) : 0);
  $("mirror-save").disabled = true;
  const response = await fetch(config.summary_url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
    body: JSON.stringify({ seconds: elapsed, counts }),
    credentials: "same-origin",
  });
  const body = await response.json().catch(() => ({}));
  if (response.ok) {
    status(`Saved to your journal (private): “${body.body}”`);
  } else {
    status((body.error && body.error.message) || "The summary could not be saved.");
    $("mirror-save").disabled = false;
  }
}

$("mirror-toggle").addEventListener("click", () => (stream ? stop() : start()));
$("mirror-save").addEventListener("click", saveSummary);
window.addEventListener("pagehide", stop);
