// "Cite: AMA APA Vancouver" on a profile: copy the citation instead of opening it, where the browser can.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a.copy-citation");
  if (!link || !navigator.clipboard || !window.fetch) return;
  event.preventDefault();
  fetch(link.href)
    .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
    .then((text) => navigator.clipboard.writeText(text))
    .then(() => {
      const label = link.dataset.label || link.textContent;
      link.dataset.label = label;
      link.textContent = `${label} ✓ ${link.dataset.copied}`;
      setTimeout(() => { link.textContent = label; }, 2000);
    })
    .catch(() => { window.location.href = link.href; });
});
