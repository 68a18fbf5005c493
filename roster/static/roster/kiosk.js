// The kiosk keeps the cursor in the scan field, so a hand scanner (a keyboard that types the QR code's link and
// Enter) works without anyone touching the screen.
document.addEventListener("DOMContentLoaded", () => {
  const code = document.getElementById("id_code");
  if (code) code.focus();
});
