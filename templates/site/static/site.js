/* diffreport site: expand/collapse every diff; open a file's diff when its anchor is followed. */
(function () {
  "use strict";
  var button = document.querySelector(".toggle-diffs");
  var all = document.querySelectorAll("details.file-diff");
  if (button && all.length) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-pressed") !== "true";
      for (var i = 0; i < all.length; i++) { all[i].open = open; }
      button.setAttribute("aria-pressed", open ? "true" : "false");
      button.textContent = button.getAttribute(open ? "data-close" : "data-open");
    });
  }
  function openFromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) { return; }
    var heading = document.getElementById(id);
    var next = heading && heading.nextElementSibling;
    if (next && next.tagName === "DETAILS") { next.open = true; }
  }
  /* anchors scroll clear of the sticky header, however many lines it wraps to */
  var header = document.querySelector(".site-header");
  function measureHeader() {
    if (!header) { return; }
    var sticky = window.getComputedStyle(header).position === "sticky";
    document.documentElement.style.setProperty("--header-height", (sticky ? header.offsetHeight : 0) + "px");
  }
  measureHeader();
  if (window.ResizeObserver && header) { new ResizeObserver(measureHeader).observe(header); }
  window.addEventListener("resize", measureHeader);
  window.addEventListener("hashchange", openFromHash);
  openFromHash();
})();
