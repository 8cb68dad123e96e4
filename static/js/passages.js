// Highlight every piece of the passage named in the address (#p-...), not only its first piece.
(function () {
  function highlight() {
    document.querySelectorAll("mark.current").forEach(function (m) { m.classList.remove("current"); });
    var id = decodeURIComponent(location.hash.slice(1));
    if (!/^p-[0-9a-f]+$/.test(id)) { return; }
    document.querySelectorAll("mark[data-p~='" + id + "']").forEach(function (m) { m.classList.add("current"); });
  }
  window.addEventListener("hashchange", highlight);
  document.addEventListener("DOMContentLoaded", highlight);
})();
