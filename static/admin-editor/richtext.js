// The rich-text editors of the back office (django-prose-editor):
// - each editable area takes its textarea's language and direction, so Arabic is typed, shown
//   and spell-checked right-to-left (and screen readers switch voice);
// - the menu speaks the staff member's language (Django's JavaScript catalogue, /admin/jsi18n/).
const translate = window.gettext || ((text) => text);
const gettext_noop = (text) => text;

// The menu's button titles are not translated by the editor itself; these are the ones our
// configuration (hospital/editor.py) shows.
const MENU = [
  gettext_noop("paragraph"), gettext_noop("Heading 2"), gettext_noop("Heading 3"), gettext_noop("Heading 4"),
  gettext_noop("unordered list"), gettext_noop("ordered list"), gettext_noop("blockquote"), gettext_noop("bold"),
  gettext_noop("italic"), gettext_noop("insert link"), gettext_noop("remove link"), gettext_noop("Insert table"),
  gettext_noop("Add column"), gettext_noop("Delete column"), gettext_noop("Add row"), gettext_noop("Delete row"),
  gettext_noop("Delete table"), gettext_noop("Merge cells"), gettext_noop("Split cell"),
  gettext_noop("Toggle header cell"), gettext_noop("undo"), gettext_noop("redo"),
];
// Its dialogs call gettext() with these.
const DIALOGS = [
  gettext_noop("Edit Link"), gettext_noop("URL"), gettext_noop("Title"), gettext_noop("Update"), gettext_noop("Cancel"),
  gettext_noop("Insert"), gettext_noop("Insert Table"), gettext_noop("Table Properties"), gettext_noop("Rows"),
  gettext_noop("Columns"), gettext_noop("Include header row"), gettext_noop("List properties"),
  gettext_noop("List type"), gettext_noop("Start at"), gettext_noop("Bullets"), gettext_noop("Decimal numbers"),
  gettext_noop("Lowercase letters"), gettext_noop("Uppercase letters"), gettext_noop("Lowercase Roman numerals"),
  gettext_noop("Uppercase Roman numerals"),
];
const KNOWN = new Set([...MENU, ...DIALOGS]);

function translateMenu(wrapper) {
  for (const element of wrapper.querySelectorAll(".prose-menubar [title], .prose-menubar [aria-label]")) {
    for (const name of ["title", "aria-label"]) {
      const value = element.getAttribute(name);
      if (value && KNOWN.has(value) && translate(value) !== value) element.setAttribute(name, translate(value));
    }
  }
  for (const option of wrapper.querySelectorAll(".prose-menubar__option > *")) {
    const text = option.textContent.trim();
    // Only real changes: writing the same text would wake the observer again, forever.
    if (KNOWN.has(text) && translate(text) !== text) option.textContent = translate(text);
  }
}

function markLanguage(textarea, editable) {
  for (const name of ["lang", "dir"]) {
    const value = textarea.getAttribute(name);
    if (value) editable.setAttribute(name, value);
  }
  const label = textarea.id && document.querySelector(`label[for="${textarea.id}"]`);
  if (label) editable.setAttribute("aria-label", label.textContent.trim().replace(/:$/, ""));
}

function prepare(wrapper) {
  const textarea = wrapper.querySelector("textarea");
  const editable = wrapper.querySelector(".ProseMirror[contenteditable]");
  if (!textarea || !editable || wrapper.dataset.prepared) return;
  wrapper.dataset.prepared = "1";
  markLanguage(textarea, editable);
  translateMenu(wrapper);
  // The menu is built, and its block-type button redrawn, after the editor is ready.
  new MutationObserver(() => translateMenu(wrapper)).observe(wrapper, { childList: true, subtree: true });
}

document.addEventListener("prose-editor:ready", (event) => {
  const wrapper = event.detail.textarea.closest(".prose-editor");
  if (wrapper) prepare(wrapper);
});
for (const wrapper of document.querySelectorAll(".prose-editor")) prepare(wrapper);
