// Buttons marked data-print open the browser's print dialog (inline handlers are refused by the CSP).
document.querySelectorAll('[data-print]').forEach(function (button) {
  button.addEventListener('click', function () { window.print(); });
});
