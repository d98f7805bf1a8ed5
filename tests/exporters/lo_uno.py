"""Drive LibreOffice through UNO: accept or reject every tracked change, list them, save.

Run by a Python that can ``import uno`` (Debian's python3 with python3-uno), not by the test
interpreter:

    python3 lo_uno.py SOFFICE PROFILE_DIR JOBS.json RESULT.json

JOBS.json is a list of ``{"src": path, "mode": "accept"|"reject"|"keep", "out": path,
"filter": "Text (encoded)"|"MS Word 2007 XML"|...}``. Every document is opened hidden; its
tracked changes (type and author, as LibreOffice read them) are recorded before the mode is
applied; then it is saved to ``out`` with ``filter``. RESULT.json gets, per job, the list of
changes. One LibreOffice process serves every job.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]

COMMANDS = {"accept": ".uno:AcceptAllTrackedChanges", "reject": ".uno:RejectAllTrackedChanges"}


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe, deadline):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def changes(doc):
    found = []
    redlines = doc.getRedlines().createEnumeration()
    while redlines.hasMoreElements():
        redline = redlines.nextElement()
        found.append([redline.getPropertyValue("RedlineType"),
                      redline.getPropertyValue("RedlineAuthor")])
    return found


def main(soffice, profile, jobs_path, result_path):
    with open(jobs_path, encoding="utf-8") as stream:
        jobs = json.load(stream)
    pipe = f"consolidate_tests_{os.getpid()}"
    process = subprocess.Popen(
        [soffice, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
         "--nolockcheck", "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
         f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results = []
    try:
        ctx = connect(pipe, time.monotonic() + 90)
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        for job in jobs:
            url = uno.systemPathToFileUrl(os.path.abspath(job["src"]))
            doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
            if doc is None:
                raise SystemExit(f"LibreOffice could not open {job['src']}")
            seen = changes(doc)
            if job["mode"] in COMMANDS:
                frame = doc.getCurrentController().getFrame()
                dispatcher.executeDispatch(frame, COMMANDS[job["mode"]], "", 0, ())
            options = [prop("FilterName", job["filter"])]
            if job["filter"].startswith("Text"):
                options.append(prop("FilterOptions", "UTF8,LF,,,"))
            doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(job["out"])),
                           tuple(options))
            doc.close(True)
            results.append({"src": job["src"], "changes": seen})
        try:
            desktop.terminate()
        except Exception:  # the bridge goes down with the process
            pass
    finally:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    with open(result_path, "w", encoding="utf-8") as stream:
        json.dump(results, stream)


if __name__ == "__main__":
    main(*sys.argv[1:5])
