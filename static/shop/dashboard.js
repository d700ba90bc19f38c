// What Oscar's dashboard templates (and ours) would otherwise do with inline
// event handlers, which the Content-Security-Policy does not run.
(function () {
  "use strict";

  // <form data-confirm="Question?">: ask before submitting.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  // Oscar's image widget: once the chosen image shows, hide its upload
  // button; when the file is not an image, show it again and say so.
  function uploadButton(image) {
    var widget = image.closest(".image-input");
    return widget && widget.querySelector("button[id^=upload_button_]");
  }
  function isWidgetImage(target) {
    return target.tagName === "IMG" && target.closest(".image-input") && target.getAttribute("src");
  }
  document.addEventListener("load", function (event) {
    var button = isWidgetImage(event.target) && uploadButton(event.target);
    if (button) {
      button.style.display = "none";
    }
  }, true);
  document.addEventListener("error", function (event) {
    var button = isWidgetImage(event.target) && uploadButton(event.target);
    if (button) {
      button.style.display = "";
      window.alert(event.target.getAttribute("data-error-message"));
    }
  }, true);
})();
