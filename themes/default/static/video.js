// video.js: a YouTube or Vimeo video is shown as a link to its page (the facade), so that
// reading a page asks nothing of another host. A click on the facade puts the player in its
// place, and only then is the player loaded. Without JavaScript the link opens the video's page.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".video-facade .video-link");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    var facade = link.parentNode;
    var embed = facade.getAttribute("data-embed");
    if (!embed) return;
    event.preventDefault();
    var frame = document.createElement("iframe");
    frame.src = embed;
    frame.title = facade.getAttribute("data-title") || "Video";
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    frame.allowFullscreen = true;
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    facade.replaceChild(frame, link);
    facade.classList.add("is-playing");
    frame.focus();
  });
})();
