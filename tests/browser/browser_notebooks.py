"""Every notebook in JupyterLab, in a real browser: run it, then move every explorer.

    make test-browser        (= python -m pytest tests/browser/browser_notebooks.py -v)

The file name does not match pytest's ``test_*.py``, so ``pytest tests`` never collects
it; ``make test-browser`` names it. It needs Debian's Chromium at /usr/bin/chromium
(``apt-get install chromium``); Playwright drives that browser and never downloads one.

JupyterLab runs on a free port on 127.0.0.1, on a copy of notebooks/ in a temporary
folder (so Run All never saves into the course), with its own settings: no autosave,
every cell in the page (no windowing), no news. For every notebook the test

1. opens it, runs Run All and waits until every code cell has run and the kernel is idle;
2. fails on an error output, on stderr, on "Error displaying widget" or "Model not
   found", and on any console error or warning of the page (a lab extension built for
   another JupyterLab logs "Unsatisfied version" here);
3. moves every control of every explorer (a widget area with sliders or toggle buttons
   and a figure image) to both ends: a slider by Home and End on its focused handle, a
   toggle by its first and last button, and requires the figure's pixels to change;
4. saves a screenshot to build/screenshots/<notebook>.png.

Every wait is a condition with a generous limit (the machine may be loaded); no sleep
is an assertion. The whole run has a time budget (BUDGET_SECONDS).
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM = "/usr/bin/chromium"

BUDGET_SECONDS = 40 * 60  # all notebooks together; CI's limit is 90 min for everything
RUN_ALL_MS = 15 * 60 * 1000  # one notebook's Run All, on a loaded machine
MOVE_MS = 120 * 1000  # one control move until the new figure arrives
START_SECONDS = 180  # JupyterLab's server until it answers

SETTINGS = {  # JupyterLab user settings for the test's server
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
}

# Widget areas: one output area per explorer, with its controls and its figure image
# (an ipywidgets.Image, or an <img> inside an Output widget for ipywidgets.interactive).
EXPLORERS_JS = """
() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output')]
    .filter(o => o.querySelector('.jupyter-widgets')
                 && o.querySelector('.widget-slider, .widget-hslider, .widget-toggle-buttons'))
    .map((o, i) => { o.setAttribute('data-browser-test', 'explorer-' + i); return i; })
"""

RUN_DONE_JS = """
() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return false;
  const cells = [...panel.querySelectorAll('.jp-CodeCell')]
      .filter(c => (c.querySelector('.cm-content') || {textContent: ''}).textContent.trim());
  if (!cells.length) return false;
  const prompts = cells.map(c => (c.querySelector('.jp-InputPrompt') || {textContent: ''}).textContent);
  const status = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  return prompts.every(t => /\\[\\d+\\]/.test(t))
      && (!status || status.getAttribute('data-status') === 'idle');
}
"""

# A digest of the pixels' source (blob or data URL) of the last <img> in a widget area.
IMAGE_DIGEST_JS = """
async (area) => {
  const imgs = area.querySelectorAll('img');
  const img = imgs[imgs.length - 1];
  if (!img || !img.src || !img.complete || !img.naturalWidth) return null;
  try {
    const bytes = await (await fetch(img.src)).arrayBuffer();
    const digest = await crypto.subtle.digest('SHA-256', bytes);
    return [...new Uint8Array(digest)].map(b => b.toString(16).padStart(2, '0')).join('');
  } catch (e) { return null; }
}
"""

BAD_TEXT = ("Error displaying widget", "Model not found")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api(base, token, path, method="GET"):
    request = urllib.request.Request(f"{base}{path}", method=method,
                                     headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
    return json.loads(body) if body else None


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on 127.0.0.1:<free port>, serving a copy of notebooks/."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (make test-browser needs it)")
    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "course"
    shutil.copytree(ROOT / "notebooks", root / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    settings = tmp / "settings"
    for name, values in SETTINGS.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(json.dumps(values))
    port, token = free_port(), os.urandom(16).hex()
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp / "config"),
               JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), JUPYTER_DATA_DIR=str(tmp / "data"))
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
           f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={tmp / 'ws'}",
           "--ServerApp.allow_root=True"]
    log = open(tmp / "lab.log", "w")
    server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_SECONDS
    while True:
        if server.poll() is not None:
            pytest.fail(f"JupyterLab exited {server.returncode}:\n{(tmp / 'lab.log').read_text()[-3000:]}")
        try:
            api(base, token, "/api/status")
            break
        except OSError:
            if time.monotonic() > deadline:
                server.terminate()
                pytest.fail(f"JupyterLab did not answer within {START_SECONDS}s")
            time.sleep(0.5)  # polling the server, not an assertion
    yield {"base": base, "token": token, "deadline": time.monotonic() + BUDGET_SECONDS}
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield chromium
        chromium.close()


def shut_down_kernels(lab):
    for session in api(lab["base"], lab["token"], "/api/sessions"):
        api(lab["base"], lab["token"], f"/api/sessions/{session['id']}", method="DELETE")


KERNEL_READY_JS = """
() => {
  if (document.querySelector('.jp-Dialog')) return 'dialog';
  const items = [...document.querySelectorAll('.jp-StatusBar-TextItem')].map(e => e.textContent);
  return items.some(t => / \\| Idle$/.test(t) && !t.startsWith('No Kernel')) ? 'ready' : null;
}
"""


def wait_for_kernel(page):
    """Until the notebook's kernel is idle; accept a "Select Kernel" dialog (its default)."""
    deadline = time.monotonic() + START_SECONDS
    while True:
        state = page.wait_for_function(KERNEL_READY_JS, timeout=START_SECONDS * 1000,
                                       polling=250).json_value()
        if state == "ready":
            return
        page.locator(".jp-Dialog .jp-mod-accept").click()
        page.wait_for_selector(".jp-Dialog", state="detached", timeout=30_000)
        assert time.monotonic() < deadline, "the kernel did not start"


def menu(page, title, command):
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{title}$")).click()
    page.locator(f'.lm-Menu-item[data-command="{command}"]').click()


def run_all(page):
    """Clear the committed outputs (their prompts would look like a finished run), Run All."""
    menu(page, "Edit", "editmenu:clear-all")
    page.wait_for_function("() => !document.querySelector("
                           "'.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output')",
                           timeout=30_000)
    menu(page, "Run", "runmenu:run-all")


def digest(page, area):
    return page.evaluate(f"async (area) => ({IMAGE_DIGEST_JS})(area)", area.element_handle())


def wait_for_image(page, area, before, what):
    """Poll until the area shows a figure other than ``before``; return its digest."""
    deadline = time.monotonic() + MOVE_MS / 1000
    while True:
        now = digest(page, area)
        if now and now != before:
            return now
        assert time.monotonic() < deadline, f"{what}: no new figure within {MOVE_MS // 1000}s"
        page.wait_for_timeout(250)  # polling interval, not an assertion


def move_slider(page, area, slider, label):
    """End and Home on the slider's handle, each a new figure; then back to its value.

    Going back (typed into the readout) keeps the next slider's ends meaningful: with
    three weights left at 0, the fourth would draw the same figure at both ends.
    """
    handle = slider.locator(".noUi-handle").first
    readout = slider.locator(".widget-readout").first
    start = readout.inner_text()
    seen = {}
    for key in ("End", "Home"):
        before, value = digest(page, area), readout.inner_text()
        handle.focus()
        page.keyboard.press(key)
        if readout.inner_text() == value:  # already at that end: nothing to redraw
            seen[key] = before
            continue
        seen[key] = wait_for_image(page, area, before, f"{label} {key}")
    assert seen["End"] != seen["Home"], f"{label}: the figure is the same at both ends"
    if readout.inner_text() != start:
        readout.click()
        page.keyboard.press("Control+A")
        page.keyboard.type(start.replace("\u2212", "-"))  # the readout shows a true minus
        page.keyboard.press("Enter")
        wait_for_image(page, area, seen["Home"], f"{label} back to {start}")


def move_toggles(page, area, toggles, label):
    """The last and the first option, each a new figure; then back to the one it had."""
    buttons = toggles.locator("button")
    if buttons.count() < 2:
        return
    classes = buttons.evaluate_all("bs => bs.map(b => b.className)")
    active = [k for k, c in enumerate(classes) if "mod-active" in c.split()]
    start = buttons.nth(active[0]) if active else None  # a fixed button, not "the active one"
    seen = {}
    for name, button in (("last", buttons.last), ("first", buttons.first)):
        before = digest(page, area)
        already = "mod-active" in (button.get_attribute("class") or "")
        button.click()
        seen[name] = before if already else wait_for_image(page, area, before, f"{label} {name}")
    assert seen["last"] != seen["first"], f"{label}: the figure is the same for both ends"
    if start is not None and "mod-active" not in (start.get_attribute("class") or ""):
        start.click()
        wait_for_image(page, area, seen["first"], f"{label} back")


def text_problems(page):
    """Error outputs, stderr, and widget failures in the outputs (the prose may name them)."""
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    problems = []
    outputs = panel.locator(".jp-OutputArea-output")
    for i in range(outputs.count()):
        text = outputs.nth(i).inner_text()
        problems += [f"an output shows {bad!r}: {text[:300]}" for bad in BAD_TEXT if bad in text]
    for mime, what in (("application/vnd.jupyter.error", "an error output"),
                       ("application/vnd.jupyter.stderr", "output on stderr")):
        outputs = panel.locator(f'.jp-OutputArea-output[data-mime-type="{mime}"]')
        problems += [f"{what}: {outputs.nth(i).inner_text()[:500]}" for i in range(outputs.count())]
    return problems


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[nb.stem for nb in NOTEBOOKS])
def test_notebook_in_browser(lab, browser, notebook):
    if time.monotonic() > lab["deadline"]:
        pytest.fail(f"the browser test's budget of {BUDGET_SECONDS}s is spent")
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    console = []
    page.on("console", lambda m: console.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: console.append(f"page error: {e}"))
    try:
        page.goto(f"{lab['base']}/lab/tree/notebooks/{notebook.name}?reset&token={lab['token']}",
                  timeout=START_SECONDS * 1000)
        page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell",
                               timeout=START_SECONDS * 1000)
        wait_for_kernel(page)
        run_all(page)
        page.wait_for_function(RUN_DONE_JS, timeout=RUN_ALL_MS, polling=500)

        explorers = page.evaluate(EXPLORERS_JS)
        for i in explorers:
            area = page.locator(f'[data-browser-test="explorer-{i}"]')
            wait_for_image(page, area, None, f"explorer {i}: its first figure")
            sliders = area.locator(".widget-slider, .widget-hslider")
            for k in range(sliders.count()):
                move_slider(page, area, sliders.nth(k), f"explorer {i}, slider {k}")
            toggles = area.locator(".widget-toggle-buttons")
            for k in range(toggles.count()):
                move_toggles(page, area, toggles.nth(k), f"explorer {i}, toggles {k}")
            assert "Traceback" not in area.inner_text(), f"explorer {i}: {area.inner_text()[:500]}"

        problems = text_problems(page)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{notebook.stem}.png"))
        problems += console
        assert not problems, f"{notebook.name}:\n" + "\n".join(problems)
        print(f"{notebook.name}: {len(explorers)} explorers moved, no error")
    finally:
        context.close()
        shut_down_kernels(lab)
