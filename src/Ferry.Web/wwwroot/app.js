// Ferry's page: plain JavaScript over the JSON API in Ferry.Web/Api. No build step.
"use strict";

const $ = (id) => document.getElementById(id);

// The access token comes in the address's fragment (#token=…), which the browser never sends to any
// server. It is kept in this tab's session storage, which only this origin (this port) can read, and
// sent with every API request in a header: no cookie, which the browser would hand to every port.
const token = (() => {
  const match = /^#token=([A-Za-z0-9_-]+)$/.exec(location.hash);
  if (match) {
    sessionStorage.setItem("ferry-token", match[1]);
    history.replaceState(null, "", location.pathname);
  }
  return sessionStorage.getItem("ferry-token") || "";
})();
const state = { settings: null, apps: [], page: 1, pageSize: 10, host: "", snapshots: [], selected: new Set(), awaitBackup: 0, awaitOperation: 0, pollTimer: 0 };

// ---- the API -------------------------------------------------------------------------------

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: method === "GET" ? { "X-Ferry-Token": token } : { "Content-Type": "application/json", "X-Ferry-Token": token },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "omit",
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = new Error(data && data.error ? data.error : `${response.status} ${response.statusText}`);
    error.field = data && data.field;
    error.problems = data && data.problems;
    throw error;
  }
  return data;
}

// ---- numbers as people read them -----------------------------------------------------------

function bytes(n) {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = n, unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return unit === 0 ? `${n} B` : `${value.toFixed(1)} ${units[unit]}`;
}
const count = (n) => n.toLocaleString("en-US");
const when = (iso) => iso ? new Date(iso).toLocaleString() : "";
function duration(seconds) {
  seconds = Math.round(seconds);
  const h = Math.floor(seconds / 3600), m = Math.floor(seconds % 3600 / 60), s = seconds % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}` : `${m}:${String(s).padStart(2, "0")}`;
}
function relative(iso) {
  const seconds = (new Date(iso) - Date.now()) / 1000;
  const abs = Math.abs(seconds);
  const text = abs < 60 ? "less than a minute" : abs < 3600 ? `${Math.round(abs / 60)} min` : abs < 86400 ? `${(abs / 3600).toFixed(1)} h` : `${(abs / 86400).toFixed(1)} days`;
  return seconds >= 0 ? `in ${text}` : `${text} ago`;
}
function minutesLabel(m) {
  if (m === 0) return "Off";
  if (m < 60) return `Every ${m} minute${m === 1 ? "" : "s"}`;
  const h = m / 60;
  return h === 24 ? "Every day" : `Every ${h} hour${h === 1 ? "" : "s"}`;
}

// ---- settings: the server checks them (the engine's SettingsValidator) and names each bad field --

const fields = ["endpoint", "region", "bucket", "accessKeyId", "secretAccessKey", "root", "addressing", "password", "host", "app", "sourceFolder", "autoBackupMinutes", "maxBackups"];

function formValues() {
  const v = {};
  for (const name of fields) v[name] = $(name).value.trim();
  v.password = $("password").value; // a password is used exactly as typed
  v.autoBackupMinutes = Number(v.autoBackupMinutes);
  v.maxBackups = Number(v.maxBackups);
  v.lite = $("lite").checked;
  return v;
}

// Marks every field the server named with its message; returns how many it could mark.
function showFieldErrors(problems) {
  for (const p of document.querySelectorAll("#settings-form .error")) p.textContent = "";
  for (const input of document.querySelectorAll("#settings-form .invalid")) input.classList.remove("invalid");
  let shown = 0;
  for (const problem of problems) {
    const target = document.querySelector(`#settings-form .error[data-for="${problem.field}"]`);
    if (target && target.textContent === "") {
      target.textContent = problem.message;
      $(problem.field).classList.add("invalid");
      shown++;
    }
  }
  return shown;
}

function clearFieldError(field) {
  const target = document.querySelector(`#settings-form .error[data-for="${field}"]`);
  if (target) target.textContent = "";
  $(field).classList.remove("invalid");
}

// The server's refusal: its fields marked in red, or its message alone when it names no field here.
function refused(e, prefix) {
  const shown = showFieldErrors(e.problems || (e.field ? [{ field: e.field, message: e.message }] : []));
  return shown === 0 ? e.message : `${prefix}: fix the field${shown > 1 ? "s" : ""} marked in red.`;
}

function say(element, text, kind) {
  element.textContent = text || "";
  element.className = "message" + (kind ? " " + kind : "");
}

function fillSettings(s) {
  state.settings = s;
  for (const name of ["endpoint", "region", "bucket", "accessKeyId", "root", "addressing", "host", "sourceFolder"]) $(name).value = s[name];
  $("secretAccessKey").value = "";
  $("password").value = "";
  $("secretAccessKey").placeholder = s.secretAccessKeySet ? "•••••••• saved (leave empty to keep)" : "";
  $("host").placeholder = s.deviceName;
  $("password").placeholder = s.passwordSet ? "•••••••• saved (leave empty to keep)" : "the same on every device";
  $("secret-hint").textContent = s.secretAccessKeySet ? "Saved. It is never shown again; type a new one to replace it." : "";
  $("password-hint").textContent = s.passwordWeakness ? `Saved, but too weak for a new repository: ${s.passwordWeakness} (an existing one opens with the password it was made with).`
    : s.passwordSet ? "Saved. Without it the backups cannot be read: keep it somewhere safe." : "Choose a long passphrase and keep it: without it the backups cannot be read.";
  fillChoices($("autoBackupMinutes"), s.choices.intervals, minutesLabel, s.autoBackupMinutes);
  fillChoices($("maxBackups"), s.choices.maxBackups, (n) => n === 0 ? "Unlimited" : String(n), s.maxBackups);
  $("lite").checked = s.lite;
  fillApps(s.app);
  $("location").textContent = `Backups go to ${s.location}`;
  $("overrides").hidden = s.overrides.length === 0;
  $("overrides").textContent = s.overrides.join("; ");
}

function fillChoices(select, values, label, current) {
  select.replaceChildren(...values.map((v) => new Option(label(v), String(v), false, v === current)));
}

async function loadSettings() {
  fillSettings(await api("GET", "/api/settings"));
}

// ---- the app presets: choosing one fills the folder with its data folder here ------------------

async function loadApps() {
  try {
    state.apps = await api("GET", "/api/apps");
  } catch (e) {
    // A broken preset file of the user's: the page still works with "Other folder".
    state.apps = [];
    state.appsError = e.message;
  }
  fillApps(state.settings ? state.settings.app : "");
}

function fillApps(current) {
  const options = state.apps.map((a) => {
    const option = new Option(a.displayName, a.name);
    option.title = a.description;
    return option;
  });
  // A saved choice whose preset is gone stays visible, so saving does not drop it silently.
  if (current && !state.apps.some((a) => a.name === current)) options.push(new Option(`${current} (no such preset here)`, current));
  $("app").replaceChildren(new Option("Other folder", ""), ...options);
  $("app").value = current || "";
  describeApp();
}

function chooseApp() {
  const app = state.apps.find((a) => a.name === $("app").value);
  if (app && app.dataFolder) $("sourceFolder").value = app.dataFolder;
  describeApp();
}

function describeApp() {
  const hint = $("app-hint");
  const app = state.apps.find((a) => a.name === $("app").value);
  const skips = app && app.liteExcludes.length ? ` Lightweight backup also skips ${app.liteExcludes.map((p) => p.replace(/^\//, "")).join(", ")}.` : "";
  if (!app) {
    hint.textContent = state.appsError ? `App presets could not be read: ${state.appsError}` : "A folder of a known app (by place or name) follows that app's rules.";
    return;
  }
  if (!app.dataFolder) {
    hint.textContent = `Name the app's data folder. Its caches, logs and lock files are skipped.${skips}`;
    return;
  }
  const missing = document.createElement("span");
  missing.className = "missing";
  missing.textContent = app.found ? "" : " (not found: is the app installed and started once?)";
  hint.replaceChildren(`${app.displayName} keeps its data in ${app.dataFolder}`, missing, `. Its caches, logs and lock files are skipped.${skips}`);
}

async function saveSettings(event) {
  event.preventDefault();
  try {
    fillSettings(await api("POST", "/api/settings", formValues()));
    showFieldErrors([]);
    say($("form-message"), "Saved.", "ok");
    refreshStatus();
  } catch (e) {
    say($("form-message"), refused(e, "Not saved"), "bad");
  }
}

async function testConnection() {
  const list = $("test-steps");
  list.hidden = true;
  showFieldErrors([]);
  say($("form-message"), "Testing…");
  $("test").disabled = true;
  try {
    const report = await api("POST", "/api/test-connection", formValues());
    list.replaceChildren(...report.steps.map((step) => {
      const li = document.createElement("li");
      li.className = step.ok ? "ok" : "bad";
      li.textContent = step.ok ? step.name : `${step.name} failed`;
      if (step.error) {
        const why = document.createElement("span");
        why.className = "why";
        why.textContent = step.error;
        li.append(why);
      }
      return li;
    }));
    list.hidden = false;
    say($("form-message"), report.ok ? "Connection works." : "Connection failed: see the step marked ✗.", report.ok ? "ok" : "bad");
  } catch (e) {
    say($("form-message"), refused(e, "Not tested"), "bad");
  } finally {
    $("test").disabled = false;
  }
}

// ---- backup now, progress and the sync status ----------------------------------------------

async function backupNow() {
  say($("backup-message"), "");
  try {
    const start = await api("POST", "/api/backup");
    state.awaitBackup = start.awaitFinished;
    if (start.message) say($("backup-message"), start.message);
    refreshStatus();
  } catch (e) {
    say($("backup-message"), e.message, "bad");
  }
}

function renderProgress(fill, text, p, prefix) {
  const known = p.totalsKnown && p.bytesTotal > 0;
  fill.classList.toggle("indeterminate", !known);
  fill.style.width = known ? `${Math.min(100, 100 * p.bytesDone / p.bytesTotal).toFixed(1)}%` : "";
  const files = p.filesTotal > 0 ? `${count(p.filesDone)} / ${count(p.filesTotal)} files` : `${count(p.filesDone)} files`;
  const size = p.bytesTotal > 0 ? `${bytes(p.bytesDone)} / ${bytes(p.bytesTotal)}` : bytes(p.bytesDone);
  const parts = [prefix, files, size];
  if (p.bytesPerSecond > 0) parts.push(`${bytes(p.bytesPerSecond)}/s`);
  if (p.etaSeconds !== null && p.etaSeconds !== undefined) parts.push(`ETA ${duration(p.etaSeconds)}`);
  text.textContent = parts.filter(Boolean).join(" · ");
}

function renderBackup(status) {
  const b = status.backup;
  $("backup-progress").hidden = !b;
  $("backup-cancel").hidden = !b;
  $("backup-now").disabled = !!b;
  if (b) {
    $("backup-cancel").disabled = b.cancelRequested;
    renderProgress($("backup-fill"), $("backup-text"), b.progress, `${b.trigger === "scheduled" ? "Automatic backup" : "Backup"}: ${b.stage}`);
  }
  const f = status.finished;
  if (state.lastFinished !== undefined && f.count > state.lastFinished && !state.awaitBackup) {
    // An automatic backup (or one started in another tab) ended: show it in the list and the chart.
    loadChart();
    if (!$("manage-view").hidden) loadSnapshots();
  }
  state.lastFinished = f.count;
  if (!b && state.awaitBackup && f.count >= state.awaitBackup) {
    state.awaitBackup = 0;
    if (f.outcome === "succeeded") say($("backup-message"), `Backup ${f.snapshotId.slice(0, 8)} stored.`, "ok");
    else if (f.outcome === "canceled") say($("backup-message"), "Backup canceled: nothing half-done was kept.");
    else say($("backup-message"), `Backup failed: ${f.error}`, "bad");
    loadChart();
    loadSnapshots();
  }
}

function renderSchedule(s) {
  $("last-backup").textContent = s.lastSuccess ? `${when(s.lastSuccess)} (${relative(s.lastSuccess)}), ${s.lastSnapshotId.slice(0, 8)}` : "never";
  $("next-backup").textContent = s.nextDue ? `${when(s.nextDue)} (${relative(s.nextDue)})` : (s.intervalMinutes > 0 ? "not scheduled" : "off");
  const error = $("last-error");
  error.textContent = s.lastError ? `${s.lastError}${s.lastErrorTime ? ` (${when(s.lastErrorTime)})` : ""}${s.consecutiveFailures > 1 ? `, ${s.consecutiveFailures} failures in a row` : ""}` : "none";
  error.className = s.lastError ? "bad" : "";
  const maintenance = $("last-maintenance");
  maintenance.textContent = s.lastMaintenance ? `${s.lastMaintenance} (${when(s.lastMaintenanceTime)})` : "not run yet";
  maintenance.className = s.maintenanceProblem ? "bad" : "";
}

// The bucket's size and where it goes; measured when Manage opens and after each delete.
async function loadStorage() {
  try {
    const s = await api("GET", "/api/storage");
    if (!s) { $("storage").textContent = ""; return; }
    const devices = s.devices.map((d) => `${d.host} ${bytes(d.bytes)} (${bytes(d.onlyThisDevice)} its own)`).join(", ");
    const upkeep = s.maintenanceOn
      ? `maintenance removes it once it passes ${bytes(s.triggerBytes)}${s.maintenanceOwner ? `, done by ${s.maintenanceOwner}` : ""}`
      : "automatic maintenance is off";
    $("storage").textContent = `Bucket: ${bytes(s.repositoryBytes)}. Devices: ${devices || "none"}; shared ${bytes(s.sharedBytes)}. Unused: ${bytes(s.reclaimableBytes)}; ${upkeep}.`;
  } catch (e) {
    $("storage").textContent = `Storage could not be measured: ${e.message}`;
  }
}

// A restore's names the disk cannot hold (and the offer to restore them under safe names), or the renames it made.
function renderNames(op) {
  const names = op.names;
  const lines = !names ? [] : names.conflicts.length > 0
    ? names.conflicts.map((n) => `${n.path}: ${n.detail}`)
    : names.renames.map((n) => `${n.path} → ${n.detail}`);
  if (names && names.total > lines.length) lines.push(`… and ${count(names.total - lines.length)} more`);
  $("operation-names").replaceChildren(...lines.map((line) => { const li = document.createElement("li"); li.textContent = line; return li; }));
  $("operation-names").hidden = lines.length === 0;
  $("operation-rename").hidden = !(op.state === "failed" && names && names.renamable && lastRestore);
}

function renderOperation(op) {
  $("operation").hidden = !op;
  if (!op) return;
  $("operation-title").textContent = op.title;
  $("operation-cancel").hidden = op.state !== "running";
  renderNames(op);
  if (op.state === "running") {
    renderProgress($("operation-fill"), $("operation-text"), op.progress, "");
  } else {
    $("operation-fill").classList.remove("indeterminate");
    $("operation-fill").style.width = op.state === "succeeded" ? "100%" : $("operation-fill").style.width;
    $("operation-text").textContent = op.state === "succeeded" ? op.message : `${op.state === "canceled" ? "Canceled" : "Failed"}: ${op.error}`;
    if (state.awaitOperation === op.id) {
      state.awaitOperation = 0;
      loadSnapshots();
      loadStorage();
      loadChart();
    }
  }
}

async function refreshStatus() {
  clearTimeout(state.pollTimer);
  let busy = false;
  try {
    const status = await api("GET", "/api/status");
    renderBackup(status);
    renderSchedule(status.schedule);
    renderOperation(status.operation);
    busy = !!status.backup || (status.operation && status.operation.state === "running") || state.awaitBackup > 0;
  } catch (e) {
    say($("backup-message"), `Cannot reach ferry ui: ${e.message}`, "bad");
  }
  state.pollTimer = setTimeout(refreshStatus, busy ? 400 : 3000);
}

// ---- the chart of backup sizes ---------------------------------------------------------------

async function loadChart() {
  try {
    const host = state.settings ? state.settings.deviceName : "";
    const page = await api("GET", `/api/snapshots?host=${encodeURIComponent(host)}&pageSize=1`);
    drawChart(page.chart);
  } catch {
    // The Manage tab shows the error; the chart just stays as it was.
  }
}

function drawChart(points) {
  const chart = $("chart");
  if (points.length === 0) {
    chart.innerHTML = '<p class="muted">No backups of this device yet.</p>';
    return;
  }
  const ns = "http://www.w3.org/2000/svg";
  const width = 400, height = 150, left = 44, bottom = 18, top = 6;
  const max = Math.max(...points.map((p) => p.bytes), 1);
  const slot = (width - left) / points.length;
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `Sizes of the last ${points.length} backups`);
  const add = (name, attrs, text) => {
    const el = document.createElementNS(ns, name);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    if (text !== undefined) el.textContent = text;
    svg.append(el);
    return el;
  };
  add("text", { x: 0, y: top + 8 }, bytes(max));
  add("text", { x: 0, y: height - bottom }, "0");
  points.forEach((p, i) => {
    const h = (height - bottom - top) * p.bytes / max;
    const added = Math.max(p.added > 0 ? 1 : 0, (height - bottom - top) * Math.min(p.added, p.bytes) / max);
    const w = Math.max(1, Math.min(slot * 0.7, 24)), x = left + i * slot + (slot - w) / 2;
    const bar = add("rect", { class: "bar-size", x, y: height - bottom - h, width: w, height: h });
    add("rect", { class: "bar-added", x, y: height - bottom - added, width: w, height: added });
    const title = document.createElementNS(ns, "title");
    title.textContent = `${when(p.time)}: ${bytes(p.bytes)}, added ${bytes(p.added)}`;
    bar.append(title);
  });
  add("text", { x: left, y: height - 4 }, new Date(points[0].time).toLocaleDateString());
  add("text", { x: width, y: height - 4, "text-anchor": "end" }, new Date(points[points.length - 1].time).toLocaleDateString());
  const legend = document.createElement("div");
  legend.className = "legend";
  legend.innerHTML = '<i class="size"></i>size<i class="added"></i>newly stored';
  chart.replaceChildren(svg, legend);
}

// ---- Manage: the list, restore and delete ----------------------------------------------------

let listRequests = 0;
async function loadSnapshots() {
  $("refresh").disabled = true;
  // Only the newest request may render: an older answer (say, from before the device filter
  // changed) arriving late must not overwrite it.
  const request = ++listRequests;
  try {
    const page = await api("GET", `/api/snapshots?host=${encodeURIComponent(state.host)}&page=${state.page}&pageSize=${state.pageSize}`);
    if (request !== listRequests) return;
    state.page = page.page;
    state.snapshots = page.items;
    state.selected = new Set([...state.selected].filter((id) => page.items.some((s) => s.id === id)));
    const filter = $("host-filter");
    filter.replaceChildren(new Option("All devices", ""), ...page.hosts.map((h) => new Option(h, h, false, h === state.host)));
    renderTable();
    const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
    $("page-info").textContent = `Page ${page.page} of ${pages} · ${count(page.total)} backups`;
    $("prev").disabled = page.page <= 1;
    $("next").disabled = page.page >= pages;
    $("empty").hidden = page.items.length > 0;
    $("empty").textContent = page.initialized ? "No backups here yet." : `No repository at ${page.location} yet: the first backup creates it.`;
    say($("manage-message"), page.damaged.length ? `${page.damaged.length} backup objects could not be read: ${page.damaged[0]}` : "", page.damaged.length ? "bad" : "");
  } catch (e) {
    if (request !== listRequests) return;
    state.snapshots = [];
    renderTable();
    say($("manage-message"), e.message, "bad");
  } finally {
    if (request === listRequests) $("refresh").disabled = false;
  }
}

// A list that comes back the same keeps its rows: replacing them between a click's press and its
// release (the list reloads when Manage opens and after each backup) would lose the click.
let renderedTable = "";
function renderTable() {
  const signature = JSON.stringify([state.snapshots, [...state.selected]]);
  if (signature === renderedTable) { updateSelection(); return; }
  renderedTable = signature;
  const rows = state.snapshots.map((s) => {
    const tr = document.createElement("tr");
    tr.dataset.id = s.id;
    const cell = (text, cls) => { const td = document.createElement("td"); td.textContent = text; if (cls) td.className = cls; tr.append(td); return td; };
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = state.selected.has(s.id);
    box.setAttribute("aria-label", `Select backup ${s.shortId}`);
    box.addEventListener("change", () => { box.checked ? state.selected.add(s.id) : state.selected.delete(s.id); updateSelection(); });
    cell("").append(box);
    cell(when(s.time));
    cell(s.host);
    cell(s.os);
    cell(s.app || "");
    cell(bytes(s.bytes), "num");
    cell(count(s.files), "num");
    cell(bytes(s.added), "num");
    const code = document.createElement("code");
    code.textContent = s.shortId;
    code.title = s.paths.join("\n");
    cell("").append(code);
    const actions = document.createElement("div");
    actions.className = "actions";
    const restore = document.createElement("button");
    restore.type = "button";
    restore.textContent = "Restore";
    restore.addEventListener("click", () => openRestore(s));
    const del = document.createElement("button");
    del.type = "button";
    del.className = "danger";
    del.textContent = "Delete";
    del.addEventListener("click", () => openDelete([s]));
    actions.append(restore, del);
    cell("").append(actions);
    return tr;
  });
  document.querySelector("#snapshots tbody").replaceChildren(...rows);
  updateSelection();
}

function updateSelection() {
  const n = state.selected.size;
  $("delete-selected").disabled = n === 0;
  $("delete-selected").textContent = n > 0 ? `Delete selected (${n})` : "Delete selected";
  $("select-all").checked = n > 0 && n === state.snapshots.length;
}

let restoring = null;
function openRestore(s) {
  restoring = s;
  $("restore-id").textContent = s.shortId;
  $("restore-about").textContent = `${s.host} (${s.os}), ${when(s.time)}: ${count(s.files)} files, ${bytes(s.bytes)}`;
  const source = state.settings.sourceFolder;
  $("restore-source").textContent = source || "(no folder configured)";
  $("mode-replace").disabled = source === "";
  $("mode-folder").checked = true;
  $("restore-target").value = "";
  $("restore-error").textContent = "";
  $("restore-dialog").showModal();
}

let lastRestore = null;
async function startRestore(request) {
  const started = await api("POST", "/api/restore", request);
  lastRestore = request;
  state.awaitOperation = started.id;
  refreshStatus();
}

async function confirmRestore() {
  const mode = $("mode-replace").checked ? "replace" : "folder";
  const target = $("restore-target").value.trim();
  if (mode === "folder" && target === "") { $("restore-error").textContent = "Give the full path of a new or empty folder."; return; }
  try {
    await startRestore({ id: restoring.id, mode, target: mode === "folder" ? target : null, renameUnsafe: false });
    $("restore-dialog").close();
  } catch (e) {
    $("restore-error").textContent = e.message;
  }
}

// The same restore again, names the disk cannot hold getting safe ones.
async function restoreWithSafeNames() {
  try {
    await startRestore({ ...lastRestore, renameUnsafe: true });
  } catch (e) {
    say($("manage-message"), e.message, "bad");
  }
}

let deleting = [];
function openDelete(snapshots) {
  deleting = snapshots;
  $("delete-title").textContent = snapshots.length === 1 ? `Delete backup ${snapshots[0].shortId}?` : `Delete ${snapshots.length} backups?`;
  $("delete-text").textContent = snapshots.map((s) => `${s.shortId} (${s.host}, ${when(s.time)})`).join(", ");
  $("delete-dialog").showModal();
}

async function confirmDelete() {
  try {
    const started = await api("POST", "/api/snapshots/delete", { ids: deleting.map((s) => s.id) });
    state.awaitOperation = started.id;
    deleting.forEach((s) => state.selected.delete(s.id));
    refreshStatus();
  } catch (e) {
    say($("manage-message"), e.message, "bad");
  }
  $("delete-dialog").close();
}

// ---- tabs and wiring -------------------------------------------------------------------------

function showTab(name) {
  for (const tab of ["settings", "manage"]) {
    $(`tab-${tab}`).setAttribute("aria-selected", String(tab === name));
    $(`${tab}-view`).hidden = tab !== name;
  }
  if (location.hash !== `#${name}`) history.replaceState(null, "", `#${name}`);
  if (name === "manage") { loadSnapshots(); loadStorage(); }
}

function wire() {
  $("tab-settings").addEventListener("click", () => showTab("settings"));
  $("tab-manage").addEventListener("click", () => showTab("manage"));
  $("settings-form").addEventListener("submit", saveSettings);
  $("test").addEventListener("click", testConnection);
  $("app").addEventListener("change", chooseApp);
  // A field being changed loses its red mark; the next save or test checks it again.
  for (const name of fields) $(name).addEventListener("input", () => clearFieldError(name));
  $("backup-now").addEventListener("click", backupNow);
  $("backup-cancel").addEventListener("click", () => api("POST", "/api/backup/cancel").then(refreshStatus));
  $("operation-cancel").addEventListener("click", () => api("POST", "/api/operation/cancel").then(refreshStatus));
  $("operation-rename").addEventListener("click", restoreWithSafeNames);
  $("refresh").addEventListener("click", loadSnapshots);
  $("host-filter").addEventListener("change", () => { state.host = $("host-filter").value; state.page = 1; loadSnapshots(); });
  $("prev").addEventListener("click", () => { state.page--; loadSnapshots(); });
  $("next").addEventListener("click", () => { state.page++; loadSnapshots(); });
  $("select-all").addEventListener("change", () => {
    state.selected = $("select-all").checked ? new Set(state.snapshots.map((s) => s.id)) : new Set();
    renderTable();
  });
  $("delete-selected").addEventListener("click", () => openDelete(state.snapshots.filter((s) => state.selected.has(s.id))));
  $("restore-confirm").addEventListener("click", confirmRestore);
  $("restore-cancel").addEventListener("click", () => $("restore-dialog").close());
  $("restore-target").addEventListener("focus", () => { $("mode-folder").checked = true; });
  $("delete-confirm").addEventListener("click", confirmDelete);
  $("delete-cancel").addEventListener("click", () => $("delete-dialog").close());
}

// Until the saved settings arrive the form stays disabled: what someone typed before would be
// overwritten by them, and the save would then send a half-filled form.
function formEnabled(enabled) {
  for (const control of $("settings-form").querySelectorAll("input, select, button")) control.disabled = !enabled;
}

async function start() {
  wire();
  formEnabled(false);
  try {
    await Promise.all([loadSettings(), loadApps()]);
  } catch (e) {
    say($("form-message"), e.message, "bad");
  } finally {
    formEnabled(true);
  }
  showTab(location.hash === "#manage" ? "manage" : "settings");
  refreshStatus();
  loadChart();
}

start();
