// Share action (templates/includes/_share.html): the plain links work without this script.
// Where the browser has a native share sheet, offer it; "Copy link" copies instead of navigating.
(function () {
  "use strict";
  document.querySelectorAll("[data-share]").forEach(function (box) {
    var url = box.dataset.shareUrl;
    var title = box.dataset.shareTitle;
    var status = box.querySelector("[data-share-status]");
    var native = box.querySelector("[data-share-native]");
    if (native && typeof navigator.share === "function") {
      native.hidden = false;
      native.querySelector("button").addEventListener("click", function () {
        navigator.share({ title: title, url: url }).catch(function () {
          // Closed by the visitor or refused: the links below are still there.
        });
      });
    }
    var copy = box.querySelector("[data-share-copy]");
    if (copy && navigator.clipboard && window.isSecureContext) {
      copy.addEventListener("click", function (event) {
        event.preventDefault();
        navigator.clipboard.writeText(url).then(function () {
          status.textContent = box.dataset.shareCopied;
        }, function () {
          window.location.href = url;
        });
      });
    }
  });
})();
