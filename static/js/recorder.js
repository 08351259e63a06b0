/* Recording a spoken question in the browser (the recordings page).
 *
 * Each prompt has an ordinary upload form with a file field. Where the browser can record
 * (MediaRecorder and a microphone), "Record" and "Stop" appear: the recording is played back
 * for checking and put into the file field, and "Save" sends the form as usual. Without this
 * script, or without a microphone, the file field still takes a recording made elsewhere.
 */
(function () {
  "use strict";
  if (!window.MediaRecorder || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.DataTransfer) return;

  var active = null; // {recorder, stream, form}

  function buttons(form) {
    return { record: form.querySelector("[data-record]"), stop: form.querySelector("[data-stop]") };
  }

  function stopActive() {
    if (active && active.recorder.state !== "inactive") active.recorder.stop();
  }

  function start(form) {
    stopActive();
    navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
      var chunks = [];
      var recorder = new MediaRecorder(stream);
      var controls = buttons(form);
      active = { recorder: recorder, stream: stream, form: form };
      recorder.addEventListener("dataavailable", function (event) {
        if (event.data && event.data.size) chunks.push(event.data);
      });
      recorder.addEventListener("stop", function () {
        stream.getTracks().forEach(function (track) { track.stop(); });
        controls.record.hidden = false;
        controls.stop.hidden = true;
        if (active && active.form === form) active = null;
        var type = recorder.mimeType || (chunks[0] && chunks[0].type) || "audio/webm";
        var blob = new Blob(chunks, { type: type });
        var extension = type.indexOf("ogg") >= 0 ? "ogg" : type.indexOf("mp4") >= 0 ? "m4a" : "webm";
        var files = new DataTransfer();
        files.items.add(new File([blob], "recording." + extension, { type: type }));
        form.querySelector('input[type="file"]').files = files.files;
        var preview = form.querySelector("audio.preview");
        if (preview.src) URL.revokeObjectURL(preview.src);
        preview.src = URL.createObjectURL(blob);
        preview.hidden = false;
        preview.focus();
      });
      recorder.start();
      controls.record.hidden = true;
      controls.stop.hidden = false;
      controls.stop.focus();
    }).catch(function () {
      // No microphone, or permission refused: the file field is still there.
      buttons(form).record.hidden = true;
    });
  }

  document.querySelectorAll("form.recorder").forEach(function (form) {
    var controls = buttons(form);
    controls.record.hidden = false;
    controls.record.addEventListener("click", function () { start(form); });
    controls.stop.addEventListener("click", stopActive);
  });
})();
