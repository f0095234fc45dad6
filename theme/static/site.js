// Remembers the 适老化 choice between pages. The checkbox works on its own; this only keeps it.
(function () {
  var box = document.getElementById("elder-mode");
  if (!box) return;
  try {
    if (localStorage.getItem("elder-mode") === "1") box.checked = true;
    box.addEventListener("change", function () {
      localStorage.setItem("elder-mode", box.checked ? "1" : "0");
    });
  } catch (e) { /* storage disabled: the box still works on this page */ }
})();
