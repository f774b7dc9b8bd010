// Redoc viewer of /api/redoc/: started from a file (the CSP forbids inline scripts).
(function () {
  "use strict";
  var container = document.getElementById("redoc-container");
  if (container && window.Redoc) {
    window.Redoc.init(container.getAttribute("data-spec-url"), { hideDownloadButton: false }, container);
  }
})();
