/* Loaded just before the Bootstrap Italia bundle (base.html).
   The bundle includes video.js, which otherwise injects a <style> element into the page:
   our Content Security Policy (style-src 'self') blocks it and logs an error on every page.
   We show no video, so its default styles are not needed. */
window.VIDEOJS_NO_DYNAMIC_STYLE = true;
