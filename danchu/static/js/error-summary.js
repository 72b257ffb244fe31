// Error summary (docs/forms.md): a link to a field moves the focus into that field, with its
// label in view, as GOV.UK's does. Without this script the link still scrolls to the field.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest(".error-summary a[href^='#']");
  var field = link && document.getElementById(link.getAttribute("href").slice(1));
  if (!field) return;
  event.preventDefault();
  var label = document.querySelector("label[for='" + field.id + "']");
  (field.closest("fieldset") || label || field).scrollIntoView();
  field.focus({ preventScroll: true });
});
