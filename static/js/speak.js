/* The speaker button beside a question: one tap plays the question, then each answer, and
 * outlines the answer being read so she can see which picture the words belong to. A second
 * tap stops. Nothing plays by itself.
 *
 * The server leaves the button out where no clip was recorded; it arrives hidden because it
 * cannot play without this script, which shows it (also in parts htmx swaps in later).
 */
(function () {
  "use strict";
  var audio = null;
  var playing = null; // the button whose clips are playing

  function show(root) {
    var buttons = (root || document).querySelectorAll ? (root || document).querySelectorAll("button.speak[data-speak]") : [];
    Array.prototype.forEach.call(buttons, function (button) { button.hidden = false; });
  }

  function unmark() {
    Array.prototype.forEach.call(document.querySelectorAll(".speaking"), function (el) { el.classList.remove("speaking"); });
  }

  function mark(button, value) {
    var scope = button.closest("fieldset, .question") || document;
    var name = button.getAttribute("data-speak-name");
    Array.prototype.forEach.call(scope.querySelectorAll('input[name="' + name + '"]'), function (input) {
      if (input.value === String(value)) {
        var label = input.closest("label");
        if (label) label.classList.add("speaking");
      }
    });
  }

  function stop() {
    if (!playing) return;
    var button = playing;
    playing = null;
    if (audio) audio.pause();
    unmark();
    button.setAttribute("aria-pressed", "false");
    button.removeAttribute("data-state");
  }

  function play(button) {
    var list;
    try { list = JSON.parse(button.getAttribute("data-speak")); } catch (error) { return; }
    stop();
    playing = button;
    button.setAttribute("aria-pressed", "true");
    audio = audio || new Audio();
    var index = 0;
    function next() {
      unmark();
      if (playing !== button) return;
      if (index >= list.length) { stop(); return; }
      var item = list[index++];
      if (item.value !== undefined && item.value !== null) mark(button, item.value);
      audio.src = item.src;
      var started = audio.play();
      if (started && started.catch) started.catch(function () { if (playing === button) next(); });
    }
    audio.onended = next;
    audio.onerror = next;
    audio.onplaying = function () { if (playing === button) button.setAttribute("data-state", "playing"); };
    next();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.speak[data-speak]") : null;
    if (!button) return;
    event.preventDefault();
    if (playing === button) stop(); else play(button);
  });
  document.addEventListener("htmx:load", function (event) { show(event.target); });
  show(document);
})();
