// The editable area of each rich-text editor takes its textarea's language and direction,
// so Arabic is typed, shown and spell-checked right-to-left (and screen readers switch voice).
function markLanguage(textarea, editable) {
  for (const name of ["lang", "dir"]) {
    const value = textarea.getAttribute(name);
    if (value) editable.setAttribute(name, value);
  }
  const label = textarea.id && document.querySelector(`label[for="${textarea.id}"]`);
  if (label) editable.setAttribute("aria-label", label.textContent.trim().replace(/:$/, ""));
}

function markAll() {
  for (const wrapper of document.querySelectorAll(".prose-editor")) {
    const textarea = wrapper.querySelector("textarea");
    const editable = wrapper.querySelector(".ProseMirror[contenteditable]");
    if (textarea && editable) markLanguage(textarea, editable);
  }
}

document.addEventListener("prose-editor:ready", (event) => {
  markLanguage(event.detail.textarea, event.detail.editor.view.dom);
});
markAll();
