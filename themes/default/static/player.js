// player.js: the follow-along player of a workout page. It reads the workout's steps from the
// page (<script type="application/json" id="workout-plan">, written by Spotter: every round,
// set, side and rest in order) and steps through them: a set of reps waits for "Done" (the
// button, Space, or a tap on the step), a hold or a rest counts down on a clock and beeps
// (Web Audio) over its last seconds and at its end. The step, what comes next and the round
// are announced in an aria-live region; the screen is kept awake (Wake Lock) while it runs.
// Nothing is asked of another host. Without JavaScript the player stays hidden and the page
// is the plain list.
(function () {
  "use strict";
  var root = document.querySelector("[data-player]");
  var data = document.getElementById("workout-plan");
  if (!root || !data) return;
  var plan;
  try {
    plan = JSON.parse(data.textContent);
  } catch (e) {
    return;
  }
  if (!plan || !plan.steps || !plan.steps.length) return;
  var steps = plan.steps;

  function part(name) {
    return root.querySelector("[data-" + name + "]");
  }
  var intro = part("player-intro"), stage = part("player-stage"), end = part("player-end");
  var where = part("where"), title = part("title"), detail = part("detail"), note = part("note");
  var clock = part("clock"), next = part("next"), live = part("live"), progress = part("progress");
  var doneButton = root.querySelector("[data-action=done]");
  var pauseButton = root.querySelector("[data-action=pause]");
  var heading = root.querySelector("h2");

  var index = -1;      // the current step; -1 before the start
  var running = false; // started and not ended or stopped
  var paused = false;
  var left = 0;        // milliseconds left on the clock of a timed step
  var deadline = 0;    // Date.now() at which the clock reaches 0, while it runs
  var timer = 0;
  var lastBeep = -1;   // the whole second last beeped at
  var audio = null;
  var wakeLock = null;

  // --- Words -------------------------------------------------------------------------------
  function clockText(ms) {
    var s = Math.max(0, Math.ceil(ms / 1000));
    var m = Math.floor(s / 60);
    s = s % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function sideText(step) {
    return step.side === 1 ? "first side" : step.side === 2 ? "second side" : "";
  }

  function whereText(step) {
    var parts = [];
    if (plan.rounds > 1) parts.push("Round " + step.round + " of " + plan.rounds);
    if (step.kind === "work" && step.sets > 1) parts.push("Set " + step.set + " of " + step.sets);
    if (step.side) parts.push(sideText(step).replace(/^f|^s/, function (c) { return c.toUpperCase(); }));
    if (step.kind === "rest") parts.push(step.rest === "rounds" ? "Rest between rounds" : step.rest === "sets" ? "Rest between sets" : "Rest");
    return parts.join(" · ");
  }

  function shortText(step) {
    if (!step) return "the end: workout done";
    if (step.kind === "rest") {
      var after = steps[steps.indexOf(step) + 1];
      var then = after && after.round !== step.round && step.rest === "rounds" ? ", then round " + after.round : "";
      return "Rest " + step.detail + then;
    }
    var side = sideText(step);
    return step.title + ", " + step.detail + (step.sets > 1 ? ", set " + step.set + " of " + step.sets : "") + (side ? ", " + side : "");
  }

  function announce(text) {
    // A change of text is what a screen reader reads out; clear first so a repeat is read too.
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 30);
  }

  // --- Sound and screen --------------------------------------------------------------------
  function beep(long) {
    try {
      if (!audio) return;
      var now = audio.currentTime;
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.type = "sine";
      osc.frequency.value = long ? 660 : 880;
      gain.gain.setValueAtTime(0.0001, now);
      gain.gain.exponentialRampToValueAtTime(0.25, now + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + (long ? 0.6 : 0.15));
      osc.connect(gain).connect(audio.destination);
      osc.start(now);
      osc.stop(now + (long ? 0.65 : 0.2));
    } catch (e) { /* no sound: the clock still shows */ }
  }

  function keepAwake() {
    if (!running || wakeLock || !("wakeLock" in navigator) || document.visibilityState !== "visible") return;
    navigator.wakeLock.request("screen").then(function (lock) {
      wakeLock = lock;
      lock.addEventListener("release", function () { wakeLock = null; });
      if (!running) release();
    }, function () { /* refused: the screen may dim */ });
  }

  function release() {
    if (wakeLock) {
      var lock = wakeLock;
      wakeLock = null;
      lock.release().catch(function () {});
    }
  }

  // --- The clock ---------------------------------------------------------------------------
  function stopTimer() {
    if (timer) window.clearTimeout(timer);
    timer = 0;
  }

  function tick() {
    timer = 0;
    if (!running || paused) return;
    var step = steps[index];
    if (step.seconds == null) return;
    left = Math.max(0, deadline - Date.now());
    clock.textContent = clockText(left);
    var whole = Math.ceil(left / 1000);
    if (whole <= 3 && whole >= 1 && whole !== lastBeep) {
      lastBeep = whole;
      beep(false);
    }
    if (left <= 0) {
      beep(true);
      go(index + 1);
      return;
    }
    // Wake at the next change of the second shown.
    var wait = left % 1000 || 1000;
    timer = window.setTimeout(tick, Math.min(wait + 5, 1000));
  }

  function runClock() {
    stopTimer();
    deadline = Date.now() + left;
    tick();
  }

  // --- Steps -------------------------------------------------------------------------------
  function show(step) {
    var timed = step.seconds != null;
    root.classList.toggle("is-rest", step.kind === "rest");
    root.classList.toggle("is-timed", timed);
    where.textContent = whereText(step);
    title.textContent = step.title;
    detail.textContent = step.detail;
    note.textContent = step.note || "";
    note.hidden = !step.note;
    clock.hidden = !timed;
    doneButton.parentNode.hidden = timed;
    clock.textContent = timed ? clockText(step.seconds * 1000) : "";
    progress.max = steps.length;
    progress.value = index;
    next.textContent = "Next: " + shortText(steps[index + 1]);
  }

  function go(to) {
    stopTimer();
    if (to >= steps.length) return finish();
    index = Math.max(0, to);
    var step = steps[index];
    left = step.seconds != null ? step.seconds * 1000 : 0;
    lastBeep = -1;
    show(step);
    var round = plan.rounds > 1 && (index === 0 || steps[index - 1].round !== step.round) ? "Round " + step.round + " of " + plan.rounds + ". " : "";
    announce(round + (step.kind === "rest" ? "" : "Now: ") + shortText(step) + ". Next: " + shortText(steps[index + 1]) + ".");
    if (step.seconds != null && !paused) runClock();
  }

  function setPaused(value, quiet) {
    paused = value;
    pauseButton.setAttribute("aria-pressed", value ? "true" : "false");
    pauseButton.textContent = value ? "Resume" : "Pause";
    root.classList.toggle("is-paused", value);
    var step = steps[index];
    if (value) {
      if (step && step.seconds != null) left = Math.max(0, deadline - Date.now());
      stopTimer();
      if (!quiet) announce("Paused.");
    } else if (!quiet) {
      announce("Resumed.");
      if (step && step.seconds != null) runClock();
    }
  }

  function start() {
    if (!audio) {
      var Context = window.AudioContext || window.webkitAudioContext;
      try { audio = Context ? new Context() : null; } catch (e) { audio = null; }
    }
    if (audio && audio.state === "suspended") audio.resume().catch(function () {});
    running = true;
    intro.hidden = true;
    end.hidden = true;
    stage.hidden = false;
    root.classList.add("is-running");
    setPaused(false, true);
    keepAwake();
    // The whole player in view (its Done button too), then its heading for screen readers.
    root.scrollIntoView({ block: "nearest" });
    heading.focus({ preventScroll: true });
    go(0);
  }

  function stop(finished) {
    stopTimer();
    running = false;
    paused = false;
    root.classList.remove("is-running", "is-paused", "is-rest", "is-timed");
    stage.hidden = true;
    end.hidden = !finished;
    intro.hidden = finished;
    release();
    index = -1;
    heading.focus();
  }

  function finish() {
    progress.value = steps.length;
    stop(true);
    announce("Workout done. Well done.");
  }

  function done() {
    var step = steps[index];
    if (!running || !step) return;
    if (step.seconds == null) go(index + 1);
  }

  function act(action) {
    switch (action) {
      case "start": return start();
      case "done": return done();
      case "back": return running && go(index - 1);
      case "skip": return running && go(index + 1);
      case "pause": return running && setPaused(!paused);
      case "stop":
        if (!running) return;
        stop(false);
        announce("Stopped.");
    }
  }

  // --- Input -------------------------------------------------------------------------------
  root.addEventListener("click", function (event) {
    var button = event.target.closest("[data-action]");
    if (button) return act(button.getAttribute("data-action"));
    // A tap on the step itself (not on a link) marks a set of reps done.
    if (running && !event.target.closest("a") && event.target.closest("[data-player-stage]") &&
        !event.target.closest(".player-controls")) done();
  });

  document.addEventListener("keydown", function (event) {
    if (!running || event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    var typing = target.closest && target.closest("input, textarea, select, [contenteditable]");
    var onControl = target.closest && target.closest("button, a, summary");
    if (typing) return;
    var step = steps[index];
    switch (event.key) {
      case " ":
      case "Spacebar":
        if (onControl) return; // the focused control's own click
        event.preventDefault();
        if (step && step.seconds != null) setPaused(!paused); else done();
        break;
      case "ArrowRight": event.preventDefault(); act("skip"); break;
      case "ArrowLeft": event.preventDefault(); act("back"); break;
      case "p": case "P": event.preventDefault(); act("pause"); break;
      case "Escape": event.preventDefault(); act("stop"); break;
    }
  });

  document.addEventListener("visibilitychange", keepAwake);

  root.hidden = false;
})();
