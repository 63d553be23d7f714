// Loads the first piece, lists the wasm files fetched, calls the split function, lists
// them again: the split module must appear only in the second list.
import init, { open_heavy } from "./spike.js";
const wasm = () => performance.getEntriesByType("resource").map((e) => e.name.split("/").pop()).filter((n) => n.endsWith(".wasm")).join(",");
try {
  await init();
  document.getElementById("before").textContent = "before: " + document.getElementById("out").textContent + " | " + wasm();
  const text = await open_heavy(60);
  document.getElementById("after").textContent = "after: " + wasm() + " | " + text;
} catch (e) {
  document.getElementById("error").textContent = "error: " + e;
}
