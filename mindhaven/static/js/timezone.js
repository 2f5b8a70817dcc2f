// Pre-select the browser's time zone on forms that still show the UTC default.
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
for (const select of document.querySelectorAll("select[data-timezone-select]")) {
  const option = zone && [...select.options].find((o) => o.value === zone);
  if (option && select.value === "UTC") select.value = zone;
}
