// The live session room, both roles: camera preview, join, WebRTC call, chat, toggles, reconnection, the
// client's crisis box, and the therapist's marks and "End session". Protocol: docs/live.md (namespace /live).
// The role scripts (live-analysis.js for the client, live-panel.js for the therapist) load before this one
// and follow the call through DOM events: live:socket {socket, config}, live:joined {ack}, live:ended.
"use strict";
(() => {
  const config = JSON.parse(document.getElementById("live-config").textContent);
  const role = config.role;
  const bookingId = config.booking_id;
  const polite = role === "client"; // perfect negotiation: the client yields when both sides offer at once
  const $ = (id) => document.getElementById(id);
  const localVideo = $("local-video");
  const remoteVideo = $("remote-video");
  const otherName = $("remote-placeholder").textContent.replace(/^Waiting for /, "");
  const rejoinKey = `mindhaven-live-${bookingId}`; // sessionStorage: a reload goes straight back into the call

  // Read by the browser tests (the role scripts add their own fields to the same object).
  const live = Object.assign(window.mindhavenLive || {}, { role, joined: false, peerPresent: false, connection: "new" });
  window.mindhavenLive = live;

  let socket = null;
  let localStream = null;
  let pc = null;
  let pcStartedAt = 0;
  const FIRST_OFFER_WAIT_MS = 1500; // how long the client waits for the therapist's first offer
  let peerConn = null; // the id of the other side's current connection, from its presence messages
  let makingOffer = false;
  let ignoreOffer = false;
  let signals = Promise.resolve(); // remote signals are applied one at a time, in order
  let ended = false;
  let recoveries = 0; // fresh starts since the call last connected

  // ---- small helpers -------------------------------------------------------------------------------
  function say(text) { $("room-status").textContent = text; }
  function showError(text) { $("live-error").textContent = text; $("live-error").hidden = !text; }
  function send(event, payload, ack, timeoutMs = 10000) {
    if (!socket) return;
    const data = { booking_id: bookingId, ...payload };
    if (!ack) { socket.emit(event, data); return; }
    socket.timeout(timeoutMs).emit(event, data, (err, reply) => {
      // Once the call has ended the socket is closed on purpose: a reply that cannot come is no error (ending the
      // session used to show "No answer from the server" under "The session has ended").
      if (err && ended) return;
      ack(err ? { ok: false, timeout: true, error: "No answer from the server." } : reply || { ok: true });
    });
  }
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text; // never innerHTML: chat and names are untrusted text
    return node;
  }
  function clock(at) {
    const date = new Date(at);
    return Number.isNaN(date.getTime()) ? "" : date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }); // 24-hour, as every other page
  }

  // ---- camera and microphone -----------------------------------------------------------------------
  async function startMedia() {
    const tries = [{ video: { width: 640, height: 480 }, audio: true }, { audio: true }];
    for (const constraints of tries) {
      try {
        localStream = await navigator.mediaDevices.getUserMedia(constraints);
        break;
      } catch (err) {
        console.warn("getUserMedia failed", constraints, err);
      }
    }
    if (localStream) {
      localVideo.srcObject = localStream;
      $("mic-toggle").disabled = !localStream.getAudioTracks().length;
      $("camera-toggle").disabled = !localStream.getVideoTracks().length;
      say(localStream.getVideoTracks().length ? "Your camera and microphone are ready." : "No camera found: you can join with sound only.");
    } else {
      say("We could not use your camera or microphone. You can still join, see and hear the other side, and chat.");
    }
    $("join-button").disabled = false;
  }

  // aria-pressed toggles: the label stays, the pressed state says whether it is muted / off.
  function bindToggle(id, kind) {
    const button = $(id);
    button.addEventListener("click", () => {
      const off = button.getAttribute("aria-pressed") !== "true";
      button.setAttribute("aria-pressed", String(off));
      for (const track of localStream ? localStream.getTracks() : []) if (track.kind === kind) track.enabled = !off;
      say(kind === "audio" ? (off ? "Microphone muted." : "Microphone on.") : (off ? "Camera off." : "Camera on."));
    });
  }

  // ---- WebRTC: perfect negotiation (https://w3c.github.io/webrtc-pc/#perfect-negotiation-example) -----
  function startPeer() {
    closePeer();
    const peer = new RTCPeerConnection({ iceServers: config.ice_servers || [] });
    pc = peer;
    pcStartedAt = Date.now();
    for (const track of localStream ? localStream.getTracks() : []) peer.addTrack(track, localStream);
    // Without local media we still want to receive the other side.
    if (!localStream || !localStream.getAudioTracks().length) peer.addTransceiver("audio", { direction: "recvonly" });
    if (!localStream || !localStream.getVideoTracks().length) peer.addTransceiver("video", { direction: "recvonly" });

    peer.ontrack = ({ track, streams }) => {
      if (peer !== pc) return;
      const stream = streams[0] || remoteVideo.srcObject || new MediaStream();
      if (!streams[0]) stream.addTrack(track);
      if (remoteVideo.srcObject !== stream) remoteVideo.srcObject = stream;
      playRemote();
    };
    peer.onnegotiationneeded = async () => {
      // Both sides start a fresh connection when they meet, so both would offer at once. Resolving that glare
      // (the client rolls its offer back and answers) sometimes left the client's connection gathering no
      // network candidates in Chromium, and the call hung until the 20-second retry. So at the start the
      // therapist offers and the client answers; the client offers only if no offer came within a moment.
      if (polite && !peer.remoteDescription && Date.now() - pcStartedAt < FIRST_OFFER_WAIT_MS) {
        setTimeout(() => {
          if (peer === pc && !peer.remoteDescription && peer.signalingState === "stable") peer.onnegotiationneeded();
        }, FIRST_OFFER_WAIT_MS);
        return;
      }
      try {
        makingOffer = true;
        await peer.setLocalDescription();
        if (peer === pc) sendDescription(peer.localDescription);
      } catch (err) {
        console.warn("negotiation failed", err);
      } finally {
        makingOffer = false;
      }
    };
    peer.onicecandidate = ({ candidate }) => {
      if (candidate && peer === pc) send("signal", { candidate: candidate.toJSON() });
    };
    peer.onconnectionstatechange = () => {
      if (peer !== pc) return;
      live.connection = peer.connectionState;
      if (peer.connectionState === "connected") {
        recoveries = 0;
        say(`You are connected with ${otherName}.`);
      }
      if (peer.connectionState === "disconnected") say("The connection is unstable; trying to keep the call going…");
      if (peer.connectionState === "failed") recoverLater(peer);
    };
    // A call that never connects (e.g. the other side dropped its half) is negotiated again from scratch.
    setTimeout(() => { if (peer === pc && peer.connectionState !== "connected" && live.peerPresent) recoverLater(peer); }, 20000);
  }

  function closePeer() {
    if (pc) {
      pc.ontrack = pc.onicecandidate = pc.onnegotiationneeded = pc.onconnectionstatechange = null;
      pc.close();
    }
    pc = null;
    makingOffer = ignoreOffer = false;
    live.connection = "closed";
    remoteVideo.srcObject = null;
    $("remote-placeholder").hidden = false;
    $("remote-sound").hidden = true;
  }

  // Rejoining makes the server announce us again, so both sides start a fresh connection. The client waits
  // longer, so that when both notice a failure the therapist's rejoin usually settles it first.
  function recoverLater(peer) {
    setTimeout(() => {
      if (peer !== pc || ended || !socket || !socket.connected) return;
      recoveries += 1;
      if (recoveries > 3) {
        say("The video could not connect. Check your network and reload the page; the chat still works.");
        return;
      }
      join();
    }, polite ? 4000 : 1000);
  }

  function sendDescription(description) {
    send("signal", { description: { type: description.type, sdp: description.sdp } });
  }

  async function applySignal({ description, candidate }) {
    if (ended) return;
    if (!pc) startPeer(); // the other side offered before we heard of its presence
    live.peerPresent = true;
    const peer = pc;
    if (description) {
      const collision = description.type === "offer" && (makingOffer || peer.signalingState !== "stable");
      ignoreOffer = !polite && collision;
      if (ignoreOffer) return;
      try {
        await peer.setRemoteDescription(description); // rolls back our own offer when we are polite
      } catch (err) {
        if (description.type !== "offer") { console.warn("remote answer refused", err); return; }
        // An offer our old connection cannot take (the other side started afresh): start afresh too.
        startPeer();
        await pc.setRemoteDescription(description);
      }
      if (description.type === "offer") {
        await pc.setLocalDescription();
        sendDescription(pc.localDescription);
      }
    } else if (candidate) {
      await peer.addIceCandidate(candidate).catch((err) => { if (!ignoreOffer) console.warn("candidate refused", err); });
    }
  }

  // Autoplay with sound can be refused until the page was clicked: show the video muted and offer a button.
  function playRemote() {
    $("remote-placeholder").hidden = true;
    remoteVideo.play().catch(() => {
      remoteVideo.muted = true;
      remoteVideo.play().catch(() => {});
      $("remote-sound").hidden = false;
    });
  }

  // ---- presence ------------------------------------------------------------------------------------
  function peerArrived(isReply) {
    live.peerPresent = true;
    say(`${otherName} is here. Connecting…`);
    // A fresh arrival means the other side has a fresh connection: start ours afresh as well. A reply
    // ("I was already here") or a second notice while we are still connecting keeps what we have.
    const connecting = pc && pc.connectionState !== "failed" && pc.connectionState !== "closed";
    if (isReply && connecting) return;
    if (connecting && pc.connectionState !== "connected" && Date.now() - pcStartedAt < 2000) return;
    startPeer();
  }

  function peerLeft() {
    live.peerPresent = false;
    closePeer();
    say(`Waiting for ${otherName}…`);
  }

  // ---- joining -------------------------------------------------------------------------------------
  function connect() {
    $("join-button").disabled = true;
    say("Joining…");
    socket = io("/live", { transports: ["websocket", "polling"] });
    document.dispatchEvent(new CustomEvent("live:socket", { detail: { socket, config } }));
    socket.on("connect", join); // first connection and every automatic reconnection
    socket.on("disconnect", (reason) => {
      live.joined = false;
      if (!ended && reason !== "io client disconnect") say("Connection to MindHaven lost. Reconnecting…");
    });
    socket.on("connect_error", () => { if (!ended) say("Cannot reach MindHaven right now. Retrying…"); });
    socket.on("presence", (msg) => {
      if (!msg || msg.role === role) return;
      if (msg.present) {
        peerConn = msg.conn || null;
        if (!msg.reply) send("here", {}); // tell a newcomer (maybe on another server) that we are here
        peerArrived(Boolean(msg.reply));
      } else if (!(msg.conn && peerConn && msg.conn !== peerConn)) {
        peerConn = null;
        peerLeft();
      } // else: the old connection of someone who is already back (a reload) went away late: nothing changes
    });
    socket.on("signal", (msg) => {
      if (!msg || msg.from_role === role) return;
      signals = signals.then(() => applySignal(msg)).catch((err) => console.warn("signal failed", err));
    });
    socket.on("chat", addChat);
    socket.on("crisis", (msg) => showCrisis((msg && msg.lines) || [], msg && msg.plea, (msg && msg.dial) || []));
    socket.on("crisis_alert", () => { const box = $("crisis-alert"); if (box) box.hidden = false; });
    socket.on("ended", (msg) => endCall((msg && msg.summary_url) || config.summary_url));
    socket.on("error", (msg) => {
      if (!msg) return;
      if (msg.event === "chat") showChatError(msg.message);
      else if (msg.event === "signal" || msg.event === "here") console.warn("live error", msg);
      // Events sent with an acknowledgement report their errors there.
    });
  }

  function join() {
    send("join", {}, (ack) => {
      if (!ack.ok && ack.timeout) {
        if (socket.connected) join(); // a slow server is not a refusal
        return;
      }
      if (!ack.ok) {
        // A refusal (session over, not yet open, not yours) is final: stop trying.
        showError(ack.error || "You cannot join this session now.");
        say("Not connected.");
        if (/ended/i.test(ack.error || "")) endCall(config.summary_url);
        else { socket.disconnect(); stopMedia(); }
        return;
      }
      if (ack.ended) { endCall(config.summary_url); return; }
      showError("");
      live.joined = true;
      sessionStorage.setItem(rejoinKey, "joined");
      $("prejoin").hidden = true;
      $("chat-fields").disabled = false;
      if ($("mark-fields")) $("mark-fields").disabled = false;
      if ($("end-session")) $("end-session").hidden = false;
      for (const message of ack.chat || []) addChat(message);
      if (ack.peer_present) peerArrived(false);
      else { closePeer(); say(`You are in the room. Waiting for ${otherName}…`); }
      document.dispatchEvent(new CustomEvent("live:joined", { detail: ack }));
    });
  }

  // ---- chat ----------------------------------------------------------------------------------------
  const seenChat = new Set(); // the join ack repeats the history after a reconnection
  function addChat(msg) {
    if (!msg || typeof msg.text !== "string") return;
    const key = `${msg.from_role}|${msg.at}|${msg.text}`;
    if (seenChat.has(key)) return;
    seenChat.add(key);
    const mine = msg.from_role === role;
    const item = el("li", `live-chat-item from-${mine ? "me" : "other"}`);
    const meta = el("span", "live-chat-meta");
    meta.append(el("strong", "", mine ? "You" : msg.name || otherName), ` ${clock(msg.at)}`);
    item.append(meta, el("p", "", msg.text));
    const log = $("chat-log");
    log.append(item);
    log.scrollTop = log.scrollHeight;
  }

  function showChatError(message) { $("chat-error").textContent = message || ""; $("chat-error").hidden = !message; }

  function showCrisis(lines, plea, dial) {
    const box = $("crisis-box");
    if (!box) return;
    // The plea in the language the client wrote in (none for English): safety/own_words.py.
    const pleaBox = $("crisis-plea");
    const known = plea && typeof plea.text === "string" && plea.text;
    pleaBox.textContent = known ? plea.text : "";
    if (known) { pleaBox.lang = String(plea.lang || ""); pleaBox.dir = plea.dir === "rtl" ? "rtl" : "ltr"; }
    pleaBox.hidden = !known;
    const list = $("crisis-lines");
    list.replaceChildren();
    lines.forEach(([country, name, number, note], index) => {
      // Each number its own call link, as the server split it: "14416 or 1-800-891-4416" is two numbers.
      const parts = Array.isArray(dial[index]) ? dial[index] : [[String(number), null]];
      const numbers = el("span", "number");
      for (const [text, digits] of parts) {
        if (typeof digits === "string" && /^\+?\d+$/.test(digits)) {
          const link = el("a", "", String(text));
          link.href = `tel:${digits}`;
          numbers.append(link);
        } else {
          numbers.append(String(text));
        }
      }
      const item = el("li");
      item.append(el("span", "country", country), el("strong", "", name), ": ", numbers, " ", el("span", "hint", note || ""));
      list.append(item);
    });
    box.hidden = false;
    box.scrollIntoView({ block: "start" });
  }

  // ---- therapist: marks and ending -----------------------------------------------------------------
  function bindTherapist() {
    $("mark-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const input = $("mark-note");
      send("mark", { note: input.value.trim() }, (ack) => {
        $("mark-status").textContent = ack.ok ? `Marked at ${clock(ack.at || Date.now())}.` : ack.error;
        if (ack.ok) input.value = "";
      });
    });
    const confirmBox = $("end-confirm-box");
    const openConfirm = (open) => {
      confirmBox.hidden = !open;
      $("end-session").setAttribute("aria-expanded", String(open));
      (open ? $("end-confirm") : $("end-session")).focus();
    };
    $("end-session").addEventListener("click", () => openConfirm(true));
    $("end-cancel").addEventListener("click", () => openConfirm(false));
    $("end-confirm").addEventListener("click", () => {
      $("end-confirm").disabled = true;
      send("end", {}, (ack) => {
        $("end-confirm").disabled = false;
        if (ack.ok) endCall(ack.summary_url || config.summary_url);
        else showError(ack.error || "The session could not be ended.");
      });
    });
  }

  // ---- the end -------------------------------------------------------------------------------------
  function stopMedia() {
    for (const track of localStream ? localStream.getTracks() : []) track.stop();
    localVideo.srcObject = null;
  }

  function endCall(summaryUrl) {
    if (ended) return;
    ended = true;
    live.joined = false;
    sessionStorage.removeItem(rejoinKey);
    closePeer();
    stopMedia();
    if (socket) socket.disconnect();
    $("live-layout").hidden = true;
    if ($("end-confirm-box")) $("end-confirm-box").hidden = true;
    const link = $("summary-link");
    if (link && summaryUrl) link.href = summaryUrl;
    $("ended").hidden = false;
    $("ended").focus();
    say("The session has ended.");
    document.dispatchEvent(new CustomEvent("live:ended"));
  }

  // ---- wiring --------------------------------------------------------------------------------------
  bindToggle("mic-toggle", "audio");
  bindToggle("camera-toggle", "video");
  $("remote-sound").addEventListener("click", () => {
    remoteVideo.muted = false;
    remoteVideo.play().catch(() => {});
    $("remote-sound").hidden = true;
  });
  $("chat-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("chat-input");
    const text = input.value.trim();
    if (!text) return;
    showChatError("");
    send("chat", { text });
    input.value = "";
  });
  if (role === "therapist") bindTherapist();
  $("join-button").addEventListener("click", connect);
  // Leaving the page tells the other side at once, rather than after the server's ping timeout.
  window.addEventListener("pagehide", () => { if (live.joined && socket) send("leave", {}); });

  startMedia().then(() => {
    // A reload during the call: back in at once (the client's analysis choice is kept by live-analysis.js).
    if (sessionStorage.getItem(rejoinKey) && !socket) { say("Rejoining the session…"); connect(); }
  });
})();
